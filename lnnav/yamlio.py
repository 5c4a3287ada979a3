"""The only module that imports yaml: safe, strict, and located.

YAML is read as an event stream and composed here, iteratively, into small
located nodes. Doing the composition ourselves is what lets us reject anchors,
aliases and tags before anything is built, report every duplicate key with both
lines, bound nesting depth without recursion, and keep the line and column of
every value for messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from lnnav.errors import Issue
from lnnav.model import Source

try:  # libyaml's parser is several times faster; the pure one gives the same events
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 200

_TAG = "tag:yaml.org,2002:"
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class YScalar:
    value: str | int | float | bool | None
    text: str
    quoted: bool
    source: Source
    # stands in for a rejected alias or tagged value: reported once, then read as absent
    placeholder: bool = False

    @property
    def kind(self) -> str:
        return _kind_name(self.value)


@dataclass
class YMap:
    source: Source
    items: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)

    kind = "mapping"


@dataclass
class YSeq:
    source: Source
    items: list[YNode] = field(default_factory=list)

    kind = "list"


YNode = Union[YScalar, YMap, YSeq]


def _kind_name(value: object) -> str:
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def describe(node: YNode) -> str:
    """How a node reads to a person: 'a list', 'a number (12)'."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    kind = node.kind
    if kind == "string":
        return f'a string ("{node.text}")'
    if kind == "empty value":
        return "an empty value"
    return f"a {kind} ({node.text})"


def read_text(path: Path, display: str) -> tuple[str | None, list[Issue]]:
    """Read a file as UTF-8 text, or say precisely why it cannot be."""
    src = Source(display)
    try:
        if path.is_dir():
            return None, [Issue(src, "is a folder, expected a YAML file")]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Issue(src, f"file is too large ({size} bytes; the limit is {MAX_BYTES})")]
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Issue(src, "file not found")]
    except PermissionError:
        return None, [Issue(src, "cannot read file: permission denied")]
    except OSError as exc:
        return None, [Issue(src, f"cannot read file: {exc.strerror or exc}")]
    return decode(data, display)


def decode(data: bytes, display: str) -> tuple[str | None, list[Issue]]:
    """Decode UTF-8 (a BOM is allowed), naming the line and column of a bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, [Issue(_byte_source(data, nul, display), "binary data (NUL byte); expected a UTF-8 text file")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Issue(_byte_source(data, exc.start, display), "not valid UTF-8 text; save the file as UTF-8")]
    return text.replace("\r\n", "\n"), []


def _byte_source(data: bytes, offset: int, display: str) -> Source:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return Source(display, line, offset - start + 1)


def parse(text: str, display: str, *, strict_keys: bool = True) -> tuple[YNode | None, list[Issue]]:
    """Compose one YAML document into located nodes, collecting every problem.

    Args:
        text: the document.
        display: the file name to put in messages.
        strict_keys: report mapping keys that YAML reads as something other than a
            string (``yes:``, ``1:``); answers files turn this off and use the text.

    Returns:
        The root node (None when the file is empty or cannot be parsed) and the issues.
    """
    issues: list[Issue] = []
    stack: list[tuple[YNode, YScalar | None]] = []
    root: YNode | None = None
    documents = 0
    skip_depth = 0  # > 0 while skipping a value that cannot be used (a complex key)

    def at(mark: Any) -> Source:
        return Source(display, mark.line + 1, mark.column + 1)

    def attach(node: YNode) -> bool:
        """Put node in its parent; False when it must be skipped."""
        nonlocal root
        if not stack:
            root = node
            return True
        parent, key = stack[-1]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return True
        assert isinstance(parent, YMap)
        if key is None:
            if not isinstance(node, YScalar):
                issues.append(Issue(node.source, "a key must be a plain word, not a list or mapping"))
                stack[-1] = (parent, YScalar(None, "", False, node.source))
                return False
            if strict_keys and not node.quoted and not isinstance(node.value, str):
                hint = f'; quote it: "{node.text}"' if node.text else ""
                issues.append(Issue(node.source, f"key {node.text or '(empty)'} is read as {describe(node)}, not text{hint}"))
            stack[-1] = (parent, node)
            return True
        name = key.text
        if name in parent.items:
            first = parent.items[name][0].source
            issues.append(Issue(key.source, f'duplicate key "{name}" (first defined at line {first.line})'))
        else:
            parent.items[name] = (key, node)
        stack[-1] = (parent, None)
        return True

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if skip_depth:
                if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    skip_depth += 1
                elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    skip_depth -= 1
                continue
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    issues.append(Issue(at(ev.start_mark), "more than one YAML document in the file ('---'); keep one"))
                    break
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(ev, yaml.AliasEvent):
                issues.append(Issue(at(ev.start_mark), f"aliases are not allowed (*{ev.anchor}); write the value out"))
                attach(YScalar(None, "", False, at(ev.start_mark), placeholder=True))
                continue
            assert isinstance(ev, (yaml.NodeEvent, yaml.CollectionEndEvent))
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            src = at(ev.start_mark)
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                issues.append(Issue(src, f"anchors are not allowed (&{anchor}); write the value out"))
            tag = getattr(ev, "tag", None)
            explicit_tag = tag is not None and tag != "!"
            if explicit_tag:
                issues.append(Issue(src, f"tags are not allowed ({_short_tag(tag)}); write plain YAML"))
            if isinstance(ev, yaml.ScalarEvent):
                attach(YScalar(None, ev.value, True, src, True) if explicit_tag else _scalar(ev.value, ev.style, src, issues))
                continue
            if explicit_tag:
                attach(YScalar(None, "", False, src, placeholder=True))
                skip_depth = 1
                continue
            coll: YNode = YMap(src) if isinstance(ev, yaml.MappingStartEvent) else YSeq(src)
            if not attach(coll):
                skip_depth = 1
                continue
            if len(stack) >= MAX_DEPTH:
                issues.append(Issue(src, f"nesting is deeper than {MAX_DEPTH} levels"))
                return None, issues
            stack.append((coll, None))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        src = at(mark) if mark is not None else Source(display)
        problem = exc.problem or exc.context or "invalid YAML"
        line_text = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else ""
        issues.append(Issue(src, f"YAML syntax error: {problem}{_syntax_hint(line_text)}"))
        return None, issues
    except yaml.YAMLError as exc:  # reader errors carry no mark of the usual kind
        issues.append(Issue(Source(display), f"YAML error: {exc}"))
        return None, issues
    return root, issues


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _syntax_hint(line_text: str) -> str:
    if "\t" in line_text:
        return " (the line has a tab: indent with spaces)"
    return ""


def _scalar(text: str, style: str | None, src: Source, issues: list[Issue]) -> YScalar:
    if style:  # quoted or block scalars are always text
        return YScalar(text, text, True, src)
    tag = _TAG + "str"
    if text == "":
        tag = _TAG + "null"
    else:
        for candidate, regexp in _RESOLVERS.get(text[0], []):
            if regexp.match(text):
                tag = candidate
                break
    kind = tag[len(_TAG):]
    value: str | int | float | bool | None
    try:
        if kind == "null":
            value = None
        elif kind == "bool":
            value = text.lower() in ("yes", "true", "on")
        elif kind == "int":
            value = int(_CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, text)))
        elif kind == "float":
            value = float(_CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, text)))
        elif kind == "merge":
            issues.append(Issue(src, "merge keys ('<<') are not allowed; write the keys out"))
            value = text
        else:  # str, timestamps (kept as written) and the rest
            value = text
    except (ValueError, OverflowError):
        issues.append(Issue(src, f"number cannot be read: {text[:40]}"))
        value = None
    return YScalar(value, text, False, src)


def load_file(path: Path, display: str, *, strict_keys: bool = True) -> tuple[YNode | None, list[Issue], str]:
    """Read and compose one YAML file; an empty file is reported, not returned.

    Returns:
        The root node (None on any fatal problem), the issues, and the text read.
    """
    text, issues = read_text(path, display)
    if text is None:
        return None, issues, ""
    root, issues = parse(text, display, strict_keys=strict_keys)
    if not issues and (root is None or (isinstance(root, YScalar) and root.value is None)):
        return None, [Issue(Source(display), "file is empty")], text
    return root, issues, text

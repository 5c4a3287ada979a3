"""The only module that imports yaml: safe, strict, and located.

YAML is read as an event stream and composed here, iteratively, into small
located nodes. Doing the composition ourselves is what lets us reject anchors,
aliases and tags before anything is built, report every duplicate key with both
lines, bound nesting depth without recursion, and keep the line and column of
every value for messages.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from lnnav.base.errors import Issue
from lnnav.base.files import MAX_BYTES, Unreadable, read_bytes
from lnnav.base.source import Source
from lnnav.base.text import CONTROL, control_problem
from lnnav.format.yamlhints import explain
from lnnav.format.ynode import YMap, YNode, YScalar, YSeq, describe

__all__ = ["MAX_BYTES", "MAX_DEPTH", "YMap", "YNode", "YScalar", "YSeq", "decode", "describe", "gc_paused",
           "load_file", "parse", "read_text"]

try:  # libyaml's parser is several times faster; the pure one gives the same events
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 200

_TAG = "tag:yaml.org,2002:"
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_Scalar = yaml.ScalarEvent
# the first characters no implicit resolver starts with: a plain scalar that starts with one is text
_TEXT_FIRST = frozenset(chr(c) for c in range(0x20, 0x7f)) - frozenset(_RESOLVERS) - {""}
_MapStart, _MapEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
_SeqStart, _SeqEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent



def _duplicate(key: YScalar, first: YScalar) -> Issue:
    """A key written twice in one mapping, with the line of its first place."""
    return Issue(key.source, f'duplicate key "{key.text}" (first defined at line {first.source.line})')


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large acyclic tree is built.

    Composing a guideline allocates millions of small objects, none of them in a
    reference cycle; with the collector running, a 100,000-node guideline took
    three times longer, growing faster than its size.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(path: Path, display: str, *, pipes: bool = False,
              seen: Callable[[bytes], None] | None = None) -> tuple[str | None, list[Issue]]:
    """Read a file as UTF-8 text, or say precisely why it cannot be.

    Only regular files are read (``pipes`` also allows a pipe, for answers given as
    ``<(...)``), and never more than MAX_BYTES: see lnnav.base.files.read_bytes.
    ``seen`` is given the bytes read, exactly (lnnav.format.stamp keys its note on them).
    """
    src = Source(display)
    try:
        data = read_bytes(path, pipes=pipes, limit=MAX_BYTES)
    except FileNotFoundError:
        return None, [Issue(src, "file not found")]
    except PermissionError:
        return None, [Issue(src, "cannot read file: permission denied")]
    except IsADirectoryError:
        return None, [Issue(src, "is a folder, expected a YAML file")]
    except Unreadable as exc:
        return None, [Issue(src, str(exc))]
    except OSError as exc:
        return None, [Issue(src, f"cannot read file: {exc.strerror or exc}")]
    if seen is not None:
        seen(data)
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


def parse(text: str, display: str, *, strict_keys: bool = True, max_entries: int = 0,
          too_many: str = "") -> tuple[YNode | None, list[Issue]]:
    """Compose one YAML document into located nodes, collecting every problem.

    Args:
        text: the document.
        display: the file name to put in messages.
        strict_keys: report mapping keys that YAML reads as something other than a
            string (``yes:``, ``1:``); answers files turn this off and use the text.
        max_entries: when above 0, a mapping or list with more entries than this is an
            error, and the rest of the file is not read: memory stays bounded by what
            the file can sensibly hold, not by its size (an answers file of a million keys).
        too_many: said after that error, why so many entries cannot be right.

    Returns:
        The root node (None when the file is empty or cannot be parsed) and the issues.
    """
    if "\\u" in text and text.lstrip()[:1] in ("{", "["):
        text = _join_surrogates(text)
    with gc_paused():
        return _compose(text, display, strict_keys, max_entries, too_many)


# a JSON writer (JavaScript's JSON.stringify with ASCII output, Python's json.dumps)
# writes a character beyond U+FFFF as two \u escapes; YAML refuses each half alone
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogates(text: str) -> str:
    """A JSON document with its escaped surrogate pairs written as the characters they encode."""
    def join(m: re.Match[str]) -> str:
        high, low = int(m.group(2), 16), int(m.group(3), 16)
        return m.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR.sub(join, text)


def _compose(text: str, display: str, strict_keys: bool, max_entries: int = 0,
             too_many: str = "") -> tuple[YNode | None, list[Issue]]:
    issues: list[Issue] = []
    limited = max_entries > 0  # checked first in the loop: an unlimited guideline file pays one test a value
    # parents[i] is an open collection; keys[i] the key waiting for its value (maps only)
    parents: list[YMap | YSeq] = []
    keys: list[YScalar | None] = []
    root: YNode | None = None
    documents = 0
    skip_depth = 0  # > 0 while skipping a value that cannot be used (a complex key, a tagged collection)
    plain: dict[str, tuple[str, str | int | float | bool | None]] = {}  # text -> (text, value), resolved once
    # control characters reach a value written raw (bidi marks: YAML allows them) or as a
    # double-quoted escape ("\e", "\x9b"); a file with neither has only double-quoted
    # scalars to look at
    raw_controls = CONTROL.search(text) is not None
    # the innermost open collection's items (None at the top) and whether it is a list, kept
    # beside ``parents``: a scalar, most of the events, then looks nothing up
    pitems: dict[str, tuple[YScalar, YNode]] | list[YNode] | None = None
    in_seq = False

    def at(mark: Any) -> Source:
        return Source(display, mark.line + 1, mark.column + 1)

    def attach(node: YNode) -> bool:
        """Put node in its parent; False when it must be skipped."""
        nonlocal root
        if not parents:
            root = node
            return True
        parent = parents[-1]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return True
        key = keys[-1]
        if key is None:
            if type(node) is not YScalar:
                issues.append(Issue(node.source, "a key must be a plain word, not a list or mapping"))
                keys[-1] = YScalar(None, "", False, node.source)
                return False
            if strict_keys and not node.quoted and type(node.value) is not str:
                hint = f'; quote it: "{node.text}"' if node.text else ""
                issues.append(Issue(node.source, f"key {node.text or '(empty)'} is read as {describe(node)}, not text{hint}"))
            keys[-1] = node
            return True
        name = key.text
        items = parent.items
        if name in items:
            issues.append(_duplicate(key, items[name][0]))
        else:
            items[name] = (key, node)
        keys[-1] = None
        return True

    loader = _Loader(text)
    next_event = loader.get_event
    ahead: Any = None  # an event read after a key, to be looked at as any other
    mark: Any  # where an event starts: a node keeps its line and column (0-based), not the mark
    try:
        while True:
            if ahead is None:
                ev = next_event()
                if ev is None:
                    break
            else:
                ev, ahead = ahead, None
            kind = type(ev)
            if skip_depth:
                if kind is _MapStart or kind is _SeqStart:
                    skip_depth += 1
                elif kind is _MapEnd or kind is _SeqEnd:
                    skip_depth -= 1
                continue
            if kind is _Scalar:
                value = ev.value
                style = ev.style
                if (raw_controls or style == '"') and (bad := CONTROL.search(value)):
                    issues.append(Issue(at(ev.start_mark), control_problem(bad.group())))
                if ev.anchor is not None or (ev.tag is not None and ev.tag != "!"):
                    node: YScalar = _rejected_scalar(ev, at(ev.start_mark), issues)
                elif style:  # quoted or block scalars are always text
                    mark = ev.start_mark
                    node = YScalar(value, value, True, None, False, display, mark.line, mark.column)
                else:
                    unreadable = False
                    try:
                        value, resolved = plain[value]  # one string object per distinct text: keys repeat
                    except KeyError:
                        resolved, problem = (value, "") if value[:1] in _TEXT_FIRST else _resolve(value)
                        if problem:  # reported once here; then read as absent, so no echo follows
                            issues.append(Issue(at(ev.start_mark), problem))
                            unreadable = True
                        else:
                            plain[value] = (value, resolved)
                    mark = ev.start_mark
                    node = YScalar(resolved, value, False, None, unreadable, display, mark.line, mark.column)
                if pitems is None:
                    root = node
                    continue
                if limited and len(pitems) >= max_entries and (in_seq or keys[-1] is None):
                    issues.append(Issue(node.source, f"more than {max_entries:,} entries in one "
                                        f"{parents[-1].kind}{too_many}; the rest of the file is not read"))
                    return None, issues
                if in_seq:
                    pitems.append(node)  # type: ignore[union-attr]
                    continue
                # in a mapping, a scalar fills the pending key or becomes the next one, as attach does
                key = keys[-1]
                if key is None:
                    if strict_keys and not node.quoted and type(node.value) is not str:
                        hint = f'; quote it: "{node.text}"' if node.text else ""
                        issues.append(Issue(node.source, f"key {node.text or '(empty)'} is read as "
                                            f"{describe(node)}, not text{hint}"))
                    # most values are plain scalars: read one here with its key, saving a turn of
                    # the loop a pair; whatever else it is goes round the loop like any event.
                    # The reading below is the scalar reading above, inline (a call would cost
                    # what it saves): change both, tests/test_format_yamlio.py reads each kind of
                    # value after a key and elsewhere
                    ev = next_event()
                    if type(ev) is not _Scalar or ev.anchor is not None or ev.tag is not None:
                        keys[-1] = node
                        ahead = ev
                        continue
                    value = ev.value
                    style = ev.style
                    if (raw_controls or style == '"') and (bad := CONTROL.search(value)):
                        issues.append(Issue(at(ev.start_mark), control_problem(bad.group())))
                    if style:
                        mark = ev.start_mark
                        item = YScalar(value, value, True, None, False, display, mark.line, mark.column)
                    else:
                        unreadable = False
                        try:
                            value, resolved = plain[value]
                        except KeyError:
                            resolved, problem = (value, "") if value[:1] in _TEXT_FIRST else _resolve(value)
                            if problem:
                                issues.append(Issue(at(ev.start_mark), problem))
                                unreadable = True
                            else:
                                plain[value] = (value, resolved)
                        mark = ev.start_mark
                        item = YScalar(resolved, value, False, None, unreadable, display, mark.line, mark.column)
                    name = node.text
                    if name in pitems:
                        issues.append(_duplicate(node, pitems[name][0]))  # type: ignore[call-overload]
                    else:
                        pitems[name] = (node, item)  # type: ignore[call-overload]
                    continue
                name = key.text
                if name in pitems:
                    issues.append(_duplicate(key, pitems[name][0]))  # type: ignore[call-overload]
                else:
                    pitems[name] = (key, node)  # type: ignore[call-overload]
                keys[-1] = None
                continue
            if kind is _MapEnd or kind is _SeqEnd:
                parents.pop()
                keys.pop()
                if parents:
                    pitems = parents[-1].items
                    in_seq = type(pitems) is list
                else:
                    pitems = None
                continue
            if kind is _MapStart or kind is _SeqStart:
                tag = ev.tag
                if ev.anchor is not None or (tag is not None and tag != "!"):
                    src = at(ev.start_mark)
                    if ev.anchor is not None:
                        issues.append(Issue(src, f"anchors are not allowed (&{ev.anchor}); write the value out"))
                    if tag is not None and tag != "!":
                        issues.append(Issue(src, f"tags are not allowed ({_short_tag(tag)}); write plain YAML"))
                        attach(YScalar(None, "", False, src, True))
                        skip_depth = 1
                        continue
                coll: YMap | YSeq = (YMap if kind is _MapStart else YSeq)(None, None, display, (mark := ev.start_mark).line,
                                                                     mark.column)
                if limited and parents and len(parents[-1].items) >= max_entries and isinstance(parents[-1], YSeq):
                    issues.append(Issue(coll.source, f"more than {max_entries:,} entries in one list{too_many}; "
                                        "the rest of the file is not read"))
                    return None, issues
                # attach, inline for the common cases: a list's item, a key's value
                if pitems is None:
                    root = coll
                elif in_seq:
                    pitems.append(coll)  # type: ignore[union-attr]
                elif (key := keys[-1]) is not None:
                    name = key.text
                    if name in pitems:
                        issues.append(_duplicate(key, pitems[name][0]))  # type: ignore[call-overload]
                    else:
                        pitems[name] = (key, coll)  # type: ignore[call-overload]
                    keys[-1] = None
                elif not attach(coll):  # a list or mapping as a key
                    skip_depth = 1
                    continue
                if len(parents) >= MAX_DEPTH:
                    issues.append(Issue(coll.source, f"nesting is deeper than {MAX_DEPTH} levels"))
                    return None, issues
                parents.append(coll)
                keys.append(None)
                pitems = coll.items
                in_seq = kind is _SeqStart
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    issues.append(Issue(at(ev.start_mark), "more than one YAML document in the file ('---'); keep one"))
                    break
                continue
            if kind is yaml.AliasEvent:
                issues.append(Issue(at(ev.start_mark), f"aliases are not allowed (*{ev.anchor}); write the value out"))
                attach(YScalar(None, "", False, at(ev.start_mark), placeholder=True))
            # stream and document ends carry nothing
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        src = at(mark) if mark is not None else Source(display)
        problem = exc.problem or exc.context or "invalid YAML"
        line_text = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else ""
        hint = _syntax_hint(line_text)
        helped = None if hint else explain(problem, exc.context or "", _mark(exc.problem_mark), _mark(exc.context_mark),
                                           text)
        if helped is not None:
            issues.append(Issue(Source(display, helped.line + 1, helped.col + 1), helped.message))
        else:
            issues.append(Issue(src, f"YAML syntax error: {problem}{hint}"))
        return None, issues
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: located by its offset
        src = _offset_source(text, exc.position, display, in_bytes=_Loader is not yaml.SafeLoader)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        issues.append(Issue(src, f"YAML error: unacceptable character #x{char:04x}: {exc.reason}"))
        return None, issues
    except yaml.YAMLError as exc:  # pragma: no cover - every other error carries a mark
        issues.append(Issue(Source(display), f"YAML error: {' '.join(str(exc).split())}"))
        return None, issues
    finally:
        loader.dispose()
    return root, issues


def _offset_source(text: str, offset: int, display: str, *, in_bytes: bool) -> Source:
    """Line and column of an offset into ``text`` (libyaml counts UTF-8 bytes, PyYAML characters)."""
    if in_bytes:
        data = text.encode("utf-8")
        offset = len(data[:offset].decode("utf-8", "replace"))
    line = text.count("\n", 0, offset) + 1
    return Source(display, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _mark(mark: Any) -> tuple[int, int] | None:
    return (mark.line, mark.column) if mark is not None else None


def _syntax_hint(line_text: str) -> str:
    if "\t" in line_text:
        return " (the line has a tab: indent with spaces)"
    return ""


def _rejected_scalar(ev: Any, src: Source, issues: list[Issue]) -> YScalar:
    """A scalar with an anchor or a tag: reported, and kept only as far as it can be."""
    if ev.anchor is not None:
        issues.append(Issue(src, f"anchors are not allowed (&{ev.anchor}); write the value out"))
    if ev.tag is not None and ev.tag != "!":
        issues.append(Issue(src, f"tags are not allowed ({_short_tag(ev.tag)}); write plain YAML"))
        return YScalar(None, ev.value, True, src, True)
    if ev.style:
        return YScalar(ev.value, ev.value, True, src)
    value, problem = _resolve(ev.value)
    if problem:
        issues.append(Issue(src, problem))
    return YScalar(value, ev.value, False, src)


def _resolve(text: str) -> tuple[str | int | float | bool | None, str]:
    """A plain scalar's value as YAML 1.1 reads it, and a problem to report ("" if none)."""
    tag = _TAG + "str"
    if text == "":
        tag = _TAG + "null"
    else:
        for candidate, regexp in _RESOLVERS.get(text[0], []):
            if regexp.match(text):
                tag = candidate
                break
    kind = tag[len(_TAG):]
    try:
        if kind == "null":
            return None, ""
        if kind == "bool":
            return text.lower() in ("yes", "true", "on"), ""
        if kind == "int":
            whole = int(_CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, text)))
            float(whole)  # OverflowError beyond float range: every number is compared as a float
            return whole, ""
        if kind == "float":
            value = float(_CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, text)))
            if not math.isfinite(value):  # .nan never compares true: a bound of .nan silences an alert
                return None, f"{text[:40]} is not a finite number; write a number (quote it if it is text)"
            return value, ""
        if kind == "merge":
            return text, "merge keys ('<<') are not allowed; write the keys out"
    except (ValueError, OverflowError):
        return None, f"number cannot be read: {text[:40]}"
    return text, ""  # str, timestamps (kept as written) and the rest


def load_file(path: Path, display: str, *, strict_keys: bool = True, pipes: bool = False, max_entries: int = 0,
              too_many: str = "", seen: Callable[[bytes], None] | None = None) -> tuple[YNode | None, list[Issue], str]:
    """Read and compose one YAML file; an empty file is reported, not returned (``max_entries``,
    ``too_many``: see ``parse``; ``seen``: see ``read_text``).

    Returns:
        The root node (None on any fatal problem), the issues, and the text read.
    """
    text, issues = read_text(path, display, pipes=pipes, seen=seen)
    if text is None:
        return None, issues, ""
    root, issues = parse(text, display, strict_keys=strict_keys, max_entries=max_entries, too_many=too_many)
    if not issues and (root is None or (isinstance(root, YScalar) and root.value is None)):
        return None, [Issue(Source(display), "file is empty")], text
    return root, issues, text

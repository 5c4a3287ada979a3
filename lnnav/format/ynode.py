"""Located YAML nodes: what lnnav.format.yamlio composes, and what the loaders read.

No yaml import here: these are plain records of a value, its text and where it was
written, with the messages' way of describing them.
"""

from __future__ import annotations

from typing import Any

from lnnav.base.source import Source
from lnnav.base.text import echo  # a message quotes at most a short, visible excerpt of a file


class _Located:
    """Where a node was written. The Source is made on first use: most nodes of a
    valid guideline are never named in a message, and making one per node was a
    tenth of the time of a large validate. The line and column (0-based, as libyaml
    counts) are kept rather than libyaml's mark: a mark is a larger object, one per
    node, and a 10,000-node guideline's validate peaked 4 MiB higher with them."""

    __slots__ = ("_col", "_file", "_line", "_source")

    def __init__(self, source: Source | None, file: str = "", line: int = 0, col: int = 0) -> None:
        self._source = source
        self._file = file
        self._line = line
        self._col = col

    @property
    def source(self) -> Source:
        src = self._source
        if src is None:
            src = self._source = _new_source(Source, (self._file, self._line + 1, self._col + 1))
        return src


# a Source made without the Python-level __new__ of a named tuple (its fields given
# in full here): a large guideline names tens of thousands of node places
_new_source: Any = tuple.__new__


class YScalar(_Located):
    """A scalar: its YAML value, its text as written, whether it was quoted."""

    __slots__ = ("placeholder", "quoted", "text", "value")

    def __init__(self, value: str | int | float | bool | None, text: str, quoted: bool, source: Source | None,
                 placeholder: bool = False, file: str = "", line: int = 0, col: int = 0) -> None:
        self._source = source
        self._file = file
        self._line = line
        self._col = col
        self.value = value
        self.text = text
        self.quoted = quoted
        # stands in for a rejected alias or tagged value: reported once, then read as absent
        self.placeholder = placeholder

    @property
    def kind(self) -> str:
        return _kind_name(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YScalar) and (self.value, self.text, self.quoted, self.source, self.placeholder) == (
            other.value, other.text, other.quoted, other.source, other.placeholder)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        return f"YScalar({self.value!r}, {self.text!r}, {self.quoted!r}, {self.source!r}, {self.placeholder!r})"


class YMap(_Located):
    """A mapping: key text -> (key node, value node), in file order."""

    __slots__ = ("items",)
    kind = "mapping"

    def __init__(self, source: Source | None, items: dict[str, tuple[YScalar, YNode]] | None = None,
                 file: str = "", line: int = 0, col: int = 0) -> None:
        self._source = source
        self._file = file
        self._line = line
        self._col = col
        self.items: dict[str, tuple[YScalar, YNode]] = {} if items is None else items

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YMap) and (self.source, self.items) == (other.source, other.items)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"YMap({self.source!r}, {self.items!r})"


class YSeq(_Located):
    """A list of nodes."""

    __slots__ = ("items",)
    kind = "list"

    def __init__(self, source: Source | None, items: list[YNode] | None = None, file: str = "",
                 line: int = 0, col: int = 0) -> None:
        self._source = source
        self._file = file
        self._line = line
        self._col = col
        self.items: list[YNode] = [] if items is None else items

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YSeq) and (self.source, self.items) == (other.source, other.items)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"YSeq({self.source!r}, {self.items!r})"


YNode = YScalar | YMap | YSeq


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
        return f'a string ("{echo(node.text, 80)}")'
    if kind == "empty value":
        return "an empty value"
    return f"a {kind} ({echo(node.text, 80)})"

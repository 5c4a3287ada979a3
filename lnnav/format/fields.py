"""Typed, located reading of one YAML mapping, recording issues instead of raising."""

from __future__ import annotations

import re

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.base.suggest import suggest
from lnnav.base.text import echo
from lnnav.format.yamlio import YMap, YNode, YScalar, YSeq, describe

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# the key sets of each kind of mapping (allowed, allowed in order, required), by the identity of its
# required and optional tuples (constants of the readers, mostly): each entry holds both tuples, so
# an id in a key cannot be another tuple's while the entry is there
_KEY_SETS: dict[tuple[int, int], tuple[frozenset[str], tuple[str, ...], frozenset[str], tuple[str, ...],
                                       tuple[str, ...]]] = {}
_KEY_SETS_MAX = 1024  # a bound on what a long-lived process keeps


class Fields:
    """One mapping of a guideline file, read field by field.

    Unknown and missing keys are reported when the reader is made, so that one
    pass over a file reports every slip in it.
    """

    def __init__(
        self,
        node: YMap,
        what: str,
        issues: list[Issue],
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        self.map = node
        self.what = what
        self.issues = issues
        items = node.items
        # the common case, every key known and present, costs two set operations (on sets made once)
        sets = _KEY_SETS.get((id(required), id(optional)))
        if sets is None or sets[3] is not required or sets[4] is not optional:
            if len(_KEY_SETS) >= _KEY_SETS_MAX:
                _KEY_SETS.clear()
            allowed = required + optional
            sets = _KEY_SETS[id(required), id(optional)] = (frozenset(allowed), allowed, frozenset(required),
                                                            required, optional)
        if not items.keys() <= sets[0]:
            allowed = sets[1]
            for name, (key, _value) in items.items():
                if name not in allowed:
                    self.error(
                        key.source,
                        f'unknown key "{name}" in {what}{suggest(name, allowed)}; allowed: {", ".join(allowed)}',
                    )
        if not items.keys() >= sets[2]:
            for name in required:
                if name not in items:
                    self.error(node.source, f'{what} is missing required key "{name}"')

    @property
    def source(self) -> Source:
        return self.map.source

    def error(self, source: Source, message: str) -> None:
        self.issues.append(Issue(source, message))

    def get(self, key: str) -> YNode | None:
        item = self.map.items.get(key)
        if item is None:
            return None
        value = item[1]
        return None if type(value) is YScalar and value.placeholder else value

    def has(self, key: str) -> bool:
        return key in self.map.items

    def src(self, key: str) -> Source:
        node = self.get(key)
        return node.source if node is not None else self.map.source

    def text(self, key: str, *, allow_empty: bool = False, numbers_ok: bool = False) -> str:
        item = self.map.items.get(key)
        if item is None:
            return ""
        value = item[1]
        if type(value) is YScalar and type(value.value) is str and not value.placeholder:
            text = value.value.strip()  # the common case, read here without the calls below
            if text or allow_empty:
                return text
        node = self.get(key)
        if node is None:
            return ""
        if numbers_ok and isinstance(node, YScalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.text
        return self._text(key, node, allow_empty=allow_empty)

    def item_text(self, key: str, node: YNode) -> str:
        """One item of the list under ``key``, which must be non-empty text."""
        return self._text(key, node)

    def _text(self, key: str, node: YNode, *, allow_empty: bool = False) -> str:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if not node.value.strip() and not allow_empty:
                self.error(node.source, f'"{key}" in {self.what} is empty')
            return node.value.strip()
        hint = f'; quote it: "{echo(node.text, 80)}"' if isinstance(node, YScalar) and node.text else ""
        self.error(node.source, f'"{key}" in {self.what} must be text, got {describe(node)}{hint}')
        return ""

    def ident(self, key: str) -> str:
        item = self.map.items.get(key)
        if item is None:
            return ""
        value = item[1]
        if type(value) is YScalar and type(value.value) is str and not value.placeholder \
                and ID_PATTERN.match(value.value):
            return value.value  # the common case, read here without the calls below
        node = self.get(key)
        if node is None:
            return ""
        return ident_of(node, f'"{key}" in {self.what}', self.issues)

    def number(self, key: str) -> float | None:
        item = self.map.items.get(key)
        if item is None:
            return None
        value = item[1]
        if type(value) is YScalar and type(value.value) in (int, float):  # the common case, read here
            return float(value.value)  # type: ignore[arg-type]
        node = self.get(key)
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        self.error(node.source, f'"{key}" in {self.what} must be a number, got {describe(node)}')
        return None

    def flag(self, key: str) -> bool:
        node = self.get(key)
        if node is None:
            return False
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.error(node.source, f'"{key}" in {self.what} must be true or false, got {describe(node)}')
        return False

    def seq(self, key: str, *, allow_empty: bool = False) -> list[YNode]:
        node = self.get(key)
        if node is None:
            return []
        if not isinstance(node, YSeq):
            self.error(node.source, f'"{key}" in {self.what} must be a list, got {describe(node)}')
            return []
        if not node.items and not allow_empty:
            self.error(node.source, f'"{key}" in {self.what} is an empty list')
        return node.items

    def mapping(self, key: str) -> YMap | None:
        node = self.get(key)
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.error(node.source, f'"{key}" in {self.what} must be a mapping, got {describe(node)}')
            return None
        return node

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        return tuple(t for t in (self._text(key, n) for n in self.seq(key, allow_empty=allow_empty)) if t)

    def idents(self, key: str, *, allow_empty: bool = False) -> tuple[tuple[str, Source], ...]:
        out = []
        for n in self.seq(key, allow_empty=allow_empty):
            value = ident_of(n, f'"{key}" in {self.what}', self.issues)
            if value:
                out.append((value, n.source))
        return tuple(out)


def ident_of(node: YNode, what: str, issues: list[Issue]) -> str:
    """An id: a string of letters, digits, '_', '-', '.'; a hint to quote otherwise."""
    if isinstance(node, YScalar) and isinstance(node.value, str):
        if not ID_PATTERN.match(node.value):
            issues.append(
                Issue(node.source, f'{what} is not a valid id ("{echo(node.value, 80)}"): use letters, digits, "_", '
                      '"-" or "."')
            )
            return ""
        return node.value
    if isinstance(node, YScalar) and node.text:
        issues.append(Issue(node.source, f'{what} must be a string, got {describe(node)}; quote it: '
                            f'"{echo(node.text, 80)}"'))
        # kept as written, so that later messages name it ("allowed: yes, no", not "allowed: , no")
        return node.text if ID_PATTERN.match(node.text) else ""
    issues.append(Issue(node.source, f"{what} must be a string id, got {describe(node)}"))
    return ""


def as_map(node: YNode, what: str, issues: list[Issue]) -> YMap | None:
    if isinstance(node, YMap):
        return node
    issues.append(Issue(node.source, f"{what} must be a mapping, got {describe(node)}"))
    return None

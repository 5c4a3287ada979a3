"""Arithmetic for `compute` nodes: parsed by lnnav itself, never eval.

Grammar (usual precedence, left to right)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | ID | FUNC "(" expr ("," expr)* ")" | "(" expr ")"
    FUNC   := min | max | abs

IDs name earlier numeric answers or computed values. Units are checked by
``unit_of``: sums, differences, min and max need one unit; in products and quotients
units multiply and cancel (a quotient of one unit by itself has none); a bare number
has no unit of its own, so ``2 * k`` has the unit of ``k`` and ``1 / k`` one over it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from lnnav.base.records import NamedTuple

FUNCTIONS = ("min", "max", "abs")
DIMENSIONLESS_UNITS = ("", "%", "ratio")


class Num(NamedTuple):
    value: float


class Ref(NamedTuple):
    name: str
    offset: int  # 0-based position in the expression text, for located errors


class Neg(NamedTuple):
    item: Expr


class Bin(NamedTuple):
    op: str
    left: Expr
    right: Expr
    offset: int


class Call(NamedTuple):
    func: str
    args: tuple[Expr, ...]
    offset: int


Expr = Num | Ref | Neg | Bin | Call


class ExprError(ValueError):
    """A malformed expression; ``offset`` is where in the text it went wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class ZeroDivision(ArithmeticError):
    """Division by zero at consult time; ``offset`` locates the '/'."""

    def __init__(self, offset: int) -> None:
        super().__init__("division by zero")
        self.offset = offset


_TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)|(?P<id>[A-Za-z][A-Za-z0-9_.]*)"
                    r"|(?P<op>[-+*/(),]))")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            at = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise ExprError(f'unexpected "{text[at]}"; an expression uses numbers, ids, + - * /, '
                            f"parentheses and {', '.join(FUNCTIONS)}", at)
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    out.append(("end", "", len(text)))
    return out


MAX_DEPTH = 100  # parentheses, calls and unary minus nested in one another; deeper is refused, located


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    def deeper(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"the expression nests more than {MAX_DEPTH} deep (parentheses, functions and "
                            "minus signs inside one another); split it into several compute nodes", at)

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, text, at = self.take()
        if text != value or kind != "op":
            got = "the end" if kind == "end" else f'"{text}"'
            raise ExprError(f'expected "{value}", found {got}', at)

    def expr(self) -> Expr:
        left = self.term()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            _, op, at = self.take()
            left = Bin(op, left, self.term(), at)
        return left

    def term(self) -> Expr:
        left = self.unary()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            _, op, at = self.take()
            left = Bin(op, left, self.unary(), at)
        return left

    def unary(self) -> Expr:
        if self.peek()[:2] == ("op", "-"):
            _, _, at = self.take()
            self.deeper(at)
            inner = Neg(self.unary())
            self.depth -= 1
            return inner
        return self.atom()

    def atom(self) -> Expr:
        kind, text, at = self.take()
        if kind == "num":
            value = float(text)
            if not math.isfinite(value):
                raise ExprError(f'"{text}" is not a finite number', at)
            return Num(value)
        if kind == "id":
            if self.peek()[:2] == ("op", "("):
                if text not in FUNCTIONS:
                    raise ExprError(f'unknown function "{text}"; functions: {", ".join(FUNCTIONS)}', at)
                self.take()
                self.deeper(at)
                args = [self.expr()]
                while self.peek()[:2] == ("op", ","):
                    self.take()
                    args.append(self.expr())
                self.expect(")")
                self.depth -= 1
                if text == "abs" and len(args) != 1:
                    raise ExprError("abs(...) takes one value", at)
                return Call(text, tuple(args), at)
            if text in FUNCTIONS:
                raise ExprError(f'"{text}" is a function: write {text}(...)', at)
            return Ref(text, at)
        if (kind, text) == ("op", "("):
            self.deeper(at)
            inner = self.expr()
            self.expect(")")
            self.depth -= 1
            return inner
        got = "the end of the expression" if kind == "end" else f'"{text}"'
        raise ExprError(f"expected a number, an id or '(', found {got}", at)


def parse(text: str) -> Expr:
    """Parse an expression; ExprError says what is wrong and where."""
    if not text.strip():
        raise ExprError("the expression is empty", 0)
    p = _Parser(text)
    tree = p.expr()
    kind, rest, at = p.peek()
    if kind != "end":
        raise ExprError(f'unexpected "{rest}" after a complete expression', at)
    return tree


def children(e: Expr) -> tuple[Expr, ...]:
    """The parts ``e`` is made of, left to right."""
    if isinstance(e, Neg):
        return (e.item,)
    if isinstance(e, Bin):
        return (e.left, e.right)
    if isinstance(e, Call):
        return e.args
    return ()


def postorder(e: Expr) -> list[Expr]:
    """Every part of ``e``, each after its own parts, with an explicit stack: no recursion limit."""
    # each node before its parts, the last part first: read backwards, that is the order wanted
    out: list[Expr] = []
    stack: list[Expr] = [e]
    while stack:
        node = stack.pop()
        out.append(node)
        kind = type(node)
        if kind is Bin:
            stack.append(node.left)  # type: ignore[union-attr]
            stack.append(node.right)  # type: ignore[union-attr]
        elif kind is Neg:
            stack.append(node.item)  # type: ignore[union-attr]
        elif kind is Call:
            stack.extend(node.args)  # type: ignore[union-attr]
    out.reverse()
    return out


def refs(e: Expr) -> Iterator[Ref]:
    """Every id the expression reads, in order of appearance."""
    for node in postorder(e):
        if isinstance(node, Ref):
            yield node


def evaluate(e: Expr, values: Mapping[str, float]) -> float:
    """The value of ``e``; KeyError for a missing id, ZeroDivision for x/0, NotFinite past the largest float."""
    found: dict[int, float] = {}
    for node in postorder(e):
        value: float
        if isinstance(node, Num):
            value = node.value
        elif isinstance(node, Ref):
            value = values[node.name]
        elif isinstance(node, Neg):
            value = -found[id(node.item)]
        elif isinstance(node, Call):
            args = [found[id(a)] for a in node.args]
            value = abs(args[0]) if node.func == "abs" else min(args) if node.func == "min" else max(args)
        else:
            left, right = found[id(node.left)], found[id(node.right)]
            if node.op == "+":
                value = left + right
            elif node.op == "-":
                value = left - right
            elif node.op == "*":
                value = left * right
            elif right == 0:
                raise ZeroDivision(node.offset)
            else:
                value = left / right
            if not math.isfinite(value):
                raise NotFinite(node.offset)
        found[id(node)] = value
    return found[id(e)]


class NotFinite(ArithmeticError):
    """A part of the expression overflowed at consult time; ``offset`` locates its operator."""

    def __init__(self, offset: int) -> None:
        super().__init__("the value is too large to work with")
        self.offset = offset


# A unit is a string; None means "a bare number", which adopts the unit it meets.
Unit = str | None

# A unit worked out: each unit a question or computed value is given in (whole, "mmol/L" is one)
# with its power, in the order first met. Empty: no unit.
_Powers = dict[str, int]


def unit_of(e: Expr, unit: Callable[[str], str], problems: list[tuple[int, str]]) -> Unit:
    """The unit of ``e`` given each id's unit; mismatches go to ``problems`` as (offset, message).

    Units cancel (``k * k / k`` is the unit of ``k``); a bare number divided by a unit has one
    over it (``1 / k`` in mmol/L is 1/mmol/L). "ratio" is no unit.
    """
    found: dict[int, _Powers | None] = {}
    for node in postorder(e):
        found[id(node)] = _unit_here(node, [found[id(c)] for c in children(node)], unit, problems)
    result = found[id(e)]
    return None if result is None else unit_text(result)


def _atom(name: str) -> _Powers:
    return {} if name in ("", "ratio") else {name: 1}


def _times(left: _Powers, right: _Powers, power: int) -> _Powers:
    out = dict(left)
    for name, p in right.items():
        out[name] = out.get(name, 0) + power * p
    return {name: p for name, p in out.items() if p}


def unit_text(powers: _Powers) -> str:
    """``powers`` written out: the units over it joined by "*", then "/" before each unit under it."""
    over = [name for name, p in powers.items() for _ in range(max(p, 0))]
    under = [name for name, p in powers.items() for _ in range(max(-p, 0))]
    text = "*".join(over) or ("1" if under else "")
    return text + "".join(f"/{name}" for name in under)


def _unit_here(e: Expr, parts: list[_Powers | None], unit: Callable[[str], str],
               problems: list[tuple[int, str]]) -> _Powers | None:
    if isinstance(e, Num):
        return None
    if isinstance(e, Ref):
        return _atom(unit(e.name))
    if isinstance(e, Neg):
        return parts[0]
    if isinstance(e, Call):
        return _same(parts, e.func + "(...)", e.offset, problems)
    left, right = parts
    if e.op in ("+", "-"):
        return _same([left, right], f'"{e.op}"', e.offset, problems)
    if left is None and right is None:
        return None
    if e.op == "/":
        return _times(left or {}, right or {}, -1)
    return _times(left or {}, right or {}, 1)


def _same(units: list[_Powers | None], what: str, offset: int, problems: list[tuple[int, str]]) -> _Powers | None:
    known = [u for u in units if u is not None]
    if any(u != known[0] for u in known[1:]):
        shown = ", ".join(dict.fromkeys(unit_text(u) or "no unit" for u in known))
        problems.append((offset, f"{what} mixes units ({shown}); convert to one unit first"))
    return known[0] if known else None


def _read_unit(text: str, atoms: list[str]) -> _Powers:
    """A written unit as powers, reading the longest of ``atoms`` (units given whole) first at each place."""
    powers: _Powers = {}
    at, sign = 0, 1
    ordered = sorted(atoms, key=len, reverse=True)
    while at < len(text):
        name = next((a for a in ordered if a and text.startswith(a, at)), None)
        if name is None:
            end = min([i for i in (text.find("*", at), text.find("/", at)) if i >= 0] or [len(text)])
            name = text[at:end]
        if name != "1":
            powers = _times(powers, _atom(name), sign)
        at += len(name)
        if at < len(text):
            sign = -1 if text[at] == "/" else 1
            at += 1
    return powers


def units_agree(derived: Unit, declared: str, atoms: Iterable[str] = ()) -> bool:
    """Whether a computed unit may be shown as ``declared``; ``atoms`` are the units the expression's
    values are given in, each read whole ("mmol/L" is one unit, not mmol over L)."""
    if derived is None or derived == "":
        return declared in DIMENSIONLESS_UNITS or derived is None
    if derived == declared:
        return True
    given = [*atoms, *(a for a in re.split(r"[*/]", derived) if a)]
    return _read_unit(derived, given) == _read_unit(declared, given)

"""What a compute expression can give, proved before any consult: no divisor 0, no overflow.

Each numeric answer lies between its question's ``min`` and ``max``; on the way to a
compute node, numeric branches and route rules narrow that range (a rule ``potassium
gt 1`` before ``... / (potassium - 1)`` is a guard). Interval arithmetic over the
expression then bounds every part of it: a divisor whose interval holds 0, or a part
whose interval reaches infinity, is an error at that part, so that a consult of a
guideline ``validate`` passed never stops on the arithmetic. The ends of an interval
say whether they belong to it, so that ``gt 1`` really keeps 1 out.

Everything is worked with explicit stacks and queues: an expression or a guideline of
any size is bounded without Python recursion.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from lnnav.base.errors import Issue
from lnnav.model import expr as expr_mod
from lnnav.model.conditions import AllOf, AnyOf, Compare, CompareOp, Condition, Not
from lnnav.model.guideline import Compute, Guideline, MultiQuestion, NumericQuestion, Question, Route, fmt_num


class Interval(NamedTuple):
    """The numbers from ``lo`` to ``hi``; ``lo_in``/``hi_in`` say whether the ends belong."""

    lo: float
    lo_in: bool
    hi: float
    hi_in: bool

    def holds_zero(self) -> bool:
        return (self.lo < 0 or (self.lo == 0 and self.lo_in)) and (self.hi > 0 or (self.hi == 0 and self.hi_in))

    def finite(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)

    def __str__(self) -> str:
        return f"{fmt_num(self.lo)} to {fmt_num(self.hi)}"


def closed(lo: float, hi: float) -> Interval:
    return Interval(lo, True, hi, True)


class Fault(NamedTuple):
    offset: int  # where in the expression text the part starts
    message: str


Known = Callable[[str], Interval | None]


def bound(e: expr_mod.Expr, known: Known, faults: list[Fault] | None = None, text: str = "") -> Interval | None:
    """The interval of ``e``; None when a part is unknown or already at fault.

    ``known`` gives each id's interval (None: unknown). A divisor that may be 0 and a
    part that may overflow go to ``faults``, located in ``text``; the parts above a
    fault are not reported again (one mistake, one error).
    """
    found: dict[int, Interval | None] = {}
    for node in expr_mod.postorder(e):
        value: Interval | None
        kind = type(node)
        if kind is _Num:  # the leaves, most of an expression, first: they have no parts to look up
            value = Interval(node.value, True, node.value, True)  # type: ignore[union-attr]
            found[id(node)] = value if value.finite() else _overflow(node, faults)
            continue
        if kind is _Ref:
            value = known(node.name)  # type: ignore[union-attr]
            found[id(node)] = value if value is None or value.finite() else _overflow(node, faults)
            continue
        parts = [found[id(c)] for c in expr_mod.children(node)]
        if None in parts:  # (an Interval never equals None)
            value = None
        elif isinstance(node, expr_mod.Neg):
            a = parts[0]
            assert a is not None
            value = Interval(-a.hi, a.hi_in, -a.lo, a.lo_in)
        elif isinstance(node, expr_mod.Call):
            value = _call(node.func, [p for p in parts if p is not None])
        else:
            assert isinstance(node, expr_mod.Bin)
            a, b = parts
            assert a is not None and b is not None
            if node.op == "/" and b.holds_zero():
                if faults is not None:
                    at = _next_char(text, node.offset + 1)
                    faults.append(Fault(at, f'the divisor after "/" can be 0 (it ranges from {b} with the '
                                        "answers allowed on the way here): guard the compute with a route "
                                        'rule that keeps it from 0, or narrow "min"/"max"'))
                value = None
            elif node.op == "/" and 0 in (b.lo, b.hi):
                # kept from 0 by a strict bound only (gt 1 before "- 1"): every quotient is a number,
                # but there is no bound to carry further up; a consult checks the value it gets
                value = None
            else:
                value = _binary(node.op, a, b)
        if value is not None and not value.finite():
            value = _overflow(node, faults)
        found[id(node)] = value
    return found[id(e)]


_Num, _Ref = expr_mod.Num, expr_mod.Ref


def _overflow(node: expr_mod.Expr, faults: list[Fault] | None) -> Interval | None:
    """A part that can reach infinity: a fault, and no bound to carry further up."""
    if faults is not None:
        at = node.offset if isinstance(node, (expr_mod.Bin, expr_mod.Call)) else 0
        what = f'"{node.op}"' if isinstance(node, expr_mod.Bin) else "the value"
        faults.append(Fault(at, f"{what} can overflow to infinity with the answers allowed: keep every "
                            'part of the expression within about 1e308, or narrow "min"/"max"'))
    return None


def _next_char(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _low(ends: list[tuple[float, bool]]) -> tuple[float, bool]:
    lo = min(v for v, _ in ends)
    return lo, any(inside for v, inside in ends if v == lo)


def _high(ends: list[tuple[float, bool]]) -> tuple[float, bool]:
    hi = max(v for v, _ in ends)
    return hi, any(inside for v, inside in ends if v == hi)


def _call(func: str, args: list[Interval]) -> Interval:
    if func == "abs":
        a = args[0]
        if a.lo >= 0:
            return a
        if a.hi <= 0:
            return Interval(-a.hi, a.hi_in, -a.lo, a.lo_in)
        hi = _high([(-a.lo, a.lo_in), (a.hi, a.hi_in)])
        return Interval(0.0, True, *hi)
    pick = min if func == "min" else max
    lo_v = pick(a.lo for a in args)
    hi_v = pick(a.hi for a in args)
    # the result reaches an end only if the argument that gives it does
    return Interval(lo_v, any(a.lo_in for a in args if a.lo == lo_v), hi_v, any(a.hi_in for a in args if a.hi == hi_v))


def _times(a: Interval, b: Interval) -> Interval:
    ends = [(x * y, x_in and y_in) for x, x_in in ((a.lo, a.lo_in), (a.hi, a.hi_in))
            for y, y_in in ((b.lo, b.lo_in), (b.hi, b.hi_in))]
    ends = [(0.0 if math.isnan(v) else v, inside) for v, inside in ends]  # 0 * inf: an end never reached
    lo, lo_in = _low(ends)
    hi, hi_in = _high(ends)
    if (a == _ZERO or b == _ZERO) or (lo == 0 and (a.holds_zero() or b.holds_zero())):
        lo_in = lo_in or lo == 0
    if hi == 0 and (a.holds_zero() or b.holds_zero()):
        hi_in = True
    return Interval(lo, lo_in, hi, hi_in)


_ZERO = closed(0.0, 0.0)


def _binary(op: str, a: Interval, b: Interval) -> Interval:
    if op == "+":
        return Interval(a.lo + b.lo, a.lo_in and b.lo_in, a.hi + b.hi, a.hi_in and b.hi_in)
    if op == "-":
        return Interval(a.lo - b.hi, a.lo_in and b.hi_in, a.hi - b.lo, a.hi_in and b.lo_in)
    if op == "*":
        return _times(a, b)
    # 0 is neither in b nor an end of it: 1/b is an interval too, its ends swapped
    # (1/inf is 0, an end never reached)
    inverse = Interval(1 / b.hi, b.hi_in and math.isfinite(b.hi), 1 / b.lo, b.lo_in and math.isfinite(b.lo))
    return _times(a, inverse)


def closed_range(e: expr_mod.Expr, known: Callable[[str], tuple[float, float] | None]) -> tuple[float, float] | None:
    """Lowest and highest value of ``e``; None when a part is unknown, a divisor may be 0 or a part overflows."""
    def inner(name: str) -> Interval | None:
        span = known(name)
        return None if span is None else closed(*span)

    found = bound(e, inner)
    return None if found is None else (found.lo, found.hi)


# ---- the ranges that hold on the way to each node ----

Fact = tuple[str, CompareOp, float]  # the answer ``id`` compares so with a number
State = dict[str, Interval | None]  # narrowed answers and computed values; a question absent: its min..max
FLIP: dict[CompareOp, CompareOp] = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}


def _facts(cond: Condition) -> list[Fact]:
    """What must hold when ``cond`` holds (numeric comparisons only; the rest says nothing)."""
    if isinstance(cond, Compare):
        return [(cond.question, op, v) for op, v in cond.bounds]
    if isinstance(cond, AllOf):
        return [f for c in cond.items for f in _facts(c)]
    if isinstance(cond, Not):
        return _failed(cond.item)
    return []


def _failed(cond: Condition) -> list[Fact]:
    """What must hold when ``cond`` does not."""
    if isinstance(cond, Compare) and len(cond.bounds) == 1:
        op, v = cond.bounds[0]
        return [(cond.question, FLIP[op], v)]
    if isinstance(cond, AnyOf):
        return [f for c in cond.items for f in _failed(c)]
    if isinstance(cond, Not):
        return _facts(cond.item)
    return []


def _ways_out(node: object, tracked: set[str]) -> list[tuple[str, list[Fact]]]:
    """Each way out of ``node`` with what holds when it is taken (first match wins: earlier ones failed).

    Facts on a number no compute reads (not in ``tracked``) narrow nothing: a numeric
    question's own branches are then left without them.
    """
    if isinstance(node, NumericQuestion) and node.id not in tracked:
        out: list[tuple[str, list[Fact]]] = [(b.next, []) for b in node.branches]
        return out if node.unknown is None else [*out, (node.unknown.next, [])]
    if isinstance(node, NumericQuestion):
        out = []
        before: list[Fact] = []
        for b in node.branches:
            out.append((b.next, [(node.id, op, v) for op, v in b.bounds] + before))
            if len(b.bounds) == 1:
                before = [*before, (node.id, FLIP[b.bounds[0][0]], b.bounds[0][1])]
        if node.unknown is not None:  # no value: a compute that reads it is an error of the path checks
            out.append((node.unknown.next, []))
        return out
    if isinstance(node, Route):
        out = []
        before = []
        for rule in node.rules:
            out.append((rule.next, (_facts(rule.when) if rule.when is not None else []) + before))
            if rule.when is not None:
                before = before + _failed(rule.when)
        return out
    if isinstance(node, Question):
        return [(o.next, []) for o in node.options]
    if isinstance(node, (MultiQuestion, Compute)):
        return [(node.next, [])]
    return []


def _meet(a: Interval, op: CompareOp, v: float) -> Interval:
    if op in ("lt", "le"):
        if v < a.hi or (v == a.hi and op == "lt"):
            return a._replace(hi=v, hi_in=op == "le" and a.hi_in if v == a.hi else op == "le")
        return a
    if v > a.lo or (v == a.lo and op == "gt"):
        return a._replace(lo=v, lo_in=op == "ge" and a.lo_in if v == a.lo else op == "ge")
    return a


def _empty(a: Interval) -> bool:
    return a.lo > a.hi or (a.lo == a.hi and not (a.lo_in and a.hi_in))


def _hull(a: Interval, b: Interval) -> Interval:
    lo, lo_in = _low([(a.lo, a.lo_in), (b.lo, b.lo_in)])
    hi, hi_in = _high([(a.hi, a.hi_in), (b.hi, b.hi_in)])
    return Interval(lo, lo_in, hi, hi_in)


class Paths:
    """The intervals that hold on every path from the start to each node, worked once in flow order."""

    def __init__(self, g: Guideline, tracked: set[str]) -> None:
        self.g = g
        self.tracked = tracked
        self.at: dict[str, State] = {}
        self._flow()

    def known(self, state: State, name: str) -> Interval | None:
        if name in state:
            return state[name]
        node = self.g.nodes.get(name)
        if isinstance(node, NumericQuestion) and math.isfinite(node.minimum) and math.isfinite(node.maximum) \
                and node.minimum <= node.maximum:
            return closed(node.minimum, node.maximum)
        return None  # a computed value not worked out on every path here: reported by the path checks

    def _flow(self) -> None:
        g = self.g
        if g.start not in g.nodes:
            return
        seen = {g.start}
        order = [g.start]
        ways: dict[str, list[tuple[str, list[Fact]]]] = {}  # each node's ways out, worked out once
        for name in order:  # every node reachable from the start (the list grows as it is read)
            out = ways[name] = _ways_out(g.nodes[name], self.tracked)
            for target, _ in out:
                if target in g.nodes and target not in seen:
                    seen.add(target)
                    order.append(target)
        waiting = dict.fromkeys(order, 0)
        for name in order:
            for target, _ in ways[name]:
                if target in waiting:
                    waiting[target] += 1
        incoming: dict[str, State | None] = {g.start: {}}
        ready = deque([g.start]) if waiting[g.start] == 0 else deque()
        while ready:
            name = ready.popleft()
            state = incoming.pop(name, None)
            node = g.nodes[name]
            if state is not None:
                self.at[name] = state
                if isinstance(node, Compute) and name in self.tracked:
                    state = {**state, name: bound(node.expr, partial(self.known, state))}
            for target, facts in ways[name]:
                if target not in waiting:
                    continue
                if state is not None:
                    taken = self._taken(state, facts) if facts else state
                    if taken is not None:
                        incoming[target] = self._join(incoming.get(target), taken)
                    else:
                        incoming.setdefault(target, None)
                else:
                    incoming.setdefault(target, None)
                waiting[target] -= 1
                if waiting[target] == 0:
                    ready.append(target)
        # a node left waiting lies on a cycle (an error of its own): its computes are not judged

    def _taken(self, state: State, facts: list[Fact]) -> State | None:
        """``state`` narrowed by ``facts``; None when they cannot all hold (the way is never taken)."""
        out = state
        for name, op, v in facts:
            if name not in self.tracked:
                continue
            now = self.known(out, name)
            if now is None:
                continue
            narrowed = _meet(now, op, v)
            if _empty(narrowed):
                return None
            if narrowed != now:
                out = {**out, name: narrowed}
        return out

    def _join(self, a: State | None, b: State) -> State:
        if a is None:
            return b
        out: State = {}
        for name in a.keys() & b.keys():
            x, y = a[name], b[name]
            out[name] = None if x is None or y is None else _hull(x, y)
        return out


def arithmetic(g: Guideline, issues: list[Issue]) -> None:
    """An error at each divisor that can be 0 and each part that can overflow, on the paths that reach it."""
    computes = [n for n in g.nodes.values() if isinstance(n, Compute)]
    if not computes:
        return
    tracked = {r.name for c in computes for r in expr_mod.refs(c.expr)}
    paths = Paths(g, tracked)
    for c in computes:
        state = paths.at.get(c.id)
        if state is None:
            continue  # never reached: reported as unreachable
        faults: list[Fault] = []
        bound(c.expr, partial(paths.known, state), faults, c.expr_text)
        for fault in faults:
            issues.append(Issue(c.expr_where(fault.offset), f'compute "{c.id}": {fault.message}'))

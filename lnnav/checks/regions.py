"""Sets of answers, and boxes of them: the arithmetic behind rule analysis.

A variable is an answer (or a computed value, or "the consult passed node N"). Its
possible values form a universe: numbers from min to max, the ids of a question's
options, the allowed sets of a multi question, plus "not answered" where the answer
may be missing. A *box* gives each variable a set (a variable it leaves out may
take any value); a condition becomes a union of boxes. Every operation is exact, so
"this region is empty" is a proof, never a guess; when a union would grow past
``MAX_BOXES`` the work stops with ``Undecidable`` and the analysis says nothing.
Work is counted (``Budget``): comparing many rules is what can take long, so the
caller gives each decision a number of steps, and ``Exhausted`` stops it there.
``Cover`` keeps a union of number sets sorted, so that rules and branches on one
number are judged in about log n steps each rather than against every one before.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import NamedTuple

MAX_BOXES = 256  # beyond this a region is not worth the time: say nothing rather than guess
INF = math.inf


class Undecidable(Exception):
    """The analysis cannot decide this (an unknown variable, a region too large)."""


class Exhausted(Exception):
    """The steps a decision was given ran out. Not ``Undecidable``: it must be said, never silently passed over."""


class Budget:
    """Steps of work (a box against a box, a span against a span) left to one decision."""

    __slots__ = ("left",)

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise Exhausted


class Span(NamedTuple):
    """An interval of the extended reals; ``lo_in``/``hi_in`` say whether the ends belong."""

    lo: float
    lo_in: bool
    hi: float
    hi_in: bool


class Numbers(NamedTuple):
    """A set of numbers (disjoint sorted spans) and of special values ("not answered")."""

    spans: tuple[Span, ...]
    atoms: frozenset[str] = frozenset()
    integer: bool = False  # only whole numbers: spans are kept closed at whole ends


# A finite variable's set is a bit mask over its list of possible values.
Values = Numbers | int
Box = dict[str, Values]  # variable -> the values it may take; absent: any value
Region = list[Box]  # a union of boxes


def _whole(s: Span) -> Span | None:
    lo = math.ceil(s.lo) if math.isfinite(s.lo) else s.lo
    if lo == s.lo and not s.lo_in and math.isfinite(lo):
        lo += 1
    hi = math.floor(s.hi) if math.isfinite(s.hi) else s.hi
    if hi == s.hi and not s.hi_in and math.isfinite(hi):
        hi -= 1
    return Span(lo, True, hi, True) if lo <= hi else None


def _meet(a: Span, b: Span) -> Span | None:
    lo, lo_in = (a.lo, a.lo_in) if a.lo > b.lo else (b.lo, b.lo_in) if b.lo > a.lo else (a.lo, a.lo_in and b.lo_in)
    hi, hi_in = (a.hi, a.hi_in) if a.hi < b.hi else (b.hi, b.hi_in) if b.hi < a.hi else (a.hi, a.hi_in and b.hi_in)
    if lo < hi or (lo == hi and lo_in and hi_in):
        return Span(lo, lo_in, hi, hi_in)
    return None


def _numbers(spans: list[Span], atoms: frozenset[str], integer: bool) -> Numbers:
    if integer:
        spans = [w for s in spans if (w := _whole(s)) is not None]
    spans.sort()
    return Numbers(tuple(spans), atoms, integer)


def numbers_between(lo: float, hi: float, *, integer: bool = False, atoms: frozenset[str] = frozenset()) -> Numbers:
    """Every number from ``lo`` to ``hi``, both included."""
    return _numbers([Span(lo, True, hi, True)] if lo <= hi else [], atoms, integer)


def numbers_where(bounds: tuple[tuple[str, float], ...]) -> Numbers:
    """The numbers that satisfy every comparison (lt, le, gt, ge) of ``bounds``."""
    lo, lo_in, hi, hi_in = -INF, True, INF, True
    for op, v in bounds:
        if math.isnan(v):
            raise Undecidable
        if op in ("lt", "le"):
            if v < hi or (v == hi and op == "lt"):
                hi, hi_in = v, op == "le"
        elif v > lo or (v == lo and op == "gt"):
            lo, lo_in = v, op == "ge"
    if lo < hi or (lo == hi and lo_in and hi_in):
        return Numbers((Span(lo, lo_in, hi, hi_in),))
    return Numbers(())


def inter(a: Values, b: Values) -> Values:
    if isinstance(a, int) or isinstance(b, int):
        assert isinstance(a, int) and isinstance(b, int)
        return a & b
    spans = [m for x in a.spans for y in b.spans if (m := _meet(x, y)) is not None]
    return _numbers(spans, a.atoms & b.atoms, a.integer or b.integer)


def minus(a: Values, b: Values) -> Values:
    if isinstance(a, int) or isinstance(b, int):
        assert isinstance(a, int) and isinstance(b, int)
        return a & ~b
    spans = list(a.spans)
    for y in b.spans:
        outside = (Span(-INF, True, y.lo, not y.lo_in), Span(y.hi, not y.hi_in, INF, True))
        spans = [m for x in spans for o in outside if (m := _meet(x, o)) is not None]
    return _numbers(spans, a.atoms - b.atoms, a.integer)


def is_empty(a: Values) -> bool:
    return a == 0 if isinstance(a, int) else not a.spans and not a.atoms


def box_empty(box: Box) -> bool:
    return any(is_empty(v) for v in box.values())


def box_inter(a: Box, b: Box) -> Box:
    out = dict(a)
    for var, values in b.items():
        out[var] = inter(out[var], values) if var in out else values
    return out


def region_inter(a: Region, b: Region, budget: Budget | None = None) -> Region:
    if budget is not None:
        budget.spend(len(a) * len(b))
    out = [m for x in a for y in b if not box_empty(m := box_inter(x, y))]
    if len(out) > MAX_BOXES:
        raise Undecidable
    return out


def box_minus(a: Box, b: Box, universe: dict[str, Values]) -> Region:
    """``a`` less ``b``, as disjoint boxes. ``universe`` gives each variable's full set."""
    if box_empty(box_inter(a, b)):
        return [a]
    out: Region = []
    rest = dict(a)
    for var, values in b.items():
        mine = rest.get(var, universe[var])
        piece = minus(mine, values)
        if not is_empty(piece):
            out.append({**rest, var: piece})
        rest[var] = inter(mine, values)
    return out


def region_minus(a: Region, b: Region, universe: dict[str, Values], budget: Budget | None = None) -> Region:
    """What of ``a`` lies outside every box of ``b``."""
    left = a
    for cut in b:
        if budget is not None:
            budget.spend(len(left))
        left = [piece for box in left for piece in box_minus(box, cut, universe)]
        if len(left) > MAX_BOXES:
            raise Undecidable
        if not left:
            break
    return left


def complement(a: Region, universe: dict[str, Values]) -> Region:
    return region_minus([{}], a, universe)


def _end(s: Span) -> tuple[float, int]:
    return (s.hi, 1 if s.hi_in else 0)


class Cover:
    """A union of number sets, built one set at a time: disjoint spans kept sorted.

    ``left`` (what of a set the union does not hold) and ``add`` find the spans that
    matter by bisection, so n rules on one number cost about n log n steps, not n^2.
    """

    __slots__ = ("atoms", "ends", "spans")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.ends: list[tuple[float, int]] = []  # each span's end, as _end gives it: sorted as the spans are
        self.atoms: frozenset[str] = frozenset()

    def left(self, x: Numbers, budget: Budget) -> Numbers:
        """``x`` less the union, exactly."""
        out: list[Span] = []
        spans = self.spans
        for s in x.spans:
            # the first span not wholly below s (ends before s starts, or touches it where one end is open)
            j = bisect_left(self.ends, (s.lo, 1 if s.lo_in else 2))
            cur: Span | None = s
            while cur is not None and j < len(spans):
                y = spans[j]
                if y.lo > cur.hi or (y.lo == cur.hi and not (y.lo_in and cur.hi_in)):
                    break  # y and every span after it lie above
                budget.spend(1)
                below = _meet(cur, Span(-INF, True, y.lo, not y.lo_in))
                if below is not None:
                    out.append(below)
                cur = _meet(cur, Span(y.hi, not y.hi_in, INF, True))
                j += 1
            if cur is not None:
                out.append(cur)
        return _numbers(out, x.atoms - self.atoms, x.integer)

    def add(self, x: Numbers, budget: Budget) -> None:
        """Make the union hold ``x`` too."""
        spans, ends = self.spans, self.ends
        for s in x.spans:
            # from the first span that meets or touches s to the last one
            j = k = bisect_left(ends, (s.lo, 0 if s.lo_in else 1))
            lo, lo_in, hi, hi_in = s
            while k < len(spans):
                y = spans[k]
                if y.lo > s.hi or (y.lo == s.hi and not y.lo_in and not s.hi_in):
                    break
                budget.spend(1)
                if y.lo < lo or (y.lo == lo and y.lo_in):
                    lo, lo_in = y.lo, y.lo_in
                if y.hi > hi or (y.hi == hi and y.hi_in):
                    hi, hi_in = y.hi, y.hi_in
                k += 1
            merged = Span(lo, lo_in, hi, hi_in)
            spans[j:k] = [merged]
            ends[j:k] = [_end(merged)]
        self.atoms |= x.atoms


def sample(values: Values) -> float | int | str:
    """One member: a number, a bit position, or an atom's name."""
    if isinstance(values, int):
        return (values & -values).bit_length() - 1
    if values.spans:
        s = values.spans[0]
        if s.lo_in and math.isfinite(s.lo):
            return s.lo
        if s.hi_in and math.isfinite(s.hi) and not math.isfinite(s.lo):
            return s.hi
        if math.isfinite(s.lo) and math.isfinite(s.hi):
            return (s.lo + s.hi) / 2
        return s.lo + 1 if math.isfinite(s.lo) else s.hi - 1 if math.isfinite(s.hi) else 0.0
    return min(values.atoms)

"""What each answer can be, seen from one node: the universes rule analysis works in.

A numeric answer ranges over its question's min..max (whole numbers if ``integer``), a
computed value over the range its expression can reach from its inputs' ranges, a
single-choice answer over the option ids, a multi answer over the sets it may be
(non-empty; an exclusive option alone; with more than ``MAX_MULTI_OPTIONS`` options, each
option becomes a yes/no variable of its own, a superset of the allowed sets), and "the
consult passed node N" over yes/no.
An answer that is not given on every path to the node may also be missing.
Conditions become regions (lnnav.checks.regions) over these universes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import combinations
from typing import NamedTuple

from lnnav.checks.arith import closed_range
from lnnav.checks.regions import (
    MAX_BOXES,
    Numbers,
    Region,
    Undecidable,
    Values,
    complement,
    inter,
    is_empty,
    numbers_between,
    numbers_where,
    region_inter,
    sample,
)
from lnnav.model.conditions import (
    AllOf,
    Always,
    Answer,
    Answered,
    AnswerIs,
    AnyOf,
    Compare,
    Condition,
    Includes,
    Not,
    Proposed,
    Reached,
)
from lnnav.model.guideline import Compute, Guideline, MultiQuestion, NumericQuestion, Question, fmt_num

MISSING = "not answered"
MAX_MULTI_OPTIONS = 8  # up to 2**8 sets are listed one by one; a larger multi has one yes/no per option
HAS = ":has:"  # "drugs:has:mmf": whether option mmf is in the answer to drugs (ids never hold a colon)
# Computed values are rounded to 6 decimals and computed in floating point: widen derived
# ranges by more than either can move a value, so that the range always holds the value.
_SLACK = 1e-6


class Var(NamedTuple):
    kind: str  # number, single, multi, flags (a large multi), flag (one of its options) or reached
    answered: Values  # every value it may take once given
    values: tuple[object, ...] = ()  # finite kinds: what each bit of a mask stands for; flags: the option ids
    exclusive: frozenset[str] = frozenset()  # flags: the options that may only be chosen alone


class Variables:
    """The universe of every variable, shared by all nodes (no per-node state here)."""

    def __init__(self, g: Guideline, answered_before: Callable[[str, str], bool]) -> None:
        self.g = g
        self.answered_before = answered_before
        self._vars: dict[str, Var] = {}
        self._ranges: dict[str, tuple[float, float] | None] = {}
        # option lists and tests recur from question to question: each set list and mask is made once
        self._sets: dict[tuple[tuple[str, ...], frozenset[str]], tuple[tuple[str, ...], ...]] = {}
        self._masks: dict[tuple[tuple[object, ...], str, tuple[str, ...]], int] = {}

    def var(self, name: str) -> Var:
        found = self._vars.get(name)
        if found is None:
            found = self._vars[name] = self._make(name)
        return found

    def _make(self, name: str) -> Var:
        if name.startswith("reached:"):
            return Var("reached", 0b01, (True, False))
        if HAS in name:
            return Var("flag", 0b11, (True, False))
        node = self.g.nodes.get(name)
        if isinstance(node, NumericQuestion):
            if not (math.isfinite(node.minimum) and math.isfinite(node.maximum)):
                raise Undecidable
            return Var("number", numbers_between(node.minimum, node.maximum, integer=node.integer))
        if isinstance(node, Compute):
            known = self.compute_range(name)
            if known is None:  # any float, or NaN after an overflow
                return Var("number", Numbers(numbers_between(-math.inf, math.inf).spans, frozenset({"nan"})))
            return Var("number", numbers_between(known[0] - _SLACK, known[1] + _SLACK))
        if isinstance(node, Question):
            ids = tuple(dict.fromkeys(o.id for o in node.options))
            return Var("single", (1 << len(ids)) - 1, ids)
        if isinstance(node, MultiQuestion):
            ids = tuple(dict.fromkeys(o.id for o in node.options))
            exclusive = frozenset(o.id for o in node.options if o.exclusive)
            if len(ids) > MAX_MULTI_OPTIONS:
                return Var("flags", 0b01, ids, exclusive)
            sets = self._sets.get((ids, exclusive))
            if sets is None:
                sets = self._sets[ids, exclusive] = tuple(
                    chosen for size in range(1, len(ids) + 1) for chosen in combinations(ids, size)
                    if size == 1 or not exclusive.intersection(chosen))
            return Var("multi", (1 << len(sets)) - 1, sets)
        raise Undecidable

    def includes(self, var: Var, mode: str, values: tuple[str, ...]) -> int:
        """The sets of a multi answer that hold any (or all) of ``values``, as a mask."""
        key = (var.values, mode, values)
        found = self._masks.get(key)
        if found is None:
            test = any if mode == "any" else all
            found = self._masks[key] = _mask(var, lambda x: isinstance(x, tuple) and test(i in x for i in values))
        return found

    def compute_range(self, name: str) -> tuple[float, float] | None:
        """Lowest and highest value a compute node can give, or None when unknown."""
        if name in self._ranges:
            return self._ranges[name]
        self._ranges[name] = None  # a compute node that reads itself stays unknown
        node = self.g.nodes.get(name)
        found: tuple[float, float] | None = None
        if isinstance(node, NumericQuestion) and math.isfinite(node.minimum) and math.isfinite(node.maximum):
            found = (node.minimum, node.maximum)
        elif isinstance(node, Compute):
            found = closed_range(node.expr, self.compute_range)
        if found is not None and not (math.isfinite(found[0]) and math.isfinite(found[1])):
            found = None
        self._ranges[name] = found
        return found


class Scope:
    """The variables as seen from one node: an answer not given on every path may be missing."""

    def __init__(self, variables: Variables, node_id: str) -> None:
        self.vars = variables
        self.node_id = node_id
        self.universe: dict[str, Values] = {}

    def full(self, name: str) -> Values:
        if name not in self.universe:
            var = self.vars.var(name)
            sure = self.vars.answered_before(name.removeprefix("reached:"), self.node_id)
            if var.kind == "flag":
                self.universe[name] = var.answered
            elif var.kind == "reached":
                self.universe[name] = 0b01 if sure else 0b11
            elif sure:
                self.universe[name] = var.answered
            elif isinstance(var.answered, int):  # one more bit, past the values: not answered
                self.universe[name] = var.answered | (1 << len(var.values))
            else:
                self.universe[name] = var.answered._replace(atoms=var.answered.atoms | {MISSING})
        return self.universe[name]

    def _leaf(self, name: str, kind: str, pick: Callable[[Var], Values]) -> Region:
        var = self.vars.var(name)
        if var.kind != kind and kind != "any":
            raise Undecidable  # a type slip, reported by the name checks
        self.full(name)
        chosen = pick(var)
        return [] if is_empty(chosen) else [{name: chosen}]

    def region(self, cond: Condition) -> Region:
        """Where ``cond`` holds, exactly; Undecidable when that cannot be worked out."""
        if isinstance(cond, Compare):
            return self._leaf(cond.question, "number", lambda v: inter(v.answered, numbers_where(cond.bounds)))
        if isinstance(cond, AnswerIs):
            return self._leaf(cond.question, "single", lambda v: _mask(v, lambda x: x in cond.values))
        if isinstance(cond, Includes) and self.vars.var(cond.question).kind == "flags":
            return self._flags(cond)
        if isinstance(cond, Includes):
            return self._leaf(cond.question, "multi", lambda v: self.vars.includes(v, cond.mode, cond.values))
        if isinstance(cond, Answered):
            return self._leaf(cond.question, "any", lambda v: v.answered)
        if isinstance(cond, Reached):
            if cond.node == self.node_id or cond.node not in self.vars.g.nodes:
                raise Undecidable
            return self._leaf(f"reached:{cond.node}", "reached", lambda v: 0b01)
        if isinstance(cond, Always):
            return [{}]
        if isinstance(cond, Proposed):  # decided by the outcome's actions, not by answers
            raise Undecidable
        if isinstance(cond, AllOf):
            out: Region = [{}]
            for item in cond.items:
                out = region_inter(out, self.region(item))
            return out
        if isinstance(cond, AnyOf):
            out = [box for item in cond.items for box in self.region(item)]
            if len(out) > MAX_BOXES:
                raise Undecidable
            return out
        return complement(self.region(cond.item), self.universe)

    def _flags(self, cond: Includes) -> Region:
        """``includes`` on a large multi: one yes/no per option named."""
        ids = self.vars.var(cond.question).values
        names = [f"{cond.question}{HAS}{v}" for v in cond.values if v in ids]
        for name in names:
            self.full(name)
        if cond.mode == "any":
            return [{name: 0b01} for name in names]
        if len(names) < len(cond.values):
            return []
        return self._leaf(cond.question, "any", lambda v: v.answered) if not names else [dict.fromkeys(names, 0b01)]

    def point(self, box: dict[str, Values], names: list[str]) -> tuple[dict[str, Answer], frozenset[str], str]:
        """One consult inside ``box``: its answers, the nodes it passed, and those in words."""
        answers: dict[str, Answer] = {}
        passed: list[str] = []
        words: list[str] = []
        for name in names:
            var = self.vars.var(name)
            got = sample(box.get(name, self.full(name)))
            if var.kind == "reached":
                node = name.removeprefix("reached:")
                passed += [node] if got == 0 else []
                words.append(f"{'the consult passed' if got == 0 else 'the consult did not pass'} {node}")
                continue
            if var.kind == "flags":
                got_answer = box.get(name, self.full(name))
                chosen = tuple(str(i) for i in var.values if box.get(f"{name}{HAS}{i}") == 0b01)
                if not chosen:  # an answer names at least one option: one the box leaves free
                    free = [str(i) for i in var.values if _allows(box.get(f"{name}{HAS}{i}", 0b11))]
                    chosen = tuple(sorted(free, key=lambda i: i in var.exclusive)[:1])
                given = isinstance(got_answer, int) and got_answer & 0b01
                if not chosen or (var.exclusive & set(chosen) and len(chosen) > 1) or not given:
                    raise Undecidable  # outside the sets a multi answer may be: no honest example
                answers[name] = chosen
                words.append(f"{name} = [{', '.join(chosen)}]")
                continue
            if got == MISSING or (isinstance(got, int) and var.kind != "number" and got >= len(var.values)):
                words.append(f"{name} not answered")
                continue
            if var.kind == "number":
                answers[name] = float(got) if got != "nan" else math.nan
                words.append(f"{name} = {fmt_num(float(got))}")
                continue
            value = var.values[int(got)]
            answers[name] = value if isinstance(value, (str, tuple)) else str(value)
            words.append(f"{name} = [{', '.join(value)}]" if isinstance(value, tuple) else f"{name} = {value}")
        return answers, frozenset(passed), " and ".join(words)


def _allows(values: Values) -> bool:
    return isinstance(values, int) and bool(values & 0b01)


def _mask(var: Var, test: Callable[[object], bool]) -> int:
    return sum(1 << i for i, value in enumerate(var.values) if test(value))


def names_in(conds: list[Condition], out: dict[str, None] | None = None) -> list[str]:
    """The variables the conditions read, in order of first appearance."""
    found: dict[str, None] = {} if out is None else out
    for cond in conds:
        if isinstance(cond, (Compare, AnswerIs, Includes, Answered)):
            found.setdefault(cond.question)
        elif isinstance(cond, Reached):
            found.setdefault(f"reached:{cond.node}")
        elif isinstance(cond, (AllOf, AnyOf)):
            names_in(list(cond.items), found)
        elif isinstance(cond, Not):
            names_in([cond.item], found)
    return list(found)


def numeric_range(g: Guideline, name: str) -> str:
    """A numeric question's range in words, or "" for anything else."""
    node = g.nodes.get(name)
    if not isinstance(node, NumericQuestion):
        return ""
    return f"{fmt_num(node.minimum)} to {fmt_num(node.maximum)} {node.unit}".strip()


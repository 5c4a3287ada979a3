"""Declarative conditions: the records, evaluated against a consult, and put in words. Never eval.

Conditions are data, read from YAML by lnnav.format.conditions; never Python eval.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from typing import Literal

from lnnav.base.records import NamedTuple
from lnnav.base.source import NO_SOURCE, Source

Answer = str | float | tuple[str, ...]  # an option id, a number, or the option ids of a multi answer

CompareOp = Literal["lt", "le", "gt", "ge"]
COMPARE_OPS: tuple[CompareOp, ...] = ("lt", "le", "gt", "ge")
COMPARE_SYMBOLS: dict[CompareOp, str] = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}  # as every output writes them


class AnswerIs(NamedTuple):
    """The answer to ``question`` is one of ``values`` (``equals`` or ``in``)."""

    question: str
    values: tuple[str, ...]
    source: Source = NO_SOURCE


class Compare(NamedTuple):
    """The numeric answer to ``question`` satisfies every comparison given."""

    question: str
    bounds: tuple[tuple[CompareOp, float], ...]
    source: Source = NO_SOURCE


class Reached(NamedTuple):
    """The consult passed through node ``node`` (a question, a decision, a computed value or the outcome)."""

    node: str
    source: Source = NO_SOURCE


class Includes(NamedTuple):
    """The set answered to a ``multi`` question contains any (or all) of ``values``."""

    question: str
    values: tuple[str, ...]
    mode: Literal["any", "all"] = "any"
    source: Source = NO_SOURCE


class Answered(NamedTuple):
    """``question`` (a question or computed value) has a value in this consult."""

    question: str
    source: Source = NO_SOURCE


class Always(NamedTuple):
    """Holds for every consult: a caution every outcome carries."""

    source: Source = NO_SOURCE


class Proposed(NamedTuple):
    """An action shown on the outcome proposes one of ``drugs`` (``proposed``/``proposed_any``).

    Decided after withholding; a class counts as proposed when one of its members is.
    Only alerts and an outcome's cautions may test it (validate says so elsewhere).
    """

    drugs: tuple[str, ...]
    source: Source = NO_SOURCE


class AllOf(NamedTuple):
    items: tuple[Condition, ...]
    source: Source = NO_SOURCE


class AnyOf(NamedTuple):
    items: tuple[Condition, ...]
    source: Source = NO_SOURCE


class Not(NamedTuple):
    item: Condition
    source: Source = NO_SOURCE


Condition = AnswerIs | Compare | Includes | Answered | Reached | Always | Proposed | AllOf | AnyOf | Not


def compare(value: float, op: CompareOp, bound: float) -> bool:
    if op == "lt":
        return value < bound
    if op == "le":
        return value <= bound
    if op == "gt":
        return value > bound
    return value >= bound


def holds(cond: Condition, answers: Mapping[str, Answer], reached: Set[str], proposed: Set[str] = frozenset()) -> bool:
    """Whether ``cond`` holds for a consult with these answers, through these nodes.

    ``proposed`` is the drugs the outcome's shown actions propose, their classes
    included (lnnav.model.withholding); empty before the outcome is decided.
    """
    if isinstance(cond, AnswerIs):
        value = answers.get(cond.question)
        return isinstance(value, str) and value in cond.values
    if isinstance(cond, Compare):
        value = answers.get(cond.question)
        if not isinstance(value, float):
            return False
        return all(compare(value, op, bound) for op, bound in cond.bounds)
    if isinstance(cond, Includes):
        chosen = answers.get(cond.question)
        if not isinstance(chosen, tuple):
            return False
        test = any if cond.mode == "any" else all
        return test(v in chosen for v in cond.values)
    if isinstance(cond, Answered):
        return cond.question in answers
    if isinstance(cond, Reached):
        return cond.node in reached
    if isinstance(cond, Always):
        return True
    if isinstance(cond, Proposed):
        return any(d in proposed for d in cond.drugs)
    if isinstance(cond, AllOf):
        return all(holds(c, answers, reached, proposed) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, answers, reached, proposed) for c in cond.items)
    return not holds(cond.item, answers, reached, proposed)


def walk(cond: Condition) -> Iterator[Condition]:
    """Every condition inside ``cond``, itself included."""
    yield cond
    if isinstance(cond, (AllOf, AnyOf)):
        for item in cond.items:
            yield from walk(item)
    elif isinstance(cond, Not):
        yield from walk(cond.item)


def describe_condition(cond: Condition) -> str:
    """A condition as a reader would say it, for explanations and graphs: a group is bracketed
    only inside another condition ("a and (b or c)"), never around the whole ("((a and b) or c)")."""
    said = _described(cond)
    return said[1:-1] if isinstance(cond, (AllOf, AnyOf)) else said


def _described(cond: Condition) -> str:
    if isinstance(cond, AnswerIs):
        if len(cond.values) == 1:
            return f"{cond.question} = {cond.values[0]}"
        return f"{cond.question} in ({', '.join(cond.values)})"
    if isinstance(cond, Compare):
        return " and ".join(f"{cond.question} {COMPARE_SYMBOLS[op]} {bound:g}" for op, bound in cond.bounds)
    if isinstance(cond, Includes):
        if len(cond.values) == 1:
            return f"{cond.question} includes {cond.values[0]}"
        return f"{cond.question} includes {cond.mode} of ({', '.join(cond.values)})"
    if isinstance(cond, Answered):
        return f"{cond.question} answered"
    if isinstance(cond, Reached):
        return f"reached {cond.node}"
    if isinstance(cond, Always):
        return "always"
    if isinstance(cond, Proposed):
        return f"proposed {cond.drugs[0]}" if len(cond.drugs) == 1 else f"proposed any of ({', '.join(cond.drugs)})"
    if isinstance(cond, AllOf):
        return "(" + " and ".join(_described(c) for c in cond.items) + ")"
    if isinstance(cond, AnyOf):
        return "(" + " or ".join(_described(c) for c in cond.items) + ")"
    return f"not {_described(cond.item)}"

"""Pure walking of a guideline: one loop for interactive and scripted consults.

``navigate(guideline, ask)`` asks questions through ``ask`` (questionary, or a
lookup in scripted answers) and returns the whole walk: every step with the
rule that moved it on, the outcome, the alerts that fired and the references.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from lnnav.calculators import REGISTRY, Result
from lnnav.conditions import Answer, compare, describe_condition, holds
from lnnav.errors import AnswersError, GuidelineError, Issue
from lnnav.model import (
    Alert,
    AskNode,
    Calculator,
    Guideline,
    NumericQuestion,
    Question,
    Recommendation,
    Reference,
    fmt_num,
)


class Back:
    """Returned by ``ask`` to go back to the previous question."""


BACK = Back()


class Prompt(NamedTuple):
    """One question to put to the user, with what they answered before, if anything."""

    node: AskNode
    default: Answer | None
    can_go_back: bool
    number: int  # 1-based position of this question in the consult


Ask = Callable[[Prompt], "Answer | Back"]


class Step(NamedTuple):
    node: str
    kind: str
    text: str
    answer: Answer
    label: str
    next: str
    rule: str = ""
    result: Result | None = None


class FiredAlert(NamedTuple):
    alert: Alert
    because: str


class Walk(NamedTuple):
    guideline: Guideline
    steps: tuple[Step, ...]
    outcome: Recommendation
    alerts: tuple[FiredAlert, ...]
    references: tuple[Reference, ...]

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers given, in the order asked (calculated steps left out)."""
        return {s.node: s.answer for s in self.steps if s.kind != "calculator"}


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _norm_unit(unit: str) -> str:
    return unit.replace(" ", "").replace("µ", "u").replace("μ", "u").lower()


def parse_number(q: NumericQuestion, text: str) -> float:
    """Read a typed number, with or without its unit; ValueError says what to type."""
    m = _NUMBER.match(text)
    if not m:
        raise ValueError(f"enter a number in {q.unit} between {fmt_num(q.minimum)} and {fmt_num(q.maximum)}")
    value, unit = float(m.group(1)), m.group(2)
    if unit and _norm_unit(unit) != _norm_unit(q.unit):
        raise ValueError(f"this question takes {q.unit}, not {unit}; convert the value to {q.unit}")
    check_number(q, value)
    return value


def check_number(q: NumericQuestion, value: float) -> None:
    """ValueError unless ``value`` is allowed for ``q``."""
    if math.isnan(value) or not q.minimum <= value <= q.maximum:
        raise ValueError(f"{fmt_num(value)} {q.unit} is out of range: enter {fmt_num(q.minimum)} to "
                         f"{fmt_num(q.maximum)} {q.unit}")
    if q.integer and value != int(value):
        raise ValueError(f"enter a whole number of {q.unit}")


def allowed_values(node: AskNode) -> str:
    """What a question accepts, as a user would type it."""
    if isinstance(node, Question):
        return ", ".join(o.id for o in node.options)
    whole = " (whole number)" if node.integer else ""
    return f"a number from {fmt_num(node.minimum)} to {fmt_num(node.maximum)} {node.unit}{whole}"


def answer_label(node: AskNode, answer: Answer) -> str:
    if isinstance(node, Question):
        opt = node.option(str(answer))
        return opt.label if opt else str(answer)
    assert isinstance(answer, float)
    return f"{fmt_num(answer)} {node.unit}"


def _advance(node: AskNode, answer: Answer) -> tuple[str, str]:
    """Where an answer leads, and the rule that sent it there."""
    if isinstance(node, Question):
        opt = node.option(str(answer))
        if opt is None:
            raise AnswersError(f'"{answer}" is not an answer of "{node.id}" ({node.text}); allowed: '
                               f"{allowed_values(node)}")
        return opt.next, f"option {opt.id}"
    if not isinstance(answer, float):
        raise AnswersError(f'"{node.id}" ({node.text}) needs {allowed_values(node)}')
    try:
        check_number(node, answer)
    except ValueError as exc:
        raise AnswersError(f'"{node.id}" ({node.text}): {exc}') from None
    for branch in node.branches:
        if all(compare(answer, op, bound) for op, bound in branch.bounds):
            return branch.next, f"{fmt_num(answer)} {node.unit}: {branch.label}"
    raise GuidelineError([Issue(node.source, f'no branch of "{node.id}" matches {fmt_num(answer)}')])


def calculate(node: Calculator, answers: Mapping[str, Answer]) -> Result:
    """Run a calculator node on the numeric answers already given."""
    spec = REGISTRY[node.calculator]
    values: dict[str, float] = {}
    for name, qid in node.inputs:
        value = answers.get(qid)
        if not isinstance(value, float):
            raise GuidelineError([Issue(node.source, f'calculator "{node.id}" needs "{qid}", which was not answered')])
        values[name] = value
    return spec.compute(values)


def navigate(g: Guideline, ask: Ask, *, max_steps: int = 100_000) -> Walk:
    """Walk ``g`` from its start node to a recommendation, asking through ``ask``.

    ``ask`` may return ``BACK``: the walk then returns to the previous question,
    offering the earlier answer as the default. Calculated steps are re-derived.
    """
    steps: list[Step] = []
    memory: dict[str, Answer] = {}
    node_id = g.start
    for _ in range(max_steps):
        node = g.nodes[node_id]
        if isinstance(node, Recommendation):
            return _finish(g, steps, node)
        answers = {s.node: s.answer for s in steps}
        if isinstance(node, Calculator):
            result = calculate(node, answers)
            target = dict((cat, nxt) for cat, nxt, _ in node.branches)[result.category]
            steps.append(Step(node.id, node.kind, node.text, result.category, result.category, target, result.rule,
                              result))
            node_id = target
            continue
        asked = sum(1 for s in steps if s.kind != "calculator")
        reply = ask(Prompt(node, memory.get(node.id), asked > 0, asked + 1))
        if isinstance(reply, Back):
            while steps:
                popped = steps.pop()
                if popped.kind != "calculator":
                    node_id = popped.node
                    break
            continue
        target, rule = _advance(node, reply)
        memory[node.id] = reply
        steps.append(Step(node.id, node.kind, node.text, reply, answer_label(node, reply), target, rule))
        node_id = target
    raise GuidelineError([Issue(g.source, f"the consult did not end within {max_steps} steps")])


def _finish(g: Guideline, steps: list[Step], outcome: Recommendation) -> Walk:
    answers = {s.node: s.answer for s in steps}
    reached = frozenset([*answers, outcome.id])
    fired = tuple(FiredAlert(a, describe_condition(a.when)) for a in g.alerts if holds(a.when, answers, reached))
    ref_ids: list[str] = []
    for rid in [*outcome.references, *(r for f in fired for r in f.alert.references)]:
        if rid not in ref_ids:
            ref_ids.append(rid)
    refs = tuple(g.references[r] for r in ref_ids if r in g.references)
    return Walk(g, tuple(steps), outcome, fired, refs)

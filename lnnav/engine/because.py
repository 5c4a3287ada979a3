"""Why an alert fired for this consult: only the parts of its condition that held, in a sentence or two.

An alert's condition is written for every patient ("any of these 17 drugs, or any
of these outcomes"); the learner needs the part that was true for this one.
``parts`` reduces a condition that held to what held, in the guideline's words;
``sentence`` says it in at most two short sentences, none repeated.
"""

from __future__ import annotations

from collections.abc import Mapping

from lnnav.model.conditions import (
    COMPARE_SYMBOLS,
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
    compare,
    holds,
)
from lnnav.model.guideline import Compute, Guideline, NumericQuestion, fmt_computed, fmt_num, with_unit
from lnnav.model.wording import describe_node, drug_names, readable_condition, text_of, value_label

_NEGATED = {"lt": ">=", "le": ">", "gt": "<=", "ge": "<"}


def parts(g: Guideline, cond: Condition, answers: Mapping[str, Answer], reached: frozenset[str],
          outcome: str = "", proposed: frozenset[str] = frozenset()) -> list[str]:
    """The parts of ``cond`` that held, each a short clause; empty when ``cond`` did not hold.

    Of an ``any``, only the items that held are kept; of an ``all``, every item (all held).
    ``outcome`` is the consult's outcome: reaching it is said as "this recommendation".
    """
    if not holds(cond, answers, reached, proposed):
        return []
    if isinstance(cond, (AllOf, AnyOf)):
        return _unique([p for c in cond.items for p in parts(g, c, answers, reached, outcome, proposed)])
    if isinstance(cond, Proposed):
        return [f"this recommendation proposes {drug_names(g, tuple(d for d in cond.drugs if d in proposed))}"]
    if isinstance(cond, Reached) and cond.node == outcome:
        return ["it goes with this recommendation"]
    return [_clause(g, cond, answers)]


def sentence(held: list[str]) -> str:
    """At most two short sentences: the first reason, then how many more held (or the one more)."""
    if not held:
        return "fired."
    first = f"fired because {held[0]}."  # it follows the alert's title
    if len(held) == 1:
        return first
    if len(held) == 2:
        return f"{first} Also, {held[1]}."
    return f"{first} {len(held) - 1} other parts of its condition held too, for example {held[1]}."


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _quoted(g: Guideline, node_id: str) -> str:
    return f'"{" ".join(text_of(g, node_id).split())}"'


def _number(g: Guideline, node_id: str, value: float, *, bound: bool = False) -> str:
    """A value read (a computed one at 3 significant digits), or a threshold written in the guideline (in full)."""
    node = g.nodes.get(node_id)
    if isinstance(node, Compute) and not bound:
        return fmt_computed(value, node.unit)
    unit = node.unit if isinstance(node, (NumericQuestion, Compute)) and node.unit else ""
    return with_unit(fmt_num(value), unit)


def _clause(g: Guideline, cond: Condition, answers: Mapping[str, Answer]) -> str:
    """One condition that held, with the answer that made it hold."""
    if isinstance(cond, AnswerIs):
        return f'{_quoted(g, cond.question)} was "{value_label(g, cond.question, str(answers.get(cond.question)))}"'
    if isinstance(cond, Compare):
        value = answers.get(cond.question)
        shown = _number(g, cond.question, value) if isinstance(value, float) else str(value)
        bounds = " and ".join(f"{COMPARE_SYMBOLS[op]} {_number(g, cond.question, b, bound=True)}"
                              for op, b in cond.bounds)
        return f"{_quoted(g, cond.question)} was {shown} ({bounds})"
    if isinstance(cond, Includes):
        chosen = answers.get(cond.question)
        hit = [v for v in cond.values if isinstance(chosen, tuple) and v in chosen]
        labels = ", ".join(f'"{value_label(g, cond.question, v)}"' for v in hit)
        return f"{_quoted(g, cond.question)} included {labels}"
    if isinstance(cond, Answered):
        return f"{_quoted(g, cond.question)} was answered"
    if isinstance(cond, Reached):
        return f"the consult reached {describe_node(g, cond.node)}"
    if isinstance(cond, Always):
        return "it applies to every consult"
    if isinstance(cond, Not):
        return _negated(g, cond.item, answers)
    return readable_condition(g, cond)  # pragma: no cover - all and any are split by parts()


def _negated(g: Guideline, cond: Condition, answers: Mapping[str, Answer]) -> str:
    """A condition that did not hold, said positively where a plain phrasing exists."""
    if isinstance(cond, AnswerIs):
        value = answers.get(cond.question)
        if value is None:
            return f"{_quoted(g, cond.question)} was not answered"
        return f'{_quoted(g, cond.question)} was "{value_label(g, cond.question, str(value))}"'
    if isinstance(cond, Compare):
        value = answers.get(cond.question)
        if not isinstance(value, float):
            return f"{_quoted(g, cond.question)} was not answered"
        failed = [(op, b) for op, b in cond.bounds if not compare(value, op, b)]
        bounds = " and ".join(f"{_NEGATED[op]} {_number(g, cond.question, b)}" for op, b in failed)
        return f"{_quoted(g, cond.question)} was {_number(g, cond.question, value)} ({bounds})"
    if isinstance(cond, Includes):
        return f"{_quoted(g, cond.question)} did not include {readable_condition(g, cond).split(' includes ', 1)[1]}"
    if isinstance(cond, Answered):
        return f"{_quoted(g, cond.question)} was not answered"
    if isinstance(cond, Reached):
        return f"the consult did not reach {describe_node(g, cond.node)}"
    if isinstance(cond, Proposed):
        return f"this recommendation does not propose {drug_names(g, cond.drugs)}"
    return f"not {readable_condition(g, cond)}"

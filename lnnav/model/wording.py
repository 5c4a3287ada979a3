"""Conditions and nodes in the words of the guideline (question texts, option labels), not ids."""

from __future__ import annotations

from lnnav.model.conditions import (
    COMPARE_SYMBOLS,
    AllOf,
    Always,
    Answered,
    AnswerIs,
    AnyOf,
    Compare,
    Condition,
    Includes,
    Proposed,
    Reached,
)
from lnnav.model.guideline import (
    Compute,
    Guideline,
    MultiQuestion,
    NumericQuestion,
    Question,
    Recommendation,
    Route,
    fmt_num,
    node_text,
    with_unit,
)


def describe_node(g: Guideline, node_id: str) -> str:
    """How a node reads in a sentence: 'the question "..."', 'the recommendation "..."'."""
    node = g.nodes.get(node_id)
    if isinstance(node, Recommendation):
        return f'the recommendation "{node.title}"'
    if isinstance(node, Compute):
        return f'the calculation "{node.text}"'
    if isinstance(node, Route):
        return f'the decision "{node.text}"'
    if isinstance(node, (Question, NumericQuestion, MultiQuestion)):
        return f'the question "{node.text}"'
    return f'"{node_id}"'


def readable_condition(g: Guideline, cond: Condition) -> str:
    """A condition in the words of its questions and answers, not their ids (a group bracketed only
    inside another condition)."""
    said = _readable(g, cond)
    return said[1:-1] if isinstance(cond, (AllOf, AnyOf)) else said


def _readable(g: Guideline, cond: Condition) -> str:
    if isinstance(cond, AnswerIs):
        q = g.nodes.get(cond.question)
        labels = [value_label(g, cond.question, v) for v in cond.values]
        what = f'"{labels[0]}"' if len(labels) == 1 else "one of " + ", ".join(f'"{x}"' for x in labels)
        return f'"{text_of(g, cond.question)}" is {what}' if q is not None else f"{cond.question} is {what}"
    if isinstance(cond, Compare):
        q = g.nodes.get(cond.question)
        unit = q.unit if isinstance(q, (NumericQuestion, Compute)) else ""
        bounds = " and ".join(f"{COMPARE_SYMBOLS[op]} {with_unit(fmt_num(v), unit)}" for op, v in cond.bounds)
        return f'"{text_of(g, cond.question)}" {bounds}'
    if isinstance(cond, Includes):
        labels = [f'"{value_label(g, cond.question, v)}"' for v in cond.values]
        what = labels[0] if len(labels) == 1 else ("any of " if cond.mode == "any" else "all of ") + ", ".join(labels)
        return f'"{text_of(g, cond.question)}" includes {what}'
    if isinstance(cond, Answered):
        return f'"{text_of(g, cond.question)}" was answered'
    if isinstance(cond, Reached):
        return f"the consult reached {describe_node(g, cond.node)}"
    if isinstance(cond, Always):
        return "it applies to every consult"
    if isinstance(cond, Proposed):
        return f"this recommendation proposes {drug_names(g, cond.drugs)}"
    if isinstance(cond, AllOf):
        return "(" + " and ".join(_readable(g, c) for c in cond.items) + ")"
    if isinstance(cond, AnyOf):
        return "(" + " or ".join(_readable(g, c) for c in cond.items) + ")"
    return f"not {_readable(g, cond.item)}"


def text_of(g: Guideline, node_id: str) -> str:
    node = g.nodes.get(node_id)
    return node_text(node) if node is not None else node_id


def value_label(g: Guideline, qid: str, value: str) -> str:
    node = g.nodes.get(qid)
    if isinstance(node, (Question, MultiQuestion)):
        opt = node.option(value)
        return opt.label if opt else value
    return value


def drug_names(g: Guideline, drug_ids: tuple[str, ...]) -> str:
    """Drugs by their catalogue names: "Belimumab", "Tacrolimus or Voclosporin"."""
    names = {d.id: d.name for d in g.drugs}
    said = [names.get(d, d) for d in drug_ids]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]

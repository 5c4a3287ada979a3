"""A teaching handout in two parts: the worksheet (case and questions) and the answer key (the rest).

The worksheet is what a learner gets first: the questions the consult asked, in
order, with the choices as offered, and nothing of what was answered or recommended.
Front-ends (``html``, ``markdown``) lay it out; this module only says what is on it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from lnnav.engine.walk import Walk, visible_options
from lnnav.model.conditions import Answer
from lnnav.model.guideline import MultiQuestion, NumericQuestion, Question, fmt_num

Part = Literal["full", "worksheet", "answer-key"]
PARTS: tuple[Part, ...] = ("full", "worksheet", "answer-key")


class WorksheetQuestion(NamedTuple):
    number: int
    text: str
    definition: str  # the first paragraph of the help: the short definition, not the evidence
    choices: tuple[str, ...]  # option labels as offered; empty for a number
    many: bool  # choose all that apply
    unit: str  # a number's unit and range


def first_paragraph(text: str) -> str:
    """The help text's short definition: up to its first blank line, on one line."""
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def questions(walk: Walk) -> tuple[WorksheetQuestion, ...]:
    """The questions of a consult, in the order asked, as a learner would be asked them."""
    g = walk.guideline
    out: list[WorksheetQuestion] = []
    values: dict[str, Answer] = {}
    reached: set[str] = set()
    for step in walk.steps:
        node = g.nodes.get(step.node)
        if step.answered and isinstance(node, (Question, MultiQuestion, NumericQuestion)):
            choices: tuple[str, ...] = ()
            unit = ""
            if isinstance(node, NumericQuestion):
                unit = f"{node.unit}, {fmt_num(node.minimum)} to {fmt_num(node.maximum)}"
            else:
                choices = tuple(o.label for o in visible_options(node, values, frozenset(reached)))
            out.append(WorksheetQuestion(len(out) + 1, node.text, first_paragraph(node.help), choices,
                                         isinstance(node, MultiQuestion), unit))
        if step.kind != "route":
            values[step.node] = step.answer
        reached.add(step.node)
    return tuple(out)

"""A teaching handout in two parts: the worksheet (case and questions) and the answer key (the rest).

The worksheet is what a learner gets first: the case and questions with their choices,
and nothing of what was answered or recommended. Which questions (``Listing``): "every"
question of every branch the case could take (the default: the list does not show the
way), the "path" the consult took (in order, choices as offered: it gives the branch
away, since each question shows where the answer before it led), or "none" (the case
facts only). Front-ends (``html``, ``markdown``) lay it out; this module only says what is on it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from lnnav.engine.walk import Walk, is_value, visible_options
from lnnav.model.conditions import Answer
from lnnav.model.edges import edges_of
from lnnav.model.guideline import AskNode, Guideline, MultiQuestion, NumericQuestion, Question, fmt_num

Part = Literal["full", "worksheet", "answer-key"]
PARTS: tuple[Part, ...] = ("full", "worksheet", "answer-key")
Listing = Literal["every", "path", "none"]
LISTINGS: tuple[Listing, ...] = ("every", "path", "none")


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
            choices = () if isinstance(node, NumericQuestion) else tuple(
                o.label for o in visible_options(node, values, frozenset(reached)))
            out.append(_question(len(out) + 1, node, choices))
        if is_value(step):
            values[step.node] = step.answer
        reached.add(step.node)
    return tuple(out)


def _question(number: int, node: AskNode, choices: tuple[str, ...]) -> WorksheetQuestion:
    unit = f"{node.unit}, {fmt_num(node.minimum)} to {fmt_num(node.maximum)}" if isinstance(node, NumericQuestion) else ""
    return WorksheetQuestion(number, node.text, first_paragraph(node.help), choices, isinstance(node, MultiQuestion),
                             unit)


def every_question(g: Guideline) -> tuple[WorksheetQuestion, ...]:
    """Every question the guideline can ask, each branch followed in turn from the start (as written), with
    all its choices: a list that does not show which way this case goes."""
    out: list[WorksheetQuestion] = []
    seen: set[str] = set()
    todo = [g.start]
    while todo:
        node_id = todo.pop()
        node = g.nodes.get(node_id)
        if node_id in seen or node is None:
            continue
        seen.add(node_id)
        if isinstance(node, (Question, MultiQuestion, NumericQuestion)):
            choices = () if isinstance(node, NumericQuestion) else tuple(o.label for o in node.options)
            out.append(_question(len(out) + 1, node, choices))
        todo += reversed([e.target for e in edges_of(node)])
    return tuple(out)


def listed(walk: Walk, listing: Listing) -> tuple[WorksheetQuestion, ...]:
    """The questions a worksheet lists."""
    if listing == "none":
        return ()
    return questions(walk) if listing == "path" else every_question(walk.guideline)

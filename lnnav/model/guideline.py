"""Frozen records for a loaded guideline. No I/O, no third-party imports."""

from __future__ import annotations

import math
from typing import Literal

from lnnav.base.records import NamedTuple
from lnnav.base.source import NO_SOURCE, Source
from lnnav.model.codes import Code, RecordMap, Result
from lnnav.model.conditions import COMPARE_SYMBOLS, CompareOp, Condition, describe_condition
from lnnav.model.drugs import Drug
from lnnav.model.expr import Expr

SCHEMA_VERSION = 2  # the newest format this lnnav reads; FORMAT.md says what changed
SUPPORTED_SCHEMA_VERSIONS = (1, 2)


# --- nodes (conditions: lnnav.model.conditions) --------------------------------


Places = tuple[tuple[str, Source], ...]  # where a record's keys are written ("grade", "references.2")


def place(places: Places, key: str, default: Source) -> Source:
    """Where ``key`` is written, or ``default`` (the record's own line) when it is not known."""
    return next((src for k, src in places if k == key), default)


class Option(NamedTuple):
    id: str
    label: str
    next: str  # "" for an option of a multi question (the node has one next)
    help: str = ""
    source: Source = NO_SOURCE
    when: Condition | None = None  # offered only when this holds
    exclusive: bool = False  # multi: "none of these", never combined with another option
    short: str = ""  # a few words for the edge of a drawing (default there: the option id)
    codes: tuple[Code, ...] = ()  # the codes in a patient's record that choose this option
    results: tuple[Result, ...] = ()  # or: the coded results that, all together, choose it


def find_option(options: tuple[Option, ...], option_id: str) -> Option | None:
    """The option with this id, of a single-choice or a multi question."""
    return next((opt for opt in options if opt.id == option_id), None)


class Question(NamedTuple):
    """A single-choice question."""

    id: str
    text: str
    options: tuple[Option, ...]
    help: str = ""
    source: Source = NO_SOURCE
    kind: Literal["question"] = "question"
    record: RecordMap | None = None  # answered from the patient's record: which codes, how recent

    def option(self, option_id: str) -> Option | None:
        return find_option(self.options, option_id)

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        return tuple((o.label, o.next, o.source) for o in self.options)


class Branch(NamedTuple):
    """A numeric branch: taken when every bound holds (no bounds: the default)."""

    next: str
    bounds: tuple[tuple[CompareOp, float], ...] = ()
    source: Source = NO_SOURCE

    @property
    def label(self) -> str:
        if not self.bounds:
            return "otherwise"
        return " and ".join(f"{COMPARE_SYMBOLS[op]} {fmt_num(v)}" for op, v in self.bounds)


class UnitAlt(NamedTuple):
    """Another unit a numeric question accepts: one ``unit`` is ``factor`` canonical units."""

    unit: str
    factor: float
    source: Source = NO_SOURCE


UNKNOWN = "unknown"  # the answer to a numeric question whose value is not known (its ``unknown`` option)
UNKNOWN_WORDS = ("unknown", "u")  # what a person may type for it at the prompt


class NotKnown(NamedTuple):
    """A numeric question's way out when the value is not known: the answer shown, and where it leads.

    A value not known is not answered: ``{answered: ID}`` is false and no comparison on it holds.
    """

    label: str
    next: str
    source: Source = NO_SOURCE


class NumericQuestion(NamedTuple):
    """A number with a unit, validated against min and max, then branched on."""

    id: str
    text: str
    unit: str
    minimum: float
    maximum: float
    branches: tuple[Branch, ...]
    help: str = ""
    integer: bool = False
    source: Source = NO_SOURCE
    kind: Literal["numeric"] = "numeric"
    units: tuple[UnitAlt, ...] = ()
    typical: tuple[float, float] | None = None  # plausible range: outside it, confirm or warn
    unknown: NotKnown | None = None
    record: RecordMap | None = None

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        known = tuple((b.label, b.next, b.source) for b in self.branches)
        return (*known, ("not known", self.unknown.next, self.unknown.source)) if self.unknown else known


class MultiQuestion(NamedTuple):
    """A question answered with a set of options (at least one); one ``next`` for all."""

    id: str
    text: str
    options: tuple[Option, ...]
    next: str
    help: str = ""
    source: Source = NO_SOURCE
    next_source: Source = NO_SOURCE
    kind: Literal["multi"] = "multi"

    def option(self, option_id: str) -> Option | None:
        return find_option(self.options, option_id)

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        return (("answered", self.next, self.next_source),)


class Rule(NamedTuple):
    """One rule of a route: ``when`` None is the closing ``otherwise``.

    ``label`` is the rule in a clinician's words ("" when not given): the path, --explain and the
    handouts show it in place of the condition's logic.
    """

    when: Condition | None
    next: str
    source: Source = NO_SOURCE
    label: str = ""


class Route(NamedTuple):
    """A decision taken without asking: the first rule whose condition holds."""

    id: str
    text: str
    rules: tuple[Rule, ...]
    help: str = ""
    source: Source = NO_SOURCE
    kind: Literal["route"] = "route"
    # the label of the rule taken is shown on the outcome card too (a finding the card must name)
    show_on_card: bool = False

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        return tuple(("otherwise" if r.when is None else describe_condition(r.when), r.next, r.source)
                     for r in self.rules)


class Compute(NamedTuple):
    """A derived number: ``expr`` over earlier numeric answers and computed values."""

    id: str
    text: str
    unit: str
    expr: Expr
    expr_text: str
    next: str
    help: str = ""
    source: Source = NO_SOURCE
    next_source: Source = NO_SOURCE
    expr_source: Source = NO_SOURCE
    kind: Literal["compute"] = "compute"
    expr_at: Source = NO_SOURCE  # where character 0 of the expression is, when it is written on one line
    places: Places = ()

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        return (("computed", self.next, self.next_source),)

    def expr_where(self, offset: int) -> Source:
        """Where character ``offset`` of the expression is written (the expression's start if unknown)."""
        at = self.expr_at
        return Source(at.file, at.line, at.col + offset) if at.line > 0 else self.expr_source


class ActionDrugs(NamedTuple):
    """What one action proposes and names from the drug catalogue, and where it is written."""

    source: Source = NO_SOURCE  # the action's text
    proposes: tuple[tuple[str, Source], ...] = ()  # drug ids this action offers the patient
    names: tuple[tuple[str, Source], ...] = ()  # drug ids its text mentions without proposing them

    @property
    def proposed_ids(self) -> tuple[str, ...]:
        return tuple(d for d, _src in self.proposes)

    @property
    def named_ids(self) -> tuple[str, ...]:
        return tuple(d for d, _src in self.names)


class Recommendation(NamedTuple):
    """An outcome: what to do, what to watch, how sure we are, and on what it rests."""

    id: str
    title: str
    summary: str
    actions: tuple[str, ...]
    cautions: tuple[str, ...]
    grade: str
    references: tuple[str, ...]
    rationale: str = ""
    pathway: str = ""
    source: Source = NO_SOURCE
    kind: Literal["recommendation"] = "recommendation"
    # conditional items (format v2): parallel to actions/cautions, None = always shown
    action_when: tuple[Condition | None, ...] = ()
    caution_when: tuple[Condition | None, ...] = ()
    # parallel to actions: what each proposes and names from the drug catalogue (format v2)
    action_drugs: tuple[ActionDrugs, ...] = ()
    places: Places = ()

    @property
    def targets(self) -> tuple[tuple[str, str, Source], ...]:
        return ()

    def drugs_of(self, index: int) -> ActionDrugs:
        """Action ``index``'s proposals and mentions (none when the outcome marks none)."""
        return self.action_drugs[index] if index < len(self.action_drugs) else ActionDrugs()


Node = Question | NumericQuestion | MultiQuestion | Route | Compute | Recommendation
AskNode = Question | NumericQuestion | MultiQuestion


def node_text(node: Node) -> str:
    """What a node says: a question's text, an outcome's title."""
    return node.title if isinstance(node, Recommendation) else node.text


class Alert(NamedTuple):
    """A caution attached to the outcome whenever ``when`` holds for the consult."""

    id: str
    title: str
    text: str
    when: Condition
    references: tuple[str, ...] = ()
    grade: str = ""
    source: Source = NO_SOURCE
    places: Places = ()


class Reference(NamedTuple):
    id: str
    citation: str
    doi: str = ""
    pmid: str = ""
    url: str = ""
    note: str = ""
    source: Source = NO_SOURCE


class Grade(NamedTuple):
    id: str
    description: str = ""


class Pathway(NamedTuple):
    id: str
    title: str


class Guideline(NamedTuple):
    """A whole guideline folder, loaded and checked."""

    id: str
    title: str
    version: str
    last_reviewed: str
    review_due: str
    intended_use: str
    disclaimer: str
    grading_name: str
    grades: tuple[Grade, ...]
    pathways: tuple[Pathway, ...]
    start: str
    nodes: dict[str, Node]
    alerts: tuple[Alert, ...]
    references: dict[str, Reference]
    root: str
    files: tuple[str, ...]
    sha256: str
    source: Source = NO_SOURCE
    schema_version: int = SCHEMA_VERSION
    drugs: tuple[Drug, ...] = ()  # the drug catalogue (format v2, optional)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def pathway_title(self, pathway_id: str) -> str:
        for p in self.pathways:
            if p.id == pathway_id:
                return p.title
        return pathway_id


def fmt_num(value: float) -> str:
    """A number as people write it: 2 not 2.0, 0.5 not 0.50000, 0 not -0."""
    return f"{value + 0.0:g}"  # -0.0 + 0.0 is 0.0


def with_unit(number: str, unit: str) -> str:
    """A number written with its unit; a ratio (no unit) as a multiple, x2.89."""
    return f"x{number}" if unit == "ratio" else f"{number} {unit}".strip()


def fmt_computed(value: float, unit: str) -> str:
    """A computed value as a clinician reads it: 3 significant digits (whole numbers from 100 up,
    never 1.23e+03), with its unit; decisions use the value in full."""
    if math.isfinite(value) and value != 0:
        value = float(round(value)) if abs(value) >= 100 else float(f"{value:.3g}")
    return with_unit(fmt_num(value), unit)

"""Pure walking of a guideline: one loop for interactive and scripted consults.

``navigate(guideline, ask)`` asks questions through ``ask`` (questionary, or a
lookup in scripted answers) and returns the whole walk: every step with the
rule that moved it on, the outcome, the alerts that fired and the references.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Set
from types import MappingProxyType
from typing import Literal

from lnnav.base.errors import AnswersError, GuidelineError, Issue
from lnnav.base.records import NamedTuple
from lnnav.model import expr as expr_mod
from lnnav.model.conditions import Answer, Condition, compare, describe_condition, holds
from lnnav.model.drugs import Catalogue
from lnnav.model.guideline import (
    UNKNOWN,
    Alert,
    AskNode,
    Compute,
    Guideline,
    MultiQuestion,
    NumericQuestion,
    Option,
    Question,
    Recommendation,
    Reference,
    Route,
    fmt_computed,
    fmt_num,
)
from lnnav.model.units import Measured, check_number, implausible, parse_number, read_number, shown
from lnnav.model.withholding import DrugNote, NotOffered, offer
from lnnav.model.wording import readable_condition, text_of

__all__ = ["BACK", "Back", "DrugNote", "Measured", "NotOffered", "Origin", "Prompt", "Step", "Walk",
           "check_number", "navigate", "parse_number", "read_number"]


class Back:
    """Returned by ``ask`` to go back to the previous question."""


BACK = Back()


class Prompt(NamedTuple):
    """One question to put to the user, with what they answered before, if anything."""

    node: AskNode
    default: Answer | Measured | None
    can_go_back: bool
    number: int  # 1-based position of this question in the consult


Ask = Callable[[Prompt], "Answer | Measured | Back"]


class Step(NamedTuple):
    node: str
    kind: str  # question, numeric, multi, route or compute
    text: str
    answer: Answer  # route: the 0-based number of the rule taken; compute: the value
    label: str
    next: str
    rule: str = ""
    typed: str = ""  # a number typed in another unit, as typed ("115 µmol/L")
    inputs: tuple[tuple[str, str, str], ...] = ()  # compute: (id, text, value shown) of each input

    @property
    def answered(self) -> bool:
        """Whether the user gave this step's answer (not a decision or a derived value)."""
        return self.kind in ("question", "numeric", "multi")


class Origin(NamedTuple):
    """Where an answer came from: the patient's record (which resources, measured when), an answers
    file or --set ("given"), or the person at the prompt ("asked")."""

    source: Literal["record", "given", "asked"]
    resources: tuple[str, ...] = ()
    date: str = ""  # YYYY-MM-DD the value was measured ("" when the record gives no date)

    def to_data(self) -> dict[str, object]:
        if self.source != "record":
            return {"source": self.source}
        return {"source": self.source, "resources": list(self.resources), "date": self.date}


class FiredAlert(NamedTuple):
    alert: Alert
    because: str


class Walk(NamedTuple):
    guideline: Guideline
    steps: tuple[Step, ...]
    outcome: Recommendation
    alerts: tuple[FiredAlert, ...]
    references: tuple[Reference, ...]
    actions: tuple[str, ...] = ()  # the outcome's actions whose condition holds (all, in v1), after withholding
    cautions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # implausible numbers, worth a second look
    # the drug catalogue applied (lnnav.model.withholding): notes under each shown action, the drugs
    # the shown actions propose, and the actions left out for this patient with why
    action_notes: tuple[tuple[DrugNote, ...], ...] = ()
    proposes: tuple[str, ...] = ()
    not_offered: tuple[NotOffered, ...] = ()

    @property
    def drug_cautions(self) -> tuple[DrugNote, ...]:
        """Every note under the shown actions, each once, in the order of the actions."""
        seen: dict[tuple[str, str], DrugNote] = {}
        for notes in self.action_notes:
            for n in notes:
                seen.setdefault((n.drug, n.text), n)
        return tuple(seen.values())

    @property
    def proposed(self) -> frozenset[str]:
        """The drugs ``proposed`` conditions count: those proposed and every class holding one."""
        return Catalogue(self.guideline.drugs).closure(self.proposes)

    @property
    def findings(self) -> tuple[str, ...]:
        """The labels of the rules taken by routes marked ``show_on_card``, in path order: what the card
        names before its actions (the flare grade and the row that set it)."""
        out: list[str] = []
        for s in self.steps:
            node = self.guideline.nodes.get(s.node)
            if isinstance(node, Route) and node.show_on_card:
                out.append(node.rules[int(str(s.answer))].label)
        return tuple(out)

    def notes_for(self, index: int) -> tuple[DrugNote, ...]:
        """The notes under shown action ``index``."""
        return self.action_notes[index] if index < len(self.action_notes) else ()
    # where each answer came from, by question id; empty unless the consult read a patient's record
    origins: Mapping[str, Origin] = MappingProxyType({})

    def origin(self, question_id: str) -> Origin | None:
        return self.origins.get(question_id)

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers given, in the order asked (decisions and derived values left out)."""
        return {s.node: s.answer for s in self.steps if s.answered}

    @property
    def computed(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind == "compute")


def visible_options(node: Question | MultiQuestion, values: Mapping[str, Answer],
                    reached: Set[str] = frozenset()) -> tuple[Option, ...]:
    """The options offered at this point of the consult: those whose ``when`` holds."""
    if not any(o.when is not None for o in node.options):
        return node.options
    return tuple(o for o in node.options if o.when is None or holds(o.when, values, reached))


def allowed_values(node: AskNode, options: tuple[Option, ...] | None = None) -> str:
    """What a question accepts, as a user would type it."""
    if isinstance(node, (Question, MultiQuestion)):
        ids = ", ".join(o.id for o in (node.options if options is None else options))
        return f"one or more of {ids}, separated by commas" if isinstance(node, MultiQuestion) else ids
    whole = " (whole number)" if node.integer else ""
    others = f" (or {', '.join(u.unit for u in node.units)})" if node.units else ""
    unknown = f', or "{UNKNOWN}" if not known' if node.unknown is not None else ""
    return f"a number from {fmt_num(node.minimum)} to {fmt_num(node.maximum)} {node.unit}{others}{whole}{unknown}"


def is_value(step: Step) -> bool:
    """Whether conditions read this step's answer: answers and computed values do, a route's
    decision does not, and neither does a number answered as not known (kept in the path and
    the record, it counts as not answered)."""
    return step.kind != "route" and not (step.kind == "numeric" and step.answer == UNKNOWN)


def values_of(steps: Iterable[Step]) -> dict[str, Answer]:
    """The values that conditions read after ``steps``, by node id (see ``is_value``)."""
    return {s.node: s.answer for s in steps if is_value(s)}


def answer_label(node: AskNode, answer: Answer, typed: str = "") -> str:
    if isinstance(node, Question):
        opt = node.option(str(answer))
        return opt.label if opt else str(answer)
    if isinstance(node, MultiQuestion):
        chosen = answer if isinstance(answer, tuple) else (str(answer),)
        return "; ".join((o.label if (o := node.option(a)) else a) for a in chosen)
    if answer == UNKNOWN and node.unknown is not None:
        return node.unknown.label
    assert isinstance(answer, float)
    return shown(node, answer, typed)


def _advance(node: AskNode, answer: Answer, offered: tuple[Option, ...]) -> tuple[str, str, Answer]:
    """Where an answer leads, the rule that sent it there, and the answer as stored."""
    if isinstance(node, Question):
        opt = next((o for o in offered if o.id == answer), None)
        if opt is None:
            why = " here (its condition does not hold)" if node.option(str(answer)) else ""
            raise AnswersError(f'"{answer}" is not an answer of "{node.id}" ({node.text}){why}; allowed: '
                               f"{allowed_values(node, offered)}")
        return opt.next, f"option {opt.id}", opt.id
    if isinstance(node, MultiQuestion):
        return node.next, "", _chosen(node, answer, offered)
    if answer == UNKNOWN and node.unknown is not None:
        return node.unknown.next, "not known", UNKNOWN
    if not isinstance(answer, float):
        raise AnswersError(f'"{node.id}" ({node.text}) needs {allowed_values(node)}')
    try:
        check_number(node, answer)
    except ValueError as exc:
        raise AnswersError(f'"{node.id}" ({node.text}): {exc}') from None
    for branch in node.branches:
        if all(compare(answer, op, bound) for op, bound in branch.bounds):
            return branch.next, f"{fmt_num(answer)} {node.unit}: {branch.label}", answer
    raise GuidelineError([Issue(node.source, f'no branch of "{node.id}" matches {fmt_num(answer)}')])


def option_ids(text: str) -> tuple[str, ...]:
    """A multi answer written as text ("mmf, belimumab"): its ids in the order written, each once."""
    return tuple(dict.fromkeys(a.strip() for a in text.split(",") if a.strip()))


def _chosen(node: MultiQuestion, answer: Answer, offered: tuple[Option, ...]) -> tuple[str, ...]:
    """A multi answer checked and put in option order (so equal sets compare equal)."""
    given = answer if isinstance(answer, tuple) else option_ids(str(answer))
    ids = [o.id for o in offered]
    unknown = [a for a in given if a not in ids]
    if unknown or not given:
        what = f'"{", ".join(unknown)}" is not' if unknown else "no option was"
        raise AnswersError(f'{what} an answer of "{node.id}" ({node.text}); allowed: {allowed_values(node, offered)}')
    exclusive = [o.label for o in offered if o.exclusive and o.id in given]
    if exclusive and len(set(given)) > 1:
        raise AnswersError(f'"{node.id}" ({node.text}): "{exclusive[0]}" cannot be combined with other answers')
    return tuple(o for o in ids if o in given)


def compute(g: Guideline, node: Compute, values: Mapping[str, Answer]) -> Step:
    """A compute node's value, as a step that shows its inputs."""
    numbers: dict[str, float] = {}
    inputs: list[tuple[str, str, str]] = []
    for ref in expr_mod.refs(node.expr):
        value = values.get(ref.name)
        if not isinstance(value, float):
            raise GuidelineError([Issue(node.expr_source,
                                        f'compute "{node.id}" needs "{ref.name}", which has no value in this consult')])
        if ref.name not in numbers:
            numbers[ref.name] = value
            inputs.append((ref.name, text_of(g, ref.name), _value_shown(g, ref.name, value)))
    try:
        # rounded so that a value typed exactly at a threshold is not pushed across it by binary floating point
        result = round(expr_mod.evaluate(node.expr, numbers), 6)
    except expr_mod.ZeroDivision:
        given = ", ".join(f"{i} = {v}" for i, _t, v in inputs)
        raise GuidelineError([Issue(node.expr_source, f'compute "{node.id}": division by zero in "{node.expr_text}" '
                                    f"({given})")]) from None
    except expr_mod.NotFinite as exc:
        given = ", ".join(f"{i} = {v}" for i, _t, v in inputs)
        raise GuidelineError([Issue(node.expr_where(exc.offset),
                                    f'compute "{node.id}": "{node.expr_text}" gives a number too large to work with '
                                    f"({given})")],
                             "this consult cannot go on: a computed value is not a finite number") from None
    label = fmt_computed(result, node.unit)
    return Step(node.id, node.kind, node.text, result, label, node.next, node.expr_text, inputs=tuple(inputs))


def _value_shown(g: Guideline, node_id: str, value: float) -> str:
    node = g.nodes.get(node_id)
    if isinstance(node, Compute):
        return fmt_computed(value, node.unit)
    unit = node.unit if isinstance(node, NumericQuestion) else ""
    return f"{fmt_num(value)} {unit}".strip()


def route(g: Guideline, node: Route, values: Mapping[str, Answer], reached: Set[str]) -> Step:
    """The first rule of a route that holds, in words."""
    for number, rule in enumerate(node.rules, 1):
        if rule.when is None:
            return Step(node.id, node.kind, node.text, str(number - 1), rule.label or "otherwise", rule.next,
                        "otherwise")
        if holds(rule.when, values, reached):
            said = rule.label or f"rule {number}: {' '.join(readable_condition(g, rule.when).split())}"
            return Step(node.id, node.kind, node.text, str(number - 1), said, rule.next, describe_condition(rule.when))
    raise GuidelineError([Issue(node.source, f'route "{node.id}" has no rule that applies and no "otherwise"')])


def navigate(g: Guideline, ask: Ask, *, max_steps: int = 100_000) -> Walk:
    """Walk ``g`` from its start node to a recommendation, asking through ``ask``.

    ``ask`` may return ``BACK``: the walk then returns to the previous question,
    offering the earlier answer as the default. Decisions and derived values are re-derived.
    """
    steps: list[Step] = []
    values: dict[str, Answer] = {}  # answers and computed values, by node id, for conditions
    memory: dict[str, Answer | Measured] = {}
    # kept step by step, not recounted from ``steps`` at each question: a 20,000-question
    # consult spent minutes recounting (quadratic); Back, which is rare, recounts
    reached: set[str] = set()
    asked = 0
    node_id = g.start
    for _ in range(max_steps):
        node = g.nodes[node_id]
        if isinstance(node, Recommendation):
            return _finish(g, steps, node)
        if isinstance(node, (Route, Compute)):
            step = route(g, node, values, reached) if isinstance(node, Route) else compute(g, node, values)
            steps.append(step)
            reached.add(step.node)
            if is_value(step):
                values[node.id] = step.answer
            node_id = step.next
            continue
        offered = visible_options(node, values, reached) if not isinstance(node, NumericQuestion) else ()
        shown_node = node._replace(options=offered) if not isinstance(node, NumericQuestion) else node
        reply = ask(Prompt(shown_node, memory.get(node.id), asked > 0, asked + 1))
        if isinstance(reply, Back):
            while steps:
                popped = steps.pop()
                values.pop(popped.node, None)
                if popped.answered:
                    node_id = popped.node
                    break
            reached = {s.node for s in steps}
            asked = sum(1 for s in steps if s.answered)
            continue
        typed = ""
        answer: Answer
        if isinstance(reply, Measured):
            answer, typed = reply.value, reply.typed
        else:
            answer = reply
        target, rule, stored = _advance(node, answer, offered)
        memory[node.id] = reply
        step = Step(node.id, node.kind, node.text, stored, answer_label(node, stored, typed), target, rule, typed=typed)
        steps.append(step)
        if is_value(step):
            values[node.id] = stored
        reached.add(node.id)
        asked += 1
        node_id = target
    raise GuidelineError([Issue(g.source, f"the consult did not end within {max_steps} steps")])


def _finish(g: Guideline, steps: list[Step], outcome: Recommendation) -> Walk:
    values = values_of(steps)
    reached = frozenset([*(s.node for s in steps), outcome.id])
    shown = _shown(outcome.action_when, len(outcome.actions), values, reached)
    offered = offer(g, outcome, shown, values, reached)
    fired = tuple(FiredAlert(a, describe_condition(a.when)) for a in g.alerts
                  if holds(a.when, values, reached, offered.proposed))
    drug_refs = [r for x in offered.not_offered for r in x.references] + \
        [r for notes in offered.notes for n in notes for r in n.references]
    ref_ids = dict.fromkeys([*outcome.references, *(r for f in fired for r in f.alert.references), *drug_refs])
    refs = tuple(g.references[r] for r in ref_ids if r in g.references)
    caution_at = _shown(outcome.caution_when, len(outcome.cautions), values, reached, offered.proposed)
    cautions = tuple(outcome.cautions[i] for i in caution_at)
    warnings = []
    for s in steps:
        node = g.nodes.get(s.node)
        if isinstance(node, NumericQuestion) and isinstance(s.answer, float):
            said = implausible(node, s.answer, s.typed)
            if said:
                warnings.append(f'"{node.id}" ({node.text}): {said}')
    return Walk(g, tuple(steps), outcome, fired, refs, offered.actions, cautions, tuple(warnings),
                offered.notes if g.drugs else (), offered.proposes, offered.not_offered)


def _shown(whens: tuple[Condition | None, ...], count: int, values: Mapping[str, Answer], reached: frozenset[str],
           proposed: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """The indexes of the items whose condition holds (every item when none has one)."""
    if not whens:
        return tuple(range(count))
    return tuple(i for i, w in enumerate(whens) if w is None or holds(w, values, reached, proposed))

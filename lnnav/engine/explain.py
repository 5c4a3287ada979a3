"""The teaching trace of a consult: why each answer led where it did, as plain data.

Front-ends render an ``Explanation`` as text, Markdown or HTML; ``to_data`` gives
the JSON form. Everything here reads a finished ``Walk``; nothing is asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lnnav.engine.because import parts, sentence
from lnnav.engine.walk import Step, Walk, values_of
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
    Proposed,
    Reached,
    compare,
    describe_condition,
    holds,
)
from lnnav.model.guideline import (
    UNKNOWN,
    Compute,
    Guideline,
    MultiQuestion,
    NumericQuestion,
    Question,
    Recommendation,
    Route,
    fmt_num,
)
from lnnav.model.wording import describe_node, readable_condition, text_of


@dataclass(frozen=True)
class BranchLine:
    """One branch of a numeric question or rule of a decision, and whether this consult took it."""

    label: str
    next: str
    next_text: str  # the next node's text or title, for readers
    matched: bool


@dataclass(frozen=True)
class Input:
    """One input of a computed value: the question (or value) that fed it and its value."""

    param: str
    label: str
    question: str
    question_text: str
    value: str


@dataclass(frozen=True)
class StepExplanation:
    number: int
    node: str
    kind: str
    question: str
    answer: str  # as shown: the option label, "4 g/g", the computed value, the rule taken
    answer_id: str  # as written in an answers file
    definition: str  # the node's help text, which carries its source
    option_help: str
    where: str  # file:line:col of the node in the guideline
    rule: str
    branches: tuple[BranchLine, ...]
    inputs: tuple[Input, ...]
    next: str
    next_text: str
    why: str


@dataclass(frozen=True)
class Trigger:
    """An answer (or a node reached) that an alert's condition looked at."""

    node: str
    text: str
    answer: str


@dataclass(frozen=True)
class AlertExplanation:
    id: str
    title: str
    text: str
    condition: str  # in the words of the questions and their answers
    because: str  # the condition in ids, as the engine reports it
    triggers: tuple[Trigger, ...]
    held: tuple[str, ...] = ()  # the parts of the condition that held for this consult, in words


@dataclass(frozen=True)
class WithheldExplanation:
    """One catalogue rule that kept a drug from this patient, with where it is written."""

    drug: str  # the drug's id
    drug_name: str
    owner: str  # the drug (or class) whose rule it is
    action: str  # the action text it kept out, or the class action it was left out of
    condition: str  # the rule's condition, in the words of its questions and answers
    because: str
    where: str  # file:line:col of the rule


@dataclass(frozen=True)
class Explanation:
    steps: tuple[StepExplanation, ...]
    alerts: tuple[AlertExplanation, ...]
    outcome: str
    outcome_title: str
    rationale: str
    withheld: tuple[WithheldExplanation, ...] = ()
    has_drugs: bool = False  # the guideline has a drug catalogue: its JSON says what was withheld


def _answer_id(answer: Answer) -> str:
    if isinstance(answer, tuple):
        return ",".join(answer)
    return fmt_num(answer) if isinstance(answer, float) else answer


def explain_step(g: Guideline, step: Step, number: int, answers: dict[str, Answer]) -> StepExplanation:
    """Why one step of a walk went where it did.

    Args:
        g: the guideline walked.
        step: the step to explain.
        number: its 1-based position in the path.
        answers: every answer of the walk.
    """
    node = g.nodes[step.node]
    target = describe_node(g, step.next)
    branches: tuple[BranchLine, ...] = ()
    inputs: tuple[Input, ...] = ()
    option_help = ""
    if isinstance(node, Question):
        opt = node.option(str(step.answer))
        option_help = opt.help if opt else ""
        why = f'"{step.label}" leads to {target}.'
    elif isinstance(node, NumericQuestion):
        matched = _matched_branch(node, step.answer)
        branches = tuple(BranchLine(b.label, b.next, text_of(g, b.next), i == matched)
                         for i, b in enumerate(node.branches))
        if node.unknown is not None and step.answer == UNKNOWN:
            why = (f'"{node.unknown.label}": the value is not known, which leads to {target}; later decisions '
                   "count it as not answered.")
        elif len(node.branches) == 1 and not node.branches[0].bounds:
            why = f"{step.label} is an input: any allowed value leads to {target}."
        else:
            label = node.branches[matched].label if matched is not None else "no branch"
            why = f'{step.label} matches "{label}", the first branch that holds, which leads to {target}.'
    elif isinstance(node, MultiQuestion):
        why = f"Any answer leads on to {target}; later decisions read it."
    elif isinstance(node, Route):
        taken = int(str(step.answer))
        branches = tuple(BranchLine(r.label or ("otherwise" if r.when is None else readable_condition(g, r.when)),
                                    r.next, text_of(g, r.next), i == taken) for i, r in enumerate(node.rules))
        rule_when = node.rules[taken].when
        said = "no earlier rule held" if rule_when is None else readable_condition(g, rule_when)
        if node.rules[taken].label:
            # the words first, then the logic they stand for: --explain is where a reader checks one against the other
            said = f"{node.rules[taken].label} ({said})"
        why = f"Decided without asking: {_flat(said)}, so the consult goes to {target}."
    elif isinstance(node, Compute):
        inputs = tuple(Input(i, text_of(g, i), i, text_of(g, i), v) for i, _t, v in step.inputs)
        why = f"{step.text} = {node.expr_text} = {step.label}, which leads to {target}."
    else:  # pragma: no cover - a walk never steps on a recommendation
        why = ""
    return StepExplanation(
        number=number, node=step.node, kind=step.kind, question=step.text, answer=step.label,
        answer_id=_answer_id(step.answer), definition=node.help.strip() if not isinstance(node, Recommendation) else "",
        option_help=option_help.strip(), where=str(node.source), rule=step.rule, branches=branches, inputs=inputs,
        next=step.next, next_text=target, why=why,
    )


def _matched_branch(node: NumericQuestion, answer: Answer) -> int | None:
    if not isinstance(answer, float):
        return None
    for i, branch in enumerate(node.branches):
        if all(compare(answer, op, bound) for op, bound in branch.bounds):
            return i
    return None


def _triggers(g: Guideline, cond: Condition, walk: Walk, reached: frozenset[str]) -> list[Trigger]:
    answers = values_of(walk.steps)
    if isinstance(cond, (AnswerIs, Compare, Includes, Answered)):
        step = next((s for s in walk.steps if s.node == cond.question), None)
        return [Trigger(cond.question, text_of(g, cond.question), step.label if step else "not asked")]
    if isinstance(cond, Reached):
        return [Trigger(cond.node, text_of(g, cond.node), "reached" if cond.node in reached else "not reached")]
    if isinstance(cond, (Always, Proposed)):
        return []
    if isinstance(cond, AllOf):
        return [t for c in cond.items for t in _triggers(g, c, walk, reached)]
    if isinstance(cond, AnyOf):
        return [t for c in cond.items if holds(c, answers, reached, walk.proposed)
                for t in _triggers(g, c, walk, reached)]
    return _triggers(g, cond.item, walk, reached)


def explain(walk: Walk) -> Explanation:
    """The teaching trace of a finished consult.

    Args:
        walk: the consult, as ``lnnav.engine.walk.navigate`` returned it.

    Returns:
        Every step with its definition and the rule that moved it on, every alert
        with the answers that fired it, and the outcome's rationale.
    """
    g = walk.guideline
    answers = values_of(walk.steps)
    steps = tuple(explain_step(g, s, n, answers) for n, s in enumerate(walk.steps, start=1))
    reached = frozenset([*(s.node for s in walk.steps if s.kind != "route"), walk.outcome.id])
    passed = frozenset([*(s.node for s in walk.steps), walk.outcome.id])  # as the engine decided the alerts
    alerts = []
    for fired in walk.alerts:
        seen: dict[str, Trigger] = {}
        for t in _triggers(g, fired.alert.when, walk, reached):
            seen.setdefault(t.node, t)
        alerts.append(AlertExplanation(fired.alert.id, fired.alert.title, fired.alert.text,
                                       readable_condition(g, fired.alert.when),
                                       fired.because or describe_condition(fired.alert.when), tuple(seen.values()),
                                       tuple(parts(g, fired.alert.when, answers, passed, walk.outcome.id,
                                                   walk.proposed))))
    o = walk.outcome
    return Explanation(steps, tuple(alerts), o.id, o.title, o.rationale.strip(), _withheld(walk), bool(g.drugs))


def _withheld(walk: Walk) -> tuple[WithheldExplanation, ...]:
    g = walk.guideline
    names = {d.id: d.name for d in g.drugs}
    found = [(x.text, w) for x in walk.not_offered for w in x.withheld]
    found += [(text, w) for text, notes in zip(walk.actions, walk.action_notes, strict=False) for n in notes
              for w in n.withheld]
    out: dict[tuple[str, str, str], WithheldExplanation] = {}
    for text, w in found:
        out.setdefault((text, w.drug, str(w.rule.source)), WithheldExplanation(
            w.drug, names.get(w.drug, w.drug), w.owner, text, readable_condition(g, w.rule.when), w.rule.text,
            str(w.rule.source)))
    return tuple(out.values())


def withheld_sentence(w: WithheldExplanation) -> str:
    """Why one drug was not offered: the rule's condition in words, where it is written, and its reason."""
    whose = "" if w.owner == w.drug else f" (a rule of its class {w.owner})"
    return f"not offered because {_flat(w.condition)}{whose}, {w.where}: {_flat(w.because)}"


def step_facts(s: StepExplanation, *, abridged: bool = False) -> list[tuple[str, str]]:
    """One explained step as (label, text) lines, in reading order, for every front-end.

    ``abridged`` (printed handouts) keeps the first paragraph of a definition, the
    short definition, and leaves out the evidence after it; a decision's list of
    rules (its "Why" names the rule that matched); an option's id after its label;
    and the "Why" of a choice, which only names where it leads (the next step).
    """
    facts: list[tuple[str, str]] = []
    if s.kind == "compute":
        facts += [("Inputs", "; ".join(f"{_flat(i.question_text)}: {i.value}" for i in s.inputs))]
        facts += [("Computed", f"{s.rule} = {s.answer}")]
    elif s.kind == "route":
        facts.append(("Decided", s.answer))
    else:
        shown = s.answer if s.kind == "numeric" or abridged else f"{s.answer} ({s.answer_id})"
        facts.append(("Answer", shown))
    if s.definition:
        said = s.definition.strip().split("\n\n", 1)[0] if abridged else s.definition
        facts.append(("Definition", _flat(said)))
    if s.option_help:
        facts.append(("About this answer", _flat(s.option_help)))
    if s.branches and s.kind in (("numeric",) if abridged else ("numeric", "route")) and len(s.branches) > 1:
        facts.append(("Branches", "; ".join(f"{b.label} -> {b.next_text}{' (taken)' if b.matched else ''}"
                                            for b in s.branches)))
    if not (abridged and s.kind in ("question", "multi")):
        facts.append(("Why", s.why))
    return facts


def _flat(text: str) -> str:
    return " ".join(text.split())


def alert_sentence(a: AlertExplanation) -> str:
    """Why the alert fired, in at most two short sentences: only the parts of its condition that held."""
    return sentence(list(a.held))


def step_data(s: StepExplanation) -> dict[str, Any]:
    """One explained step as JSON."""
    return {
        "number": s.number, "node": s.node, "kind": s.kind, "question": s.question, "answer": s.answer,
        "answer_id": s.answer_id, "definition": s.definition, "option_help": s.option_help,
        "where": s.where, "rule": s.rule,
        "branches": [{"when": b.label, "next": b.next, "next_text": b.next_text, "matched": b.matched}
                     for b in s.branches],
        "inputs": [{"param": i.param, "label": i.label, "question": i.question,
                    "question_text": i.question_text, "value": i.value} for i in s.inputs],
        # what the removed calculators filled in: the keys stay, empty, so scripts reading them keep working
        "values": {}, "computed_definition": "", "notes": [],
        "next": s.next, "next_text": s.next_text, "why": s.why,
    }


def to_data(ex: Explanation) -> dict[str, Any]:
    """The explanation as the JSON value of a consult's "explanation" key."""
    return {
        "steps": [step_data(s) for s in ex.steps],
        "alerts": [
            {"id": a.id, "title": a.title, "condition": a.condition, "because": a.because, "held": list(a.held),
             "explanation": alert_sentence(a),
             "triggers": [{"node": t.node, "text": t.text, "answer": t.answer} for t in a.triggers]}
            for a in ex.alerts
        ],
        "outcome": {"id": ex.outcome, "title": ex.outcome_title, "rationale": ex.rationale},
        **({"withheld": [{"drug": w.drug, "name": w.drug_name, "rule_of": w.owner, "action": w.action,
                          "condition": w.condition, "because": w.because, "where": w.where,
                          "explanation": withheld_sentence(w)} for w in ex.withheld]} if ex.has_drugs else {}),
    }

"""Quiz mode: a learner's walk compared with a scenario's expected walk, question by question."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lnnav.base.errors import AnswersError, LnnavError, UsageError
from lnnav.base.suggest import suggest
from lnnav.engine.explain import StepExplanation, explain_step, step_data
from lnnav.engine.walk import Prompt, Step, Walk, navigate
from lnnav.format.loader import display_path
from lnnav.model.conditions import Answer, Compare
from lnnav.model.conditions import walk as walk_condition
from lnnav.model.guideline import Guideline, MultiQuestion, Node, NumericQuestion, Question, Route, fmt_num
from lnnav.model.wording import describe_node

Status = Literal["right", "wrong", "not asked"]
SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class QuestionResult:
    """One question of the expected path (or one the learner answered off it)."""

    node: str
    text: str
    expected: str
    expected_label: str
    given: str
    given_label: str
    status: Status
    decisive: bool = True  # another answer here alone would have changed the outcome


@dataclass(frozen=True)
class Divergence:
    """Where the learner's path first left the expected one, explained both ways.

    ``step`` counts every step (decisions too); ``question`` is the number of the question
    as the learner saw it, or of the last question before a decision (``after``), and
    ``summary`` says in one sentence of words where each answer led.
    """

    step: int
    expected: StepExplanation | None
    given: StepExplanation | None
    question: int = 0
    after: bool = False
    summary: str = ""
    node: str = ""  # the diverging question's id ("" for a decision)


@dataclass(frozen=True)
class QuizResult:
    title: str
    scenario: str
    questions: tuple[QuestionResult, ...]
    extra: tuple[QuestionResult, ...]
    divergence: Divergence | None
    expected_outcome: str
    expected_title: str
    given_outcome: str
    given_title: str
    accept: tuple[str, ...] = ()

    def scored(self, q: QuestionResult) -> bool:
        """Whether ``q`` counts in the score: a decisive question the learner was asked, or the one
        where the paths parted. A question the learner never saw because an earlier answer led
        elsewhere is not counted against them."""
        if q.status == "not asked":
            return False
        return q.decisive or (self.divergence is not None and q.node == self.divergence.node)

    @property
    def matched(self) -> int:
        """Scored questions answered as expected."""
        return sum(1 for q in self.questions if self.scored(q) and q.status == "right")

    @property
    def total(self) -> int:
        """Scored questions: the decisive ones on the learner's own path, and the one that diverged."""
        return sum(1 for q in self.questions if self.scored(q))

    @property
    def not_asked(self) -> int:
        """Questions of the expected path that the learner's path did not ask."""
        return sum(1 for q in self.questions if q.status == "not asked")

    @property
    def outcome_correct(self) -> bool:
        return self.given_outcome == self.expected_outcome or self.given_outcome in self.accept

    @property
    def outcome_alternative(self) -> bool:
        """Right by another valid path: an outcome the scenario accepts besides the expected one."""
        return self.given_outcome != self.expected_outcome and self.given_outcome in self.accept


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of a guideline's scenarios folder, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def pick(files: list[Path], seed: int | None) -> Path:
    """A scenario chosen at random; the same seed always picks the same file from the same list.

    Raises:
        UsageError: there is no scenario to choose from.
    """
    if not files:
        raise UsageError("no scenarios to choose from: give a SCENARIO file")
    return random.Random(seed).choice(files)


def find(name: str, folder: Path) -> Path:
    """A scenario named by path, or by file name (with or without suffix) in ``folder``.

    Raises:
        UsageError: nothing by that name, with a close name if there is one, else the names there are.
    """
    as_path = Path(name)
    if as_path.is_file():
        return as_path
    for candidate in (folder / name, *(folder / f"{name}{s}" for s in SUFFIXES)):
        if candidate.is_file():
            return candidate
    stems = [p.stem for p in scenario_files(folder)]
    close = suggest(Path(name).stem, stems)
    if close:
        raise UsageError(f'scenario "{name}" not found in {display_path(folder)}{close} (lnnav quiz --list shows them all)')
    names = ", ".join(stems) or "none"
    raise UsageError(f'scenario "{name}" not found (a file, or a name in {display_path(folder)}: {names})')


def _text(answer: Answer) -> str:
    if isinstance(answer, tuple):
        return ",".join(answer)
    return fmt_num(answer) if isinstance(answer, float) else answer


def compare(expected: Walk, given: Walk, *, title: str = "", scenario: str = "",
            accept: tuple[str, ...] = ()) -> QuizResult:
    """Score a learner's walk against the expected one.

    Args:
        expected: the scenario's answers walked through the engine.
        given: the learner's walk.
        title: the scenario title, carried into the result.
        scenario: the scenario file, as shown to the user.
        accept: other outcomes the scenario accepts as right (reached by another valid path).

    Returns:
        Each expected question right, wrong or not asked, and whether it was decisive;
        questions the learner answered off the expected path; the first divergence,
        explained; both outcomes.
    """
    mine = {s.node: s for s in given.steps if s.answered}
    expected_asked = [s for s in expected.steps if s.answered]
    pivotal = decisive(expected)
    questions = []
    for s in expected_asked:
        g = mine.get(s.node)
        status: Status = "not asked" if g is None else ("right" if g.answer == s.answer else "wrong")
        questions.append(QuestionResult(s.node, s.text, _text(s.answer), s.label,
                                        _text(g.answer) if g else "", g.label if g else "", status,
                                        s.node in pivotal))
    on_path = {s.node for s in expected_asked}
    extra = tuple(QuestionResult(s.node, s.text, "", "not on the expected path", _text(s.answer), s.label, "wrong")
                  for s in mine.values() if s.node not in on_path)
    return QuizResult(title, scenario, tuple(questions), extra, _divergence(expected, given),
                      expected.outcome.id, expected.outcome.title, given.outcome.id, given.outcome.title, accept)


def decisive(expected: Walk) -> set[str]:
    """The questions of a walk whose answer, changed alone, changes the outcome.

    Each other option (or, for a number, each value at a branch bound and the ends of
    the range) is tried with every other answer kept. A change that needs a question
    the walk never answered has left the path, and counts as decisive.
    """
    g = expected.guideline
    answers = dict(expected.answers)
    out: set[str] = set()
    for step in expected.steps:
        if not step.answered:
            continue
        for other in _alternatives(g, g.nodes[step.node], step.answer):
            try:
                outcome = navigate(g, _Lookup({**answers, step.node: other})).outcome.id
            except LnnavError:  # an answer the path never needed, or a value the guideline refuses
                outcome = ""
            if outcome != expected.outcome.id:
                out.add(step.node)
                break
    return out


class _Lookup:
    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def __call__(self, prompt: Prompt) -> Answer:
        if prompt.node.id not in self.answers:
            raise AnswersError(f'"{prompt.node.id}" not answered')
        return self.answers[prompt.node.id]


def _alternatives(g: Guideline, node: Node, answer: Answer) -> list[Answer]:
    if isinstance(node, Question):
        return [o.id for o in node.options if o.id != answer]
    if isinstance(node, MultiQuestion):
        ids = [o.id for o in node.options]
        chosen = answer if isinstance(answer, tuple) else ()
        sets = [(i,) for i in ids] + [tuple(c for c in chosen if c != i) for i in chosen]
        return [t for t in dict.fromkeys(sets) if t and t != chosen]
    if isinstance(node, NumericQuestion):
        low, high = node.typical or (node.minimum, node.maximum)
        values = {node.minimum, node.maximum, *(low + (high - low) * k / 8 for k in range(9))}
        for bound in _thresholds(g, node):
            step = 1e-6 * max(1.0, abs(bound))
            values |= {bound, bound - step, bound + step}
        return [v for v in sorted(values) if node.minimum <= v <= node.maximum and v != answer]
    return []  # a kind this module does not know how to vary: not counted as decisive


def _thresholds(g: Guideline, node: NumericQuestion) -> list[float]:
    """The numbers the guideline compares this answer with: its branches, and route rules on it."""
    out = [bound for b in node.branches for _op, bound in b.bounds]
    for other in g.nodes.values():
        if isinstance(other, Route):
            for rule in other.rules:
                for c in walk_condition(rule.when) if rule.when is not None else ():
                    if isinstance(c, Compare) and c.question == node.id:
                        out += [bound for _op, bound in c.bounds]
    return out


def _divergence(expected: Walk, given: Walk) -> Divergence | None:
    """The first step at which the learner's answer led somewhere else than the expected one.

    Both walks are followed step by step while they stand on the same node; a
    different answer that leads to the same next node is not a divergence.
    """
    for i in range(max(len(expected.steps), len(given.steps))):
        e = expected.steps[i] if i < len(expected.steps) else None
        g = given.steps[i] if i < len(given.steps) else None
        if e is not None and g is not None and e.node == g.node and e.next == g.next:
            continue
        seen = sum(1 for s in given.steps[:i + 1] if s.answered)
        asked = g is not None and g.answered
        summary = _in_words(expected, given, e, g, seen) if e is not None and g is not None else ""
        return Divergence(i + 1, _explained(expected, e, i), _explained(given, g, i), seen, not asked, summary,
                          g.node if g is not None and asked else "")
    return None


def _in_words(expected: Walk, given: Walk, e: Step, g: Step, number: int) -> str:
    """Where the paths parted, in one sentence: what each answer (or decision) led to."""
    guideline = given.guideline
    yours, theirs = describe_node(guideline, g.next), describe_node(guideline, e.next)
    if g.answered:
        return (f'At question {number} ("{_flat(g.text)}"), you answered "{_flat(g.label)}", which leads to {yours}; '
                f'the expected answer, "{_flat(e.label)}", leads to {theirs}.')
    before = [s for s in given.steps[:given.steps.index(g)] if s.answered]
    expected_answers = {s.node: s.answer for s in expected.steps if s.answered}
    differ = [n for n, s in enumerate(before, 1) if s.node in expected_answers and expected_answers[s.node] != s.answer]
    numbers = [str(n) for n in differ]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1] if numbers else ""
    because = (f" because of your answer to question {listed}" if len(numbers) == 1
               else f" because of your answers to questions {listed}" if numbers else "")
    where = f"After question {number}" if number else "Before the first question"
    return (f'{where}, the decision "{_flat(g.text)}" took you to {yours}{because}; with the expected answers it '
            f"leads to {theirs}.")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _explained(walk: Walk, step: Step | None, index: int) -> StepExplanation | None:
    if step is None:
        return None
    answers = {s.node: s.answer for s in walk.steps}
    return explain_step(walk.guideline, step, index + 1, answers)


def to_data(r: QuizResult) -> dict[str, Any]:
    """The JSON document of a quiz (``lnnav quiz --format json``)."""

    def question(q: QuestionResult) -> dict[str, Any]:
        return {"node": q.node, "text": q.text, "expected": q.expected, "expected_label": q.expected_label,
                "given": q.given, "given_label": q.given_label, "status": q.status, "decisive": q.decisive,
                "scored": r.scored(q)}

    d = r.divergence
    return {
        "scenario": {"file": r.scenario, "title": r.title},
        "questions": [question(q) for q in r.questions],
        "off_path": [question(q) for q in r.extra],
        "first_divergence": None if d is None else {
            "step": d.step,
            "question": d.question,
            "after_question": d.after,
            "summary": d.summary,
            "expected": _step_data(d.expected),
            "given": _step_data(d.given),
        },
        "outcome": {"expected": r.expected_outcome, "expected_title": r.expected_title, "accept": list(r.accept),
                    "given": r.given_outcome, "given_title": r.given_title, "correct": r.outcome_correct},
        "score": {"matched": r.matched, "total": r.total, "outcome_correct": r.outcome_correct},
    }


def _step_data(s: StepExplanation | None) -> dict[str, Any] | None:
    return step_data(s) if s is not None else None

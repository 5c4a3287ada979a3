"""Quiz mode: a learner's walk compared with a scenario's expected walk, question by question."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lnnav.conditions import Answer
from lnnav.engine import Step, Walk
from lnnav.errors import UsageError
from lnnav.explain import StepExplanation, explain_step, step_data
from lnnav.loader import display_path
from lnnav.model import fmt_num

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


@dataclass(frozen=True)
class Divergence:
    """Where the learner's path first left the expected one, explained both ways."""

    step: int
    expected: StepExplanation | None
    given: StepExplanation | None


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

    @property
    def matched(self) -> int:
        return sum(1 for q in self.questions if q.status == "right")

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def outcome_correct(self) -> bool:
        return self.expected_outcome == self.given_outcome


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
        UsageError: nothing by that name, with the names there are.
    """
    as_path = Path(name)
    if as_path.is_file():
        return as_path
    for candidate in (folder / name, *(folder / f"{name}{s}" for s in SUFFIXES)):
        if candidate.is_file():
            return candidate
    names = ", ".join(p.stem for p in scenario_files(folder)) or "none"
    raise UsageError(f'scenario "{name}" not found (a file, or a name in {display_path(folder)}: {names})')


def _text(answer: Answer) -> str:
    if isinstance(answer, tuple):
        return ",".join(answer)
    return fmt_num(answer) if isinstance(answer, float) else answer


def _same(a: Step, b: Step) -> bool:
    return a.node == b.node and a.answer == b.answer


def compare(expected: Walk, given: Walk, *, title: str = "", scenario: str = "") -> QuizResult:
    """Score a learner's walk against the expected one.

    Args:
        expected: the scenario's answers walked through the engine.
        given: the learner's walk.
        title: the scenario title, carried into the result.
        scenario: the scenario file, as shown to the user.

    Returns:
        Each expected question right, wrong or not asked; questions the learner
        answered off the expected path; the first divergence, explained; both outcomes.
    """
    mine = {s.node: s for s in given.steps if s.answered}
    expected_asked = [s for s in expected.steps if s.answered]
    questions = []
    for s in expected_asked:
        g = mine.get(s.node)
        status: Status = "not asked" if g is None else ("right" if g.answer == s.answer else "wrong")
        questions.append(QuestionResult(s.node, s.text, _text(s.answer), s.label,
                                        _text(g.answer) if g else "", g.label if g else "not asked", status))
    on_path = {s.node for s in expected_asked}
    extra = tuple(QuestionResult(s.node, s.text, "", "not on the expected path", _text(s.answer), s.label, "wrong")
                  for s in mine.values() if s.node not in on_path)
    return QuizResult(title, scenario, tuple(questions), extra, _divergence(expected, given),
                      expected.outcome.id, expected.outcome.title, given.outcome.id, given.outcome.title)


def _divergence(expected: Walk, given: Walk) -> Divergence | None:
    for i in range(max(len(expected.steps), len(given.steps))):
        e = expected.steps[i] if i < len(expected.steps) else None
        g = given.steps[i] if i < len(given.steps) else None
        if e is not None and g is not None and _same(e, g):
            continue
        return Divergence(i + 1, _explained(expected, e, i), _explained(given, g, i))
    return None


def _explained(walk: Walk, step: Step | None, index: int) -> StepExplanation | None:
    if step is None:
        return None
    answers = {s.node: s.answer for s in walk.steps}
    return explain_step(walk.guideline, step, index + 1, answers)


def to_data(r: QuizResult) -> dict[str, Any]:
    """The JSON document of a quiz (``lnnav quiz --format json``)."""

    def question(q: QuestionResult) -> dict[str, Any]:
        return {"node": q.node, "text": q.text, "expected": q.expected, "expected_label": q.expected_label,
                "given": q.given, "given_label": q.given_label, "status": q.status}

    d = r.divergence
    return {
        "scenario": {"file": r.scenario, "title": r.title},
        "questions": [question(q) for q in r.questions],
        "off_path": [question(q) for q in r.extra],
        "first_divergence": None if d is None else {
            "step": d.step,
            "expected": _step_data(d.expected),
            "given": _step_data(d.given),
        },
        "outcome": {"expected": r.expected_outcome, "expected_title": r.expected_title,
                    "given": r.given_outcome, "given_title": r.given_title, "correct": r.outcome_correct},
        "score": {"matched": r.matched, "total": r.total, "outcome_correct": r.outcome_correct},
    }


def _step_data(s: StepExplanation | None) -> dict[str, Any] | None:
    return step_data(s) if s is not None else None

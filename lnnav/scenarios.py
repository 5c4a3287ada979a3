"""Scenarios: worked cases with an expected outcome, run through the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lnnav.answers import AnswerSet, Scripted, answers_from, resolve
from lnnav.engine import Walk, navigate
from lnnav.errors import AnswersError, Issue, LnnavError
from lnnav.fields import Fields
from lnnav.loader import display_path
from lnnav.model import Guideline, Recommendation, Source
from lnnav.yamlio import YMap, load_file

SCENARIO_DIR = "scenarios"


@dataclass(frozen=True)
class Scenario:
    path: Path
    title: str
    description: str
    answers: AnswerSet
    outcome: str
    alerts: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    walk: Walk | None
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def find(paths: list[Path]) -> list[Path]:
    """Scenario files: files as given, folders searched for *.yaml, *.yml and *.json."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml", ".json") and q.is_file())
        elif p.exists():
            out.append(p)
        else:
            raise AnswersError(f"{display_path(p)}: scenario file or folder not found")
    return out


def load(path: Path) -> Scenario:
    """Read a scenario file; it is also a valid answers file.

    Raises:
        AnswersError: the file is unreadable or lacks title, description, answers or expect.
    """
    display = display_path(path)
    root, issues, _text = load_file(path, display, strict_keys=False)
    if root is None or any(i.is_error for i in issues):
        raise AnswersError("", issues)
    if not isinstance(root, YMap):
        raise AnswersError("", [Issue(root.source, "a scenario must be a mapping with title, description, answers, expect")])
    problems: list[Issue] = []
    f = Fields(root, "a scenario", problems, ("title", "description", "answers", "expect"))
    title, description = f.text("title"), f.text("description")
    outcome, alerts = "", tuple[str, ...]()
    expect = f.mapping("expect")
    if expect is not None:
        e = Fields(expect, "expect", problems, ("outcome",), ("alerts",))
        outcome = e.ident("outcome")
        alerts = tuple(a for a, _ in e.idents("alerts", allow_empty=True))
    if problems:
        raise AnswersError("", problems)
    return Scenario(path, title, description, answers_from(root, display), outcome, alerts, root.source)


def run(g: Guideline, sc: Scenario) -> ScenarioResult:
    """Run one scenario; any mismatch or answers error is a problem, not an exception."""
    try:
        walk = navigate(g, Scripted(g, resolve(g, sc.answers)))
    except LnnavError as exc:
        return ScenarioResult(sc, None, tuple(exc.lines()) or (exc.message,))
    problems = []
    if walk.outcome.id != sc.outcome:
        problems.append(f'expected outcome "{sc.outcome}", got "{walk.outcome.id}"')
    fired = {f.alert.id for f in walk.alerts}
    problems += [f'expected alert "{a}" did not fire' for a in sc.alerts if a not in fired]
    return ScenarioResult(sc, walk, tuple(problems))


def outcome_ids(g: Guideline) -> list[str]:
    return [n.id for n in g.nodes.values() if isinstance(n, Recommendation)]


def unreached(g: Guideline, results: list[ScenarioResult]) -> list[str]:
    """Outcomes no passing scenario reaches, in guideline order."""
    reached = {r.walk.outcome.id for r in results if r.walk is not None and r.passed}
    return [o for o in outcome_ids(g) if o not in reached]


def default_dir(guideline_dir: Path) -> Path:
    return guideline_dir / SCENARIO_DIR

"""Scenarios: worked cases with an expected outcome, run through the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lnnav.base.errors import AnswersError, Issue, LnnavError
from lnnav.base.source import Source
from lnnav.base.suggest import suggest
from lnnav.engine.answers import AnswerSet, Scripted, answers_from, resolve
from lnnav.engine.walk import Walk, navigate
from lnnav.format.fields import Fields
from lnnav.format.loader import display_path
from lnnav.format.yamlio import YMap, load_file
from lnnav.model.conditions import Always
from lnnav.model.guideline import Guideline, Recommendation

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
    accept: tuple[str, ...] = ()  # other outcomes a quiz accepts as right (another valid path)
    # where each expected id is written, so that an unknown one is reported at its place
    places: tuple[tuple[str, Source], ...] = ()
    not_alerts: tuple[str, ...] = ()  # alerts that must stay silent for this patient


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    walk: Walk | None
    problems: tuple[str, ...]
    located: tuple[Issue, ...] = ()  # the same problems, each at the key it is about (the answer, the outcome)

    @property
    def passed(self) -> bool:
        return not self.problems


def find(paths: list[Path]) -> list[Path]:
    """Scenario files: files as given, folders searched for *.yaml, *.yml and *.json."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            try:
                out += sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml", ".json") and q.is_file())
            except OSError as exc:  # an unreadable folder
                raise AnswersError(f"{display_path(p)}: cannot read the folder: {exc.strerror or exc}") from None
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
    outcome, alerts, accept, not_alerts = "", tuple[str, ...](), tuple[str, ...](), tuple[str, ...]()
    places: list[tuple[str, Source]] = []
    expect = f.mapping("expect")
    if expect is not None:
        e = Fields(expect, "expect", problems, ("outcome",), EXPECT_OPTIONAL)
        outcome = e.ident("outcome")
        places.append((f"outcome:{outcome}", e.src("outcome")))
        found = e.idents("alerts", allow_empty=True)
        alerts = tuple(a for a, _ in found)
        places += [(f"alert:{a}", src) for a, src in found]
        taken = e.idents("accept", allow_empty=True)
        accept = tuple(a for a, _ in taken)
        places += [(f"outcome:{a}", src) for a, src in taken]
        silent = e.idents("not_alerts", allow_empty=True)
        not_alerts = tuple(a for a, _ in silent)
        places += [(f"alert:{a}", src) for a, src in silent]
    if problems:
        raise AnswersError("", problems)
    return Scenario(path, title, description, answers_from(root, display), outcome, alerts, root.source, accept,
                    tuple(places), not_alerts)


EXPECT_OPTIONAL = ("alerts", "accept", "not_alerts")


def unknown_ids(g: Guideline, sc: Scenario) -> list[Issue]:
    """Expected outcomes and alerts that the guideline does not have, each at its place, with a suggestion.

    Without this a misspelt alert reads as "did not fire" and a misspelt outcome as a
    wrong path: the maintainer then looks for the fault in the guideline, not the scenario.
    """
    return [issue for _name, issue in _unknown(g, sc)]


def _unknown(g: Guideline, sc: Scenario) -> list[tuple[str, Issue]]:
    outcomes = outcome_ids(g)
    alert_ids = [a.id for a in g.alerts]
    out: list[tuple[str, Issue]] = []
    for key, src in sc.places:
        kind, _, name = key.partition(":")
        known = outcomes if kind == "outcome" else alert_ids
        if name and name not in known:
            out.append((name, Issue(src, f'expected {kind} "{name}" does not exist in guideline "{g.id}"'
                                         f"{suggest(name, known)}")))
    return out


def run(g: Guideline, sc: Scenario) -> ScenarioResult:
    """Run one scenario; any mismatch or answers error is a problem, not an exception.

    An expected id the guideline does not have is reported once, as such; its echo
    ("expected outcome ... got ...", "did not fire") is left out.
    """
    unknown = _unknown(g, sc)
    problems = [str(i) for _name, i in unknown]
    located = [i for _name, i in unknown]
    try:
        walk = navigate(g, Scripted(g, resolve(g, sc.answers)))
    except LnnavError as exc:
        found = list(getattr(exc, "issues", []))
        located += found + ([Issue(sc.source, exc.message)] if exc.message or not found else [])
        return ScenarioResult(sc, None, (*problems, *(tuple(exc.lines()) or (exc.message,))), tuple(located))
    bad = {name for name, _i in unknown}
    places = dict(sc.places)

    def at(key: str, message: str) -> None:
        problems.append(message)
        located.append(Issue(places.get(key, sc.source), message))

    if walk.outcome.id != sc.outcome and sc.outcome not in bad:
        at(f"outcome:{sc.outcome}", f'expected outcome "{sc.outcome}", got "{walk.outcome.id}"')
    fired = {f.alert.id for f in walk.alerts}
    for a in sc.alerts:
        if a not in fired and a not in bad:
            at(f"alert:{a}", f'expected alert "{a}" did not fire')
    for a in sc.not_alerts:
        if a in fired:
            at(f"alert:{a}", f'alert "{a}" fired, but the scenario says it must not')
    return ScenarioResult(sc, walk, tuple(problems), tuple(located))


def outcome_ids(g: Guideline) -> list[str]:
    return [n.id for n in g.nodes.values() if isinstance(n, Recommendation)]


def unreached(g: Guideline, results: list[ScenarioResult]) -> list[str]:
    """Outcomes no passing scenario reaches, in guideline order."""
    reached = {r.walk.outcome.id for r in results if r.walk is not None and r.passed}
    return [o for o in outcome_ids(g) if o not in reached]


def alert_gaps(g: Guideline, results: list[ScenarioResult]) -> tuple[list[str], list[str]]:
    """Alerts no passing scenario expects to fire, and alerts none expects to stay silent.

    An alert is covered when one case shows it firing and another shows it holding back
    (``not_alerts``); an ``{always: true}`` alert can only be shown firing.
    """
    passing = [r.scenario for r in results if r.passed]
    fired = {a for sc in passing for a in sc.alerts}
    silent = {a for sc in passing for a in sc.not_alerts}
    unfired = [a.id for a in g.alerts if a.id not in fired]
    never_silent = [a.id for a in g.alerts if a.id not in silent and not isinstance(a.when, Always)]
    return unfired, never_silent


def default_dir(guideline_dir: Path) -> Path:
    return guideline_dir / SCENARIO_DIR


def owner(path: Path) -> Path | None:
    """The guideline folder a scenario file or folder belongs to, if it lies in one.

    DIR/scenarios/x.yaml and DIR/scenarios belong to DIR, and so does DIR itself,
    when DIR holds a guideline manifest.
    """
    from lnnav.format.loader import MANIFEST

    resolved = path.resolve()
    for candidate in (resolved, resolved.parent, resolved.parent.parent):
        if (candidate / MANIFEST).is_file() and (candidate == resolved or resolved.is_relative_to(candidate / SCENARIO_DIR)):
            return path if candidate == resolved else Path(display_path(candidate))
    return None

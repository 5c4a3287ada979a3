"""`lnnav replay`: re-run a session record and say what, if anything, has changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lnnav.base.errors import UsageError
from lnnav.cli.app import app, guideline_dir, warn

if TYPE_CHECKING:
    from lnnav.engine.record import RecordedStep

SAME = "same outcome"


@app.command()
def replay(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A record saved by `lnnav consult --save`.")],
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
) -> int:
    """Replay a session record; exit 1 when the guideline content or the result changed."""
    from lnnav.engine import record
    from lnnav.engine.replay import compare
    from lnnav.format.loader import load_or_raise

    rec = record.read(file)
    g = load_or_raise(guideline_dir(guideline))
    if rec.guideline_id != g.id:
        raise UsageError(f'the record {rec.path} is for guideline "{rec.guideline_id}", not "{g.id}"; '
                         "pass its folder with --guideline DIR")
    lines: list[str] = []
    if rec.sha256 != g.sha256:
        lines += ["guideline content changed",
                  f"  recorded: version {rec.guideline_version}, sha256 {rec.sha256}",
                  f"  now:      version {g.version}, sha256 {g.sha256}"]
        if rec.guideline_version == g.version:
            warn(f"the guideline content changed but its version did not (still {g.version}): "
                 "bump version in guideline.yaml and note the change in its CHANGELOG.md")
    _print(lines)  # before re-deriving, so that a record that no longer fits still says why
    walk = record.rederive(g, rec)
    cmp = compare(rec, walk)
    lines = []
    if cmp.tool_changed and not cmp.unchanged:
        from lnnav import __version__

        lines.append(f"lnnav version changed: recorded with {rec.lnnav_version}, now {__version__}")
    if cmp.steps:
        lines.append("path changed:")
        for ch in cmp.steps:
            recorded, now = _sides(ch.recorded, ch.now)
            lines.append(f"  step {ch.number}: recorded {recorded}; now {now}")
    for step in walk.steps:  # the record's answers, and when they were measured: a replay keeps saying so
        origin = walk.origin(step.node)
        if origin is not None and origin.source == "record":
            when = f", measured {origin.date}" if origin.date else ""
            lines.append(f"from the record: {step.node} = {step.label} ({', '.join(origin.resources)}{when})")
    if cmp.outcome_changed:
        lines.append(f"outcome changed: {rec.outcome} ({rec.outcome_title}) -> {walk.outcome.id} "
                     f"({walk.outcome.title})")
    elif cmp.same_outcome:
        lines.append(SAME)
    for r in cmp.reworded:
        lines.append(f"{r.what} changed:")
        lines += [f"  - {t}" for t in r.before if t not in r.after] or ["  (nothing removed)"]
        lines += [f"  + {t}" for t in r.after if t not in r.before] or ["  (nothing added)"]
    if cmp.alerts_removed:
        lines.append(f"alerts no longer fired: {', '.join(cmp.alerts_removed)}")
    if cmp.alerts_added:
        lines.append(f"alerts now fired: {', '.join(cmp.alerts_added)}")
    _print(lines)
    return 0 if cmp.unchanged else 1


def _sides(recorded: RecordedStep | None, now: RecordedStep | None) -> tuple[str, str]:
    """A changed step, before and after; with the answers' ids when the labels alone read the same
    (an option's id edited under an unchanged label, a number shown rounded)."""
    before, after = str(recorded or "(none)"), str(now or "(none)")
    if before == after and recorded is not None and now is not None:
        return recorded.with_id(), now.with_id()
    return before, after


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line)

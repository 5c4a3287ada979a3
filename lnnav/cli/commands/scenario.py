"""`lnnav scenario check`: run worked cases and compare with what they expect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lnnav.base.errors import EXIT_INVALID_GUIDELINE, LnnavError, UsageError
from lnnav.cli.app import app, guideline_dir, write_json


class ScenariosMissing(LnnavError):
    """`scenario check` found no scenario to run: a failure, like a failing scenario (exit 1)."""

    exit_code = EXIT_INVALID_GUIDELINE


scenario_app = typer.Typer(help="Worked cases with expected outcomes.", add_completion=False)
app.add_typer(scenario_app, name="scenario")


@scenario_app.command("check")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATH]...",
                                                       help="Scenario files or folders (default: the guideline's).",
                                                       )] = None,
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR", help="Guideline folder.")] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Also require every outcome to be reached, and every "
                                           "alert to be shown firing and holding back.")] = False,
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help="text or json.")] = "text",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour.")] = False,
) -> int:
    """Run scenarios; print one line each and `N passed, M failed`; exit 1 on any failure.

    Each scenario is checked against the guideline that owns its folder
    (DIR/scenarios/*.yaml belongs to DIR) unless --guideline names one.
    """
    from lnnav.base.text import visible
    from lnnav.engine import scenarios
    from lnnav.format.loader import MANIFEST, display_path, load_or_raise

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    default = guideline_dir(guideline, announce=False)
    groups: dict[Path, list[Path]] = {}
    for path in paths or [scenarios.default_dir(default)]:
        owner = guideline if guideline is not None else scenarios.owner(path) or default
        target = scenarios.default_dir(path) if path.is_dir() and (path / MANIFEST).is_file() else path
        groups.setdefault(Path(display_path(owner)), []).extend(scenarios.find([target]))
    results: list[tuple[Path, scenarios.ScenarioResult | None, tuple[str, ...]]] = []
    ran: list[scenarios.ScenarioResult] = []
    missing: list[str] = []
    unfired: list[str] = []
    never_silent: list[str] = []
    total = alert_total = 0
    for folder, files in groups.items():
        guideline_dir(folder)  # names the folder read, on stderr
        g = load_or_raise(folder)
        ran_here = []
        for path in files:
            try:
                sc = scenarios.load(path)
            except LnnavError as exc:  # an unreadable scenario fails, reported with the others
                results.append((path, None, tuple(exc.lines())))
                continue
            result = scenarios.run(g, sc)
            results.append((path, result, result.problems))
            ran_here.append(result)
        ran += ran_here
        missing += scenarios.unreached(g, ran_here) if coverage else []
        total += len(scenarios.outcome_ids(g))
        if coverage:
            gaps = scenarios.alert_gaps(g, ran_here)
            unfired += gaps[0]
            never_silent += gaps[1]
        alert_total += len(g.alerts)
    if not results:  # nothing checked is not a pass: CI must not go green on an empty or misnamed folder
        where = ", ".join(visible(display_path(p)) for p in paths or [scenarios.default_dir(default)])
        raise ScenariosMissing(f"no scenarios found in {where} (files ending .yaml, .yml or .json)")
    passed = sum(1 for _, _, problems in results if not problems)
    failed = len(results) - passed
    if fmt == "json":
        doc = {
            "passed": passed,
            "failed": failed,
            "scenarios": [
                {"file": display_path(p), "title": r.scenario.title if r else "", "passed": not problems,
                 "outcome": r.walk.outcome.id if r and r.walk else None, "problems": list(problems)}
                for p, r, problems in results
            ],
            **({"coverage": {"reached": total - len(missing), "total": total, "unreached": missing,
                             "alerts": {"total": alert_total, "never_expected_to_fire": unfired,
                                        "never_expected_silent": never_silent}}} if coverage else {}),
        }
        write_json(doc)
    else:
        from lnnav.cli.textout import emit_text
        from lnnav.output.layout import Block

        # one line per scenario (file names whole, wrapped under themselves), laid out without
        # rich's table engine: the same speed as --format json in a pipe
        blocks: list[Block] = []
        for path, r, problems in results:
            title = f": {' '.join(visible(r.scenario.title).split())}" if r and r.scenario.title else ""
            outcome = r.walk.outcome.id if r and r.walk else "-"
            mark, style = ("PASS", "bold green") if not problems else ("FAIL", "bold red")
            blocks.append(Block(((visible(display_path(path)), "bold"), (title, ""), ("  -> ", "dim"), (outcome, "")),
                                mark, 4, mark_style=style))
        emit_text(blocks, None, no_color=no_color, pager=False)
        # what failed, one whole line each (never wrapped: a message names a file:line:col), under the list
        for path, _r, problems in results:
            for problem in problems:
                print(f"FAIL {visible(display_path(path))}: {visible(problem, newlines=False)}")
        print(f"{passed} passed, {failed} failed")
        if coverage:
            print(f"coverage: {total - len(missing)}/{total} outcomes reached")
            for outcome_id in missing:
                print(f"unreached: {outcome_id}")
            print(f"coverage: {alert_total - len(unfired)}/{alert_total} alerts shown firing, "
                  f"{alert_total - len(never_silent)}/{alert_total} shown holding back (always-on alerts count as both)")
            for alert_id in unfired:
                print(f"never expected to fire: {alert_id}")
            for alert_id in never_silent:
                print(f"never expected to stay silent: {alert_id}")
    return 1 if failed or missing or unfired or never_silent else 0

"""`lnnav scenario check`: run worked cases and compare with what they expect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from lnnav.app import app, console, guideline_dir
from lnnav.errors import LnnavError, UsageError

scenario_app = typer.Typer(help="Worked cases with expected outcomes.", add_completion=False)
app.add_typer(scenario_app, name="scenario")


@scenario_app.command("check")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATH]...",
                                                       help="Scenario files or folders (default: the guideline's).",
                                                       )] = None,
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR", help="Guideline folder.")] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Also require every outcome to be reached.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour.")] = False,
) -> int:
    """Run scenarios; print a table and `N passed, M failed`; exit 1 on any failure."""
    from rich.table import Table
    from rich.text import Text

    from lnnav import scenarios
    from lnnav.loader import display_path, load_or_raise

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    folder = guideline_dir(guideline)
    g = load_or_raise(folder)
    files = scenarios.find(paths or [scenarios.default_dir(folder)])
    results: list[tuple[Path, scenarios.ScenarioResult | None, tuple[str, ...]]] = []
    for path in files:
        try:
            sc = scenarios.load(path)
        except LnnavError as exc:  # an unreadable scenario fails, reported with the others
            results.append((path, None, tuple(exc.lines())))
            continue
        result = scenarios.run(g, sc)
        results.append((path, result, result.problems))
    passed = sum(1 for _, _, problems in results if not problems)
    failed = len(results) - passed
    ran = [r for _, r, _ in results if r is not None]
    missing = scenarios.unreached(g, ran) if coverage else []
    total = len(scenarios.outcome_ids(g))
    if fmt == "json":
        doc = {
            "passed": passed,
            "failed": failed,
            "scenarios": [
                {"file": display_path(p), "title": r.scenario.title if r else "", "passed": not problems,
                 "outcome": r.walk.outcome.id if r and r.walk else None, "problems": list(problems)}
                for p, r, problems in results
            ],
            **({"coverage": {"reached": total - len(missing), "total": total, "unreached": missing}} if coverage else {}),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        table = Table(show_lines=False)
        table.add_column("result")
        table.add_column("scenario")
        table.add_column("outcome")
        for path, r, problems in results:
            name = f"{display_path(path)}\n{r.scenario.title}" if r else display_path(path)
            outcome = r.walk.outcome.id if r and r.walk else "-"
            table.add_row("PASS" if not problems else "FAIL", Text(name), Text(outcome))  # Text: never markup
        out = console(no_color=no_color)
        out.print(table)
        # what failed, one plain line each: long messages read badly inside a table cell
        for path, _r, problems in results:
            for problem in problems:
                print(f"FAIL {display_path(path)}: {problem}")
        print(f"{passed} passed, {failed} failed")
        if coverage:
            print(f"coverage: {total - len(missing)}/{total} outcomes reached")
            for outcome_id in missing:
                print(f"unreached: {outcome_id}")
    return 1 if failed or missing else 0

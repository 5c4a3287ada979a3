"""`lnnav validate [DIR]`: every problem of a guideline folder, in one pass, and maintainer warnings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from lnnav.base.errors import EXIT_INVALID_GUIDELINE, EXIT_OK, UsageError
from lnnav.cli.app import app, folder_shown, guideline_dir, write_json


@app.command()
def validate(
    folder: Annotated[Path | None, typer.Argument(metavar="[DIR]", help="Guideline folder (default: bundled).")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help="text or json.")] = "text",
    today: Annotated[str | None, typer.Option("--today", metavar="YYYY-MM-DD", hidden=True,
                                              help="The date review_due is compared with (for tests).")] = None,
) -> int:
    """Check a guideline folder and print every problem as FILE:LINE:COL: error|warning: message."""
    from lnnav.base.text import visible
    from lnnav.checks.followon import mark_follow_ons
    from lnnav.engine.lint import lint  # the core is imported here, not at start-up (lnnav --help)
    from lnnav.format.loader import load_partial
    from lnnav.model.guideline import Recommendation

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    path = guideline_dir(folder, announce=False)  # the summary line names the folder
    partial, issues = load_partial(path, note=True)  # checked in full; a pass is noted for the consults
    guideline = None if any(i.is_error for i in issues) else partial
    issues = mark_follow_ons(issues + lint(path, guideline, today=_date(today)), partial)
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    if fmt == "json":
        doc = {
            "guideline": folder_shown(path),
            "valid": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "issues": [
                {"file": i.source.file, "line": i.source.line, "col": i.source.col, "severity": i.severity,
                 "message": i.message}
                for i in issues
            ],
        }
        write_json(doc)
    else:
        for issue in issues:
            print(issue)
        shown = visible(folder_shown(path), newlines=False)  # a folder's name is data, as a file's is in each issue
        if guideline is not None and errors == 0:
            outcomes = sum(1 for n in guideline.nodes.values() if isinstance(n, Recommendation))
            print(f"{shown}: ok: {guideline.id} {guideline.version}: {len(guideline.nodes)} nodes, "
                  f"{outcomes} outcomes, {len(guideline.references)} references, {warnings} warning(s)")
        else:
            print(f"{shown}: {errors} error(s), {warnings} warning(s)")
    return EXIT_OK if errors == 0 else EXIT_INVALID_GUIDELINE


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'--today must be a date written YYYY-MM-DD, got "{text}"') from None

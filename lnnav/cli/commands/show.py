"""`lnnav show [NODE]`: the whole guideline as a tree, or one node and its neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lnnav.base.errors import UsageError
from lnnav.cli.app import app, guideline_dir, write_json


@app.command()
def show(
    node: Annotated[str | None, typer.Argument(metavar="NODE", help="A node id (default: the whole tree).")] = None,
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help="text or json.")] = "text",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="At a terminal, print straight through instead of "
                                                              "paging a long outline.")] = False,
) -> int:
    """Show the guideline as an outline: every node with its depth and option ids, then the alerts and when they
    fire; or one node with what leads to it and where it goes."""
    from lnnav.base.errors import GuidelineError
    from lnnav.base.suggest import suggest
    from lnnav.format.loader import load_partial
    from lnnav.model.edges import incoming
    from lnnav.output.graph import node_data, outline

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    # an invalid guideline is shown as far as it loads, so the broken link or cycle being fixed can be seen
    g, issues = load_partial(guideline_dir(guideline))
    errors = [i for i in issues if i.is_error]
    if g is None:
        raise GuidelineError(errors, "guideline is invalid; run `lnnav validate` on it")
    if node is not None and node not in g.nodes:
        raise UsageError(f'no node "{node}" in guideline "{g.id}"{suggest(node, list(g.nodes))}')
    if fmt == "json":
        doc = outline(g) if node is None else node_data(g.nodes[node], incoming(g)[node])
        write_json(doc)
    else:
        from lnnav.cli.textout import emit_text, width_for
        from lnnav.output.tree import broken_links, guideline_outline, node_outline

        width = width_for(None)
        cyclic = broken_links(g) if errors else set()
        blocks = guideline_outline(g, width, cyclic) if node is None else node_outline(g, g.nodes[node])
        emit_text(blocks, None, no_color=no_color, pager=not no_pager, width=width)
    if errors:
        raise GuidelineError(errors, f"guideline is invalid ({len(errors)} error(s)); shown as far as it loads: "
                                     "missing nodes and cycles marked")
    return 0

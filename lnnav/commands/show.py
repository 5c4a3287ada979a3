"""`lnnav show [NODE]`: the whole guideline as a tree, or one node and its neighbours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from lnnav.app import app, console, guideline_dir
from lnnav.errors import UsageError


@app.command()
def show(
    node: Annotated[str | None, typer.Argument(metavar="[NODE]", help="A node id (default: the whole tree).")] = None,
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
) -> int:
    """Show the question tree; a node reached from several parents is shown once, then referred back to."""
    from lnnav.fields import suggest
    from lnnav.graph import incoming, node_data, outline
    from lnnav.loader import load_or_raise

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    g = load_or_raise(guideline_dir(guideline))
    if node is not None and node not in g.nodes:
        raise UsageError(f'no node "{node}" in guideline "{g.id}"{suggest(node, list(g.nodes))}')
    if fmt == "json":
        doc = outline(g) if node is None else node_data(g.nodes[node], incoming(g)[node])
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    from lnnav.tree import guideline_tree, node_tree

    console(no_color=no_color).print(guideline_tree(g) if node is None else node_tree(g, g.nodes[node]))
    return 0

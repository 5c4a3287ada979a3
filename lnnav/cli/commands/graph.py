"""`lnnav graph`: the tree as a Mermaid flowchart or a Graphviz DOT digraph."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from lnnav.cli.app import app, check_writable, guideline_dir, refuse_rendered, write_output


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


@app.command()
def graph(
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    fmt: Annotated[GraphFormat | None, typer.Option("--format", help="mermaid (renders in GitHub Markdown) or dot "
                                                                     "(default: from the --output file name: .dot "
                                                                     "or .gv for dot, else mermaid).")] = None,
    highlight: Annotated[Path | None, typer.Option("--highlight", metavar="ANSWERS",
                                                   help="Mark the path an answers or scenario file takes.")] = None,
    output: Annotated[Path | None, typer.Option("--output", metavar="FILE", help="Write the drawing here (- for standard "
                                                                                "output).")] = None,
) -> int:
    """Draw the question tree: questions, numbers, decisions, computed values and outcomes by shape."""
    from lnnav.base.errors import GuidelineError
    from lnnav.format.loader import load_partial
    from lnnav.output.dot import to_dot
    from lnnav.output.graph import to_mermaid

    check_writable(output, keep=((highlight, "the --highlight file"),))
    refuse_rendered(output, "Mermaid (.mmd) or DOT (.dot, .gv) text",
                    dict.fromkeys(("SVG", "PNG", "PDF", "JPEG", "GIF", "PostScript"),
                                  "Graphviz draws a DOT file: dot -Tsvg tree.dot -o tree.svg"))
    if fmt is None:
        dot = output is not None and output.suffix.lower() in (".dot", ".gv")
        fmt = GraphFormat.dot if dot else GraphFormat.mermaid
    # an invalid guideline is drawn as far as it loads, so the broken link or cycle being fixed can be seen
    g, issues = load_partial(guideline_dir(guideline))
    errors = [i for i in issues if i.is_error]
    if g is None or (errors and highlight is not None):
        raise GuidelineError(errors, "guideline is invalid; run `lnnav validate` on it"
                             + ("" if g is None else " (--highlight needs a valid guideline)"))
    walk = None
    if highlight is not None:
        from lnnav.cli.commands.consult import scripted_walk

        walk = scripted_walk(g, highlight, [])
    write_output(to_mermaid(g, walk) if fmt is GraphFormat.mermaid else to_dot(g, walk), output)
    if errors:
        raise GuidelineError(errors, f"guideline is invalid ({len(errors)} error(s)); drawn as far as it loads: "
                                     "missing nodes and cycles in red")
    return 0

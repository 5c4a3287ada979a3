"""A guideline drawn as a Graphviz DOT digraph, compact enough for an A3 page.

Output is deterministic (guideline order, no hashing, no timestamps) so that
drawings can be kept in version control and compared in review.
"""

from __future__ import annotations

import textwrap

from lnnav.base.text import visible
from lnnav.engine.walk import Walk
from lnnav.model.edges import Edge
from lnnav.model.guideline import Guideline, Node, node_text
from lnnav.output.graph import BROKEN, HIGHLIGHT, Arrow, arrows, node_detail, taken

# inches: A3 upright, less the margins; Graphviz scales a larger drawing down to it. Upright,
# because a guideline is a deep tree: its longest path sets the height.
A3_PORTRAIT = "11.35,16.2"
WRAP = 22  # characters of a line of a node's text in its box: the width of a rank of many boxes sets the scale
LINES = 2  # lines of it: with 2.1's routes, a third line (or wider lines) took the bundled drawing under 60 %
PORTS = 4  # cells (ways out) on a row under a node's text

_DOT_SHAPES = {
    "question": 'shape=box, style="rounded,filled", fillcolor="#e8f0fe"',
    "numeric": 'shape=box, style="filled,diagonals", fillcolor="#e6f4ea"',  # a hexagon is twice as wide
    # a parallelogram or a hexagon grows to hold three lines of text: a rank twice as tall
    "multi": 'shape=box, style="rounded,filled", peripheries=2, fillcolor="#e8f0fe"',
    "route": 'shape=box, style=filled, fillcolor="#f3e8fd"',
    "compute": 'shape=box3d, style=filled, fillcolor="#fef7e0"',
    "recommendation": 'shape=note, style=filled, fillcolor="#fce8e6"',
}


def dot_quote(text: str) -> str:
    """A DOT double-quoted string; backslashes first, since DOT reads \\n, \\l and \\N in labels.

    Control characters are written out first (ESC as ``\\x1b``, then quoted as text): a
    guideline that ``validate`` refuses is still drawn, and its escapes must not reach
    the terminal the drawing is printed on.
    """
    text = visible(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_html(text: str) -> str:
    """Text inside a DOT HTML-like label (``<...>``): control characters written out as for ``dot_quote``,
    then ``&``, ``<``, ``>`` and ``"`` as entities, so that no text can close the label or add markup."""
    return (visible(" ".join(text.split())).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def box_lines(node: Node) -> list[str]:
    """The text drawn in a node's box: its question (or title) wrapped, up to LINES lines; the whole text
    and the id are in its tooltip."""
    return textwrap.wrap(" ".join(node_text(node).split()), WRAP, max_lines=LINES, placeholder=" ...") or [node.id]


def to_dot(g: Guideline, walk: Walk | None = None) -> str:
    """``g`` as a Graphviz digraph; with ``walk``, the path it took is drawn thick and red.

    Boxes hold the node's text, wrapped; a node whose ways out differ carries them as a row of
    cells under its text (the option's short label or id, the branch, the rule), each arrow
    leaving from its cell: a label is part of its box and never lies over another one (labels
    placed beside the arrows after layout covered boxes). The whole texts and ids are tooltips
    (shown on hover in SVG). Links to missing nodes and edges on a cycle are drawn dashed in
    dark red, for a guideline loaded with ``load_partial``. The layout is compact so that the
    bundled guideline fits an A3 page at a readable size.
    """
    from lnnav.checks.faults import faults

    found = faults(g)
    nodes, chosen = taken(walk) if walk is not None else (set(), set())
    mark = f', penwidth=3, color="{HIGHLIGHT}"'
    bad = f', style=dashed, penwidth=2, color="{BROKEN}", fontcolor="{BROKEN}"'
    lines = [
        f"digraph {dot_quote(g.id)} {{",
        f'  graph [rankdir=TB, fontname="Helvetica", labelloc=t, label={dot_quote(f"{g.title} ({g.version})")}, '
        f'nodesep=0.03, ranksep=0.1, margin=0.1, mclimit=4, size="{A3_PORTRAIT}"];',
        '  node [fontname="Helvetica", fontsize=10, margin="0.04,0.02", height=0.1];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.6];',
    ]
    if found.missing_start:
        lines.append(f'  "missing start" [label={dot_quote(f"start: {g.start}{chr(10)}(missing node)")}, shape=box{bad}];')
    out: dict[str, list[Arrow]] = {}
    for a in arrows(g):
        out.setdefault(a.source, []).append(a)

    def cyclic(a: Arrow) -> bool:
        return any((e.source, e.choice) in found.cyclic for e in a.edges)

    # one way out needs no cell: its arrow leaves the box itself (its answers are in the arrow's tooltip);
    # an "any answer" cell on each box of a deep path added a row's height per box to the drawing
    ported = {source for source, ways in out.items() if len(ways) > 1}
    for node in g.nodes.values():
        extra = mark if node.id in nodes else ""
        tooltip = _flat(f"{node.id}: {node_text(node)} {node_detail(node)}")
        if node.id in ported:
            ways = out[node.id]
            cells = [f'<TD PORT="p{i}" BGCOLOR="white"><FONT POINT-SIZE="9">'
                     f'{dot_html((a.label or "then") + (" (cycle)" if cyclic(a) else ""))}</FONT></TD>'
                     for i, a in enumerate(ways)]
            # a decision with many rules puts its cells on more rows: one row of them set the drawing's width
            rows = "".join(f"<TR>{''.join(cells[i:i + PORTS])}</TR>" for i in range(0, len(cells), PORTS))
            text = "<BR/>".join(dot_html(t) for t in box_lines(node))
            label = (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="0"><TR>'
                     f'<TD BORDER="0" COLSPAN="{min(len(ways), PORTS)}">{text}</TD></TR>{rows}</TABLE>>')
        else:
            label = dot_quote(chr(10).join(box_lines(node)))
        lines.append(f"  {dot_quote(node.id)} [label={label}, tooltip={dot_quote(tooltip)}, "
                     f"{_DOT_SHAPES[node.kind]}{extra}];")
    for target in dict.fromkeys(e.target for e in found.dangling):
        lines.append(f"  {dot_quote('missing:' + target)} [label={dot_quote(f'{target}{chr(10)}(missing node)')}, "
                     f"shape=box{bad}];")
    staggered = _staggered({(a.source, a.target): list(a.edges) for ways in out.values() for a in ways})
    for source, ways in out.items():
        for i, a in enumerate(ways):
            dangling = a.target not in g.nodes
            extra = bad if dangling or cyclic(a) else mark if any((e.source, e.choice) in chosen for e in a.edges) else ""
            tail = f"{dot_quote(source)}:p{i}:s" if source in ported else dot_quote(source)
            target = dot_quote("missing:" + a.target) if dangling else dot_quote(a.target)
            longer = ", minlen=2" if (a.source, a.target) in staggered and not dangling else ""
            lines.append(f"  {tail} -> {target} [tooltip={dot_quote(a.whole or a.label)}{longer}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _staggered(arrows: dict[tuple[str, str], list[Edge]]) -> set[tuple[str, str]]:
    """Every second arrow from a node to a leaf that only it leads to, drawn one rank longer.

    Outcomes reached from one node otherwise all sit side by side on the next rank, and that
    rank sets the width of the whole drawing (Graphviz's ``unflatten -l 2`` does the same).
    """
    degree: dict[str, int] = {}
    for source, target in arrows:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    out: set[tuple[str, str]] = set()
    leaves: dict[str, int] = {}
    for source, target in arrows:
        if degree[target] == 1:
            leaves[source] = leaves.get(source, 0) + 1
            if leaves[source] % 2 == 0:
                out.add((source, target))
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())

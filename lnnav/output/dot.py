"""A guideline drawn as a Graphviz DOT digraph, compact enough for an A3 page.

Output is deterministic (guideline order, no hashing, no timestamps) so that
drawings can be kept in version control and compared in review.
"""

from __future__ import annotations

from lnnav.base.text import visible
from lnnav.engine.walk import Walk
from lnnav.model.edges import Edge
from lnnav.model.guideline import Guideline, node_text
from lnnav.output.graph import BROKEN, HIGHLIGHT, arrows, node_detail, node_label, taken

# inches: A3 upright, less the margins; Graphviz scales a larger drawing down to it. Upright,
# because a guideline is a deep tree: its longest path sets the height.
A3_PORTRAIT = "11.35,16.2"
WRAP = 16  # characters of a node's text in its box: the width of a rank of many boxes sets the scale

_DOT_SHAPES = {
    "question": 'shape=box, style="rounded,filled", fillcolor="#e8f0fe"',
    "numeric": 'shape=box, style="filled,diagonals", fillcolor="#e6f4ea"',  # a hexagon is twice as wide
    "multi": 'shape=parallelogram, style=filled, fillcolor="#e8f0fe"',
    "route": 'shape=hexagon, style=filled, fillcolor="#f3e8fd"',  # a diamond is twice as tall
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


def to_dot(g: Guideline, walk: Walk | None = None) -> str:
    """``g`` as a Graphviz digraph; with ``walk``, the path it took is drawn thick and red.

    Boxes hold the id and the start of the text, edges a short label; the whole
    texts are tooltips (shown on hover in SVG). Links to missing nodes and edges on
    a cycle are drawn dashed in dark red, for a guideline loaded with ``load_partial``.
    The layout is compact so that the bundled guideline fits an A3 page at a readable size.
    """
    from lnnav.checks.faults import faults

    found = faults(g)
    nodes, chosen = taken(walk) if walk is not None else (set(), set())
    mark = f', penwidth=3, color="{HIGHLIGHT}"'
    bad = f', style=dashed, penwidth=2, color="{BROKEN}", fontcolor="{BROKEN}"'
    lines = [
        f"digraph {dot_quote(g.id)} {{",
        f'  graph [rankdir=TB, fontname="Helvetica", labelloc=t, label={dot_quote(f"{g.title} ({g.version})")}, '
        f'nodesep=0.03, ranksep=0.04, margin=0.1, forcelabels=true, mclimit=4, size="{A3_PORTRAIT}"];',
        '  node [fontname="Helvetica", fontsize=10, margin="0.02,0.01"];',
        # xlabel: placed after layout, so edge labels add no ranks (labels doubled the height)
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.6];',
    ]
    if found.missing_start:
        lines.append(f'  "missing start" [label={dot_quote(f"start: {g.start}{chr(10)}(missing node)")}, shape=box{bad}];')
    for node in g.nodes.values():
        extra = mark if node.id in nodes else ""
        tooltip = _flat(f"{node_text(node)} {node_detail(node)}")  # the unit line would make every box taller
        lines.append(f"  {dot_quote(node.id)} [label={dot_quote(chr(10).join(node_label(node, detail=False, wrap=WRAP)))}, "
                     f"tooltip={dot_quote(tooltip)}, {_DOT_SHAPES[node.kind]}{extra}];")
    for target in dict.fromkeys(e.target for e in found.dangling):
        lines.append(f"  {dot_quote('missing:' + target)} [label={dot_quote(f'{target}{chr(10)}(missing node)')}, "
                     f"shape=box{bad}];")
    arrows_ = arrows(g)  # options that lead to the same node share one arrow: fewer labels to crowd
    staggered = _staggered({(a.source, a.target): list(a.edges) for a in arrows_})
    for a in arrows_:
        dangling = a.target not in g.nodes
        cyclic = any((e.source, e.choice) in found.cyclic for e in a.edges)
        extra = bad if dangling or cyclic else mark if any((e.source, e.choice) in chosen for e in a.edges) else ""
        label = a.label + (" (cycle)" if cyclic else "")
        target = dot_quote("missing:" + a.target) if dangling else dot_quote(a.target)
        longer = ", minlen=2" if (a.source, a.target) in staggered and not dangling else ""
        lines.append(f"  {dot_quote(a.source)} -> {target} [xlabel={dot_quote(label)}, tooltip={dot_quote(a.whole)}"
                     f"{longer}{extra}];")
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

"""Front-end: a guideline, or one node of it, as a rich tree. Prints nothing.

Every label is a ``Text``: a plain string added to a rich tree is parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from lnnav.graph import Edge, edges_of, incoming, node_text
from lnnav.model import Calculator, Guideline, Node, NumericQuestion, Recommendation, fmt_num

_KIND_STYLE = {"question": "cyan", "numeric": "green", "calculator": "yellow", "recommendation": "magenta"}


def _node_line(node: Node, via: Edge | None = None, *, seen: bool = False) -> Text:
    line = Text()
    if via is not None:
        line.append(f"{via.label} -> ", style="italic")
    line.append(node.id, style=f"bold {_KIND_STYLE[node.kind]}")
    line.append(f" [{node.kind}]", style="dim")
    if seen:
        line.append(" (shown above)", style="dim")
    else:
        line.append(f" {node_text(node)}")
        if isinstance(node, NumericQuestion):
            line.append(f" ({node.unit}, {fmt_num(node.minimum)} to {fmt_num(node.maximum)})", style="dim")
    return line


def guideline_tree(g: Guideline) -> Tree:
    """Every path from the start node; a node reached again is shown once and then referred back to."""
    root = Tree(Text(f"{g.title} ({g.id} {g.version})", style="bold"))
    shown: set[str] = set()
    # an explicit stack keeps deep guidelines clear of Python's recursion limit
    stack: list[tuple[Tree, str, Edge | None]] = [(root, g.start, None)]
    while stack:
        parent, node_id, via = stack.pop()
        node = g.nodes[node_id]
        if node_id in shown:
            parent.add(_node_line(node, via, seen=True))
            continue
        shown.add(node_id)
        branch = parent.add(_node_line(node, via))
        for e in reversed([e for e in edges_of(node) if e.target in g.nodes]):
            stack.append((branch, e.target, e))
    return root


def node_tree(g: Guideline, node: Node) -> Tree:
    """One node: what it says, what leads to it, and where it goes."""
    root = Tree(_node_line(node))
    root.add(Text(f"defined at {node.source}", style="dim"))
    if not isinstance(node, Recommendation) and node.help:
        root.add(Text(" ".join(node.help.split()), style="dim"))
    if isinstance(node, Calculator):
        root.add(Text(f"calculator: {node.calculator}; inputs: " + ", ".join(f"{p} <- {q}" for p, q in node.inputs)))
    if isinstance(node, Recommendation):
        root.add(Text(node.summary))
        actions = root.add(Text("actions", style="bold"))
        for a in node.actions:
            actions.add(Text(a))
        for c in node.cautions:
            root.add(Text(f"! {c}"))
        root.add(Text(f"grade: {node.grade}; references: {', '.join(node.references)}"
                      + (f"; pathway: {node.pathway}" if node.pathway else "")))
    parents = incoming(g).get(node.id, [])
    came = root.add(Text("reached from", style="bold"))
    if node.id == g.start:
        came.add(Text("(the start node)", style="dim"))
    for e in parents:
        came.add(Text.assemble((e.source, "bold"), f" [{g.nodes[e.source].kind}] ", (e.label, "italic"), " ->"))
    if not isinstance(node, Recommendation):
        goes = root.add(Text("leads to", style="bold"))
        for e in edges_of(node):
            target = g.nodes.get(e.target)
            goes.add(_node_line(target, e) if target is not None else Text(f"{e.label} -> {e.target} (missing)"))
    return root

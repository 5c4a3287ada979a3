"""Front-end: a guideline, or one node of it, as an outline of text blocks. Prints nothing.

The whole guideline is a flat, indented outline: every node once, in the order a
walk from the start meets it, each line headed by its depth as a number, so that
nothing is dropped however deep the tree or narrow the screen (indentation stops
growing where the width runs out; the number does not). Questions list their
option ids, and the alerts follow with their conditions in words. One pass over
the nodes and edges: linear in the size of the guideline.
"""

from __future__ import annotations

from lnnav.base.text import one_line
from lnnav.model.edges import Edge, edges_of, incoming
from lnnav.model.guideline import (
    Compute,
    Guideline,
    MultiQuestion,
    Node,
    NumericQuestion,
    Question,
    Recommendation,
    fmt_num,
    node_text,
)
from lnnav.model.wording import readable_condition
from lnnav.output.layout import BLANK, Block, Span, para

_KIND_STYLE = {"question": "cyan", "multi": "cyan", "numeric": "green", "compute": "yellow",
               "route": "blue", "recommendation": "magenta"}
MIN_TEXT = 40  # columns kept for text when indenting: deeper levels keep this indent and show their depth




def _head(node: Node) -> list[Span]:
    spans: list[Span] = [(node.id, f"bold {_KIND_STYLE.get(node.kind, '')}".strip()), (f" [{node.kind}]", "dim"),
                         (f" {one_line(node_text(node))}", "")]
    if isinstance(node, NumericQuestion):
        spans.append((f" ({node.unit}, {fmt_num(node.minimum)} to {fmt_num(node.maximum)})", "dim"))
    return spans


def _ways_out(node: Node) -> list[tuple[str, str]]:
    """(what is chosen, where it leads) for each way out: option ids with their labels, branches, rules."""
    if isinstance(node, Question):
        return [(f"{o.id}: {one_line(o.label)}", o.next) for o in node.options]
    if isinstance(node, MultiQuestion):
        return [("then", node.next)]
    if isinstance(node, Compute):
        return [(f"= {one_line(node.expr_text)} ({node.unit or 'no unit'})", node.next)]
    return [(one_line(e.label) or "then", e.target) for e in edges_of(node)]


def _options(node: Node) -> list[str]:
    """A multi question's options, which all lead to its one next node."""
    if not isinstance(node, MultiQuestion):
        return []
    return [f"{o.id}: {one_line(o.label)}{' (alone)' if o.exclusive else ''}" for o in node.options]


def broken_links(g: Guideline) -> set[tuple[str, str]]:
    """(source, target) of each link on a cycle, for an invalid guideline shown as far as it loads."""
    from lnnav.checks.faults import faults
    from lnnav.model.edges import edges

    cyclic = faults(g).cyclic
    return {(e.source, e.target) for e in edges(g) if (e.source, e.choice) in cyclic}


def _target(g: Guideline, source: str, target: str, cyclic: set[tuple[str, str]]) -> list[Span]:
    """Where a way out leads, marked when the node is missing or the link closes a cycle."""
    if target not in g.nodes:
        return [(target, "bold"), (" (missing: no such node)", "bold red")]
    if (source, target) in cyclic:
        return [(target, "bold"), (" (cycle: leads back to an earlier step)", "bold red")]
    return [(target, "bold")]


def guideline_outline(g: Guideline, width: int, cyclic: set[tuple[str, str]] | None = None) -> list[Block]:
    """Every node once, depth-first from the start, then any node the start does not reach, then the alerts.

    For an invalid guideline ``cyclic`` holds the links on cycles; they and links to
    missing nodes are marked, so that the fault being fixed can be seen.
    """
    cyclic = cyclic or set()
    out = [para(one_line(f"{g.title} ({g.id} {g.version}); start: {g.start}"), "bold")]
    if g.start not in g.nodes:
        out.append(para(f'the start node "{g.start}" does not exist', "bold red"))
    levels = max(0, (width - MIN_TEXT) // 2)
    shown: set[str] = set()
    order = [g.start, *g.nodes]  # the start first, then whatever it does not reach, in file order
    for root in order:
        if root in shown or root not in g.nodes:
            continue
        if root != g.start:
            out.append(para("not reached from the start:", "dim"))
        # an explicit stack keeps deep guidelines clear of Python's recursion limit
        stack = [(root, 1)]
        while stack:
            node_id, depth = stack.pop()
            if node_id in shown:
                continue
            shown.add(node_id)
            node = g.nodes[node_id]
            indent = 2 * min(depth - 1, levels)
            out.append(Block(tuple(_head(node)), str(depth), 0, indent, "dim"))
            hang = indent + len(str(depth)) + 1
            ways = _ways_out(node)
            out += [Block(((option, ""),), "+", 1, hang, "dim") for option in _options(node)]
            for choice, target in ways:
                out.append(Block(((choice, ""), (" -> ", "dim"), *_target(g, node_id, target, cyclic)), "-", 1, hang,
                                 "dim"))
            children = [t for _, t in ways if t in g.nodes and t not in shown]
            stack.extend((t, depth + 1) for t in reversed(children))
    out += alert_blocks(g)
    return out


def alert_blocks(g: Guideline) -> list[Block]:
    """Each alert: its id and title, and when it fires, in the words of the questions."""
    if not g.alerts:
        return []
    out = [BLANK, para("Alerts", "bold underline")]
    for a in g.alerts:
        out.append(Block(((a.id, "bold yellow"), (f" {one_line(a.title)}", "")), "!", 1, mark_style="bold yellow"))
        out.append(Block((("when: ", "dim"), (one_line(readable_condition(g, a.when)), "")), indent=4))
    return out


def node_outline(g: Guideline, node: Node) -> list[Block]:
    """One node: what it says, where it is defined, what leads to it, and where it goes."""
    out = [Block(tuple(_head(node))), para(f"defined at {node.source}", "dim")]
    if not isinstance(node, Recommendation) and node.help:
        out.append(para(one_line(node.help), "dim"))
    if isinstance(node, Recommendation):
        out.append(para(one_line(node.summary)))
        out.append(para("actions", "bold"))
        out += [para(one_line(a), indent=2) for a in node.actions]
        out += [Block(((one_line(c), ""),), "!", 1) for c in node.cautions]
        out.append(para(f"grade: {one_line(node.grade)}; references: {', '.join(node.references)}"
                        + (f"; pathway: {node.pathway}" if node.pathway else "")))
    out.append(para("reached from", "bold"))
    if node.id == g.start:
        out.append(para("(the start node)", "dim", indent=2))
    for e in incoming(g).get(node.id, []):
        out.append(Block(((e.source, "bold"), (f" [{g.nodes[e.source].kind}] ", ""), (_edge_choice(g, e), "italic"),
                          (" ->", "")), indent=2))
    if not isinstance(node, Recommendation):
        out.append(para("leads to", "bold"))
        out += [Block(((option, ""),), "+", 1, 2, "dim") for option in _options(node)]
        for choice, target in _ways_out(node):
            found = g.nodes.get(target)
            spans: list[Span] = [(choice, "italic"), (" -> ", "dim")]
            spans += _head(found) if found is not None else [(f"{target} (missing)", "bold red")]
            out.append(Block(tuple(spans), indent=2))
    return out


def _edge_choice(g: Guideline, e: Edge) -> str:
    source = g.nodes[e.source]
    return f"{e.choice}: {one_line(e.label)}" if isinstance(source, Question) else one_line(e.label)

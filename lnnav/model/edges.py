"""The ways out of each node, as labelled edges: what the checks, the outline and the drawings follow."""

from __future__ import annotations

from dataclasses import dataclass

from lnnav.model.conditions import describe_condition
from lnnav.model.guideline import Compute, Guideline, MultiQuestion, Node, NumericQuestion, Question, Route


@dataclass(frozen=True)
class Edge:
    """One way out of a node: ``choice`` is the option id, branch number or category taken.

    ``label`` is the whole text (an option's label, a rule's condition); ``short`` the
    few words drawn on the edge, so that a large guideline stays readable on paper.
    """

    source: str
    target: str
    label: str
    choice: str
    short: str = ""

    @property
    def drawn(self) -> str:
        return self.short or self.label


SHORT = 24  # a rule's condition longer than this is drawn as "rule N", the whole of it in the tooltip


def edges_of(node: Node) -> list[Edge]:
    """The ways out of one node, in the order written."""
    if isinstance(node, Question):
        return [Edge(node.id, o.next, o.label, o.id, o.short or o.id) for o in node.options]
    if isinstance(node, NumericQuestion):
        if len(node.branches) == 1 and not node.branches[0].bounds:  # a plain next: nothing to say on the arrow
            out = [Edge(node.id, node.branches[0].next, "", "0")]
        else:
            out = [Edge(node.id, b.next, b.label, str(i)) for i, b in enumerate(node.branches)]
        if node.unknown is not None:
            out.append(Edge(node.id, node.unknown.next, node.unknown.label, "unknown", "not known"))
        return out
    if isinstance(node, Route):
        out = []
        for i, r in enumerate(node.rules):
            said = "otherwise" if r.when is None else describe_condition(r.when)
            out.append(Edge(node.id, r.next, said, str(i), said if len(said) <= SHORT else f"rule {i + 1}"))
        return out
    if isinstance(node, (MultiQuestion, Compute)):
        return [Edge(node.id, node.next, "", "next")]
    return []


def edges(g: Guideline) -> list[Edge]:
    """Every edge of ``g``, in guideline order (node by node, option by option)."""
    return [e for node in g.nodes.values() for e in edges_of(node)]


def incoming(g: Guideline) -> dict[str, list[Edge]]:
    """The edges that lead to each node (empty for the start node)."""
    out: dict[str, list[Edge]] = {n: [] for n in g.nodes}
    for e in edges(g):
        out.setdefault(e.target, []).append(e)
    return out

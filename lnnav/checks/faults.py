"""What is structurally broken in a guideline loaded as far as it goes: dangling links and cycles.

``graph`` (and ``show``) draw an invalid guideline so that the fault being fixed can
be seen; this module says which edges to mark. It works on any loaded model,
valid or not, and never raises.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lnnav.model.edges import Edge, edges
from lnnav.model.guideline import Guideline


@dataclass(frozen=True)
class Faults:
    dangling: tuple[Edge, ...]  # edges to a node that does not exist
    cyclic: frozenset[tuple[str, str]]  # (source, choice) of each edge on a cycle
    missing_start: bool

    @property
    def any(self) -> bool:
        return bool(self.dangling or self.cyclic or self.missing_start)


def faults(g: Guideline) -> Faults:
    """The dangling edges, the edges on cycles, and whether the start node is missing."""
    all_edges = edges(g)
    dangling = tuple(e for e in all_edges if e.target not in g.nodes)
    component = _components(g, all_edges)
    size = Counter(component.values())
    cyclic = frozenset((e.source, e.choice) for e in all_edges
                       if e.target in component and component[e.source] == component[e.target]
                       and (e.source == e.target or size[component[e.source]] > 1))
    return Faults(dangling, cyclic, bool(g.start) and g.start not in g.nodes)


def _components(g: Guideline, all_edges: list[Edge]) -> dict[str, int]:
    """Strongly connected components (Tarjan's algorithm, iterative: guidelines can be deep)."""
    succ: dict[str, list[str]] = {n: [] for n in g.nodes}
    for e in all_edges:
        if e.target in g.nodes:
            succ[e.source].append(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    for root in g.nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(succ[node]):
                work.append((node, i + 1))
                nxt = succ[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component

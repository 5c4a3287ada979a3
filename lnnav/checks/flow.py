"""The links between nodes as arrays of integers: reachability, cycles, order, dominators.

Node i is the i-th node of the guideline in file order, which is also the order its
records were made in memory; ``succ[i]`` lists where node i leads, one entry per link
(-1 for a link to a node that does not exist). Flat lists of small integers and byte
arrays, not dicts keyed by id: on 100,000 nodes the string-keyed dicts of the first
version were cache misses that made the checks grow faster than the guideline.
"""

from __future__ import annotations

from collections.abc import Iterator

from lnnav.model.guideline import Guideline


class Flow:
    """The guideline's links, indexed once, and the walks every check shares."""

    def __init__(self, g: Guideline, targets: list[list[str]]) -> None:
        """``targets[i]``: the node ids node i links to, in the order they are written."""
        self.ids = list(g.nodes)
        self.index = {node_id: i for i, node_id in enumerate(self.ids)}
        index = self.index
        self.succ = [[index.get(t, -1) for t in links] for links in targets]
        self.start = index.get(g.start, -1)

    def unreachable(self) -> Iterator[int]:
        """Nodes no path from the start reaches, in file order."""
        seen = self.reachable_from(self.start) if self.start >= 0 else bytearray(len(self.ids))
        return (i for i, s in enumerate(seen) if not s)

    def reachable_from(self, root: int) -> bytearray:
        """1 for each node some path from ``root`` reaches (``root`` included)."""
        seen = bytearray(len(self.ids))
        seen[root] = 1
        todo = [root]
        succ = self.succ
        while todo:
            for v in succ[todo.pop()]:
                if v >= 0 and not seen[v]:
                    seen[v] = 1
                    todo.append(v)
        return seen

    def cycles(self) -> Iterator[tuple[list[int], int, int]]:
        """Each cycle once, at the link that closes it: (the nodes on it, from node, link number)."""
        colour = bytearray(len(self.ids))  # 0 not seen, 1 on the current path, 2 done
        succ = self.succ
        for root in range(len(self.ids)):
            if colour[root]:
                continue
            path, pos = [root], [0]
            colour[root] = 1
            while path:
                u, k = path[-1], pos[-1]
                links = succ[u]
                if k >= len(links):
                    colour[u] = 2
                    path.pop()
                    pos.pop()
                    continue
                pos[-1] = k + 1
                v = links[k]
                if v < 0:
                    continue
                if colour[v] == 1:
                    yield [*path[path.index(v):], v], u, k
                elif colour[v] == 0:
                    colour[v] = 1
                    path.append(v)
                    pos.append(0)

    def topological(self) -> list[int]:
        n = len(self.ids)
        indegree = [0] * n
        for links in self.succ:
            for v in links:
                if v >= 0:
                    indegree[v] += 1
        order = [i for i in range(n) if indegree[i] == 0]
        succ = self.succ
        head = 0
        while head < len(order):
            u = order[head]
            head += 1
            for v in succ[u]:
                if v >= 0:
                    indegree[v] -= 1
                    if indegree[v] == 0:
                        order.append(v)
        return order


class Dominators:
    """Which nodes lie on every path to which: ancestry in the dominator tree.

    The nodes on every path to a node are its ancestors in the dominator tree (with
    one virtual root above every node nothing points to). On a DAG taken in
    topological order each node's immediate dominator is the nearest common
    dominator of its predecessors (Cooper, Harvey & Kennedy 2001): each node, once
    final, meets itself into the dominator of every node it leads to, so the tree is
    built in one pass with no list of predecessors. Ancestry is then an interval test
    on the entry and exit numbers of one walk of the tree. Only for a graph without
    cycles.
    """

    def __init__(self, flow: Flow) -> None:
        n = len(flow.ids)
        self.index = flow.index
        root = n  # the virtual root
        idom = [-1] * (n + 1)
        depth = [0] * (n + 1)
        succ = flow.succ
        for u in flow.topological():
            parent = idom[u]
            if parent < 0:
                parent = idom[u] = root
            depth[u] = depth[parent] + 1
            for v in succ[u]:
                if v < 0:
                    continue
                w = idom[v]
                if w < 0:
                    idom[v] = u
                    continue
                a = u
                while a != w:  # nearest common ancestor of u and w: climb the deeper one
                    if depth[a] >= depth[w]:
                        a = idom[a]
                    else:
                        w = idom[w]
                idom[v] = a
        self.first, self.last = _numbering(idom, n)

    def on_every_path(self, before: str, node_id: str) -> bool:
        """Whether every path from the start to ``node_id`` passes ``before`` (or is it)."""
        a, b = self.index.get(before), self.index.get(node_id)
        if a is None or b is None:
            return False
        return self.first[a] <= self.first[b] and self.last[b] <= self.last[a]


def _numbering(idom: list[int], n: int) -> tuple[list[int], list[int]]:
    """Entry and exit numbers of a depth-first walk of the tree from the root ``n``;
    x is an ancestor-or-self of y exactly when first[x] <= first[y] and last[y] <= last[x]."""
    # children of each node as one flat array (counting sort by parent)
    start = [0] * (n + 2)
    for child in range(n):
        start[idom[child] + 1] += 1
    for p in range(n + 1):
        start[p + 1] += start[p]
    kids = [0] * n
    fill = start[:]
    for child in range(n):
        p = idom[child]
        kids[fill[p]] = child
        fill[p] += 1
    first = [0] * (n + 1)
    last = [0] * (n + 1)
    clock = 1
    path, pos = [n], [start[n]]
    while path:
        u, k = path[-1], pos[-1]
        if k < start[u + 1]:
            pos[-1] = k + 1
            child = kids[k]
            first[child] = clock
            clock += 1
            path.append(child)
            pos.append(start[child])
        else:
            path.pop()
            pos.pop()
            last[u] = clock
            clock += 1
    return first, last

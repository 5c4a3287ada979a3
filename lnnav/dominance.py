"""Every answer a node relies on is given on every path that reaches it.

A calculator's inputs, a compute node's expression, a route's rules, an option's or
an outcome item's ``when``: each names answers that must exist when the consult gets
there, or the decision would silently read "not answered" as "false". Conditions
guarded by ``{answered: ID}`` are exempt for that ID. Alerts are exempt: they are
meant to read whatever the consult happened to ask.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from lnnav import expr as expr_mod
from lnnav.conditions import walk
from lnnav.errors import Issue
from lnnav.model import (
    Answered,
    AnswerIs,
    Calculator,
    Compare,
    Compute,
    Condition,
    Guideline,
    Includes,
    MultiQuestion,
    Node,
    Question,
    Recommendation,
    Route,
    Source,
)
from lnnav.nodefile import expr_source

Edges = dict[str, list[tuple[str, Source]]]


def needs(node: Node) -> Iterator[tuple[str, Source, str]]:
    """(answer id, where it is named, what names it) for each answer ``node`` relies on."""
    if isinstance(node, Calculator):
        for name, qid in node.inputs:
            yield qid, node.source, f'calculator "{node.id}": input "{name}" ("{qid}")'
    elif isinstance(node, Compute):
        for ref in expr_mod.refs(node.expr):
            yield ref.name, expr_source(node.expr_source, None, ref.offset), f'compute "{node.id}": "{ref.name}"'
    elif isinstance(node, Route):
        for i, rule in enumerate(node.rules, 1):
            if rule.when is not None:
                for qid, src in condition_needs(rule.when):
                    yield qid, src, f'route "{node.id}", rule {i}: "{qid}"'
    elif isinstance(node, (Question, MultiQuestion)):
        for opt in node.options:
            if opt.when is not None:
                for qid, src in condition_needs(opt.when):
                    yield qid, src, f'option "{opt.id}" of "{node.id}": "{qid}"'
    elif isinstance(node, Recommendation):
        for what, whens in (("action", node.action_when), ("caution", node.caution_when)):
            for i, when in enumerate(whens, 1):
                if when is not None:
                    for qid, src in condition_needs(when):
                        yield qid, src, f'{what} {i} of "{node.id}": "{qid}"'


def condition_needs(cond: Condition) -> list[tuple[str, Source]]:
    """The answers a condition reads, less those it guards with {answered: ID}."""
    parts = list(walk(cond))
    guarded = {c.question for c in parts if isinstance(c, Answered)}
    return [(c.question, c.source) for c in parts
            if isinstance(c, (AnswerIs, Compare, Includes)) and c.question not in guarded]


class Dominators:
    """Which nodes lie on every path to which: ancestry in the dominator tree.

    The nodes on every path to a node are its ancestors in the dominator tree (with
    one virtual root above every node nothing points to). On a DAG taken in
    topological order each node's immediate dominator is the nearest common
    dominator of its predecessors (Cooper, Harvey & Kennedy 2001), so the tree is
    built in one pass; ancestry is then an interval test. Linear, where keeping the
    set of must-pass nodes for every node was quadratic on long guidelines.
    """

    def __init__(self, g: Guideline, edges: Edges) -> None:
        self.order = _topological(g, edges)
        preds: dict[str, list[str]] = {}
        for node_id in self.order:
            for target, _s in edges[node_id]:
                if target in g.nodes:
                    preds.setdefault(target, []).append(node_id)
        idom: dict[str, str | None] = {}  # None: the virtual root
        depth: dict[str | None, int] = {None: 0}
        children: dict[str | None, list[str]] = {None: []}
        for node_id in self.order:
            incoming = preds.get(node_id)
            parent: str | None = incoming[0] if incoming else None
            for p in incoming[1:] if incoming else ():
                parent = _meet(parent, p, idom, depth)
            idom[node_id] = parent
            depth[node_id] = depth[parent] + 1
            children.setdefault(parent, []).append(node_id)
            children[node_id] = []
        self.first, self.last = _intervals(children)

    def on_every_path(self, before: str, node_id: str) -> bool:
        """Whether every path from the start to ``node_id`` passes ``before`` (or is it)."""
        first, last = self.first, self.last
        return before in first and node_id in first and first[before] <= first[node_id] and last[node_id] <= last[before]


def answered_on_every_path(g: Guideline, dom: Dominators, issues: list[Issue]) -> None:
    """Each answer a node relies on must be given on every path that reaches it."""
    for node_id in dom.order:
        for qid, src, what in needs(g.nodes[node_id]):
            if qid in dom.first and not dom.on_every_path(qid, node_id):
                guard = "" if isinstance(g.nodes[node_id], Calculator) else f"; ask it earlier or guard with {{answered: {qid}}}"
                verb = "computed" if isinstance(g.nodes.get(qid), Compute) else "asked"
                issues.append(Issue(src, f"{what} is not {verb} on every path that reaches it{guard}"))


def _meet(a: str | None, b: str | None, idom: dict[str, str | None], depth: dict[str | None, int]) -> str | None:
    """The nearest common ancestor of a and b in the dominator tree built so far."""
    while a != b:
        if depth[a] >= depth[b]:
            a = idom[a] if a is not None else None
        else:
            b = idom[b] if b is not None else None
    return a


def _intervals(children: dict[str | None, list[str]]) -> tuple[dict[str, int], dict[str, int]]:
    """Entry and exit numbers of a depth-first walk: x is an ancestor-or-self of y
    exactly when first[x] <= first[y] and last[y] <= last[x]."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    clock = 0
    stack: list[tuple[str | None, int]] = [(None, 0)]
    while stack:
        node_id, i = stack[-1]
        kids = children[node_id]
        if i < len(kids):
            stack[-1] = (node_id, i + 1)
            child = kids[i]
            first[child] = clock
            clock += 1
            stack.append((child, 0))
        else:
            stack.pop()
            if node_id is not None:
                last[node_id] = clock
                clock += 1
    return first, last


def _topological(g: Guideline, edges: Edges) -> list[str]:
    indegree = dict.fromkeys(g.nodes, 0)
    for node_id in g.nodes:
        for target, _s in edges[node_id]:
            if target in indegree:
                indegree[target] += 1
    ready = deque(n for n, d in indegree.items() if d == 0)
    order = []
    while ready:
        node_id = ready.popleft()
        order.append(node_id)
        for target, _s in edges[node_id]:
            if target in indegree:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
    return order

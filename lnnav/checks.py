"""Semantic checks over a whole guideline: ids, graph shape, references, grades."""

from __future__ import annotations

from collections import deque

from lnnav.calculators import REGISTRY
from lnnav.conditions import walk
from lnnav.errors import Issue
from lnnav.fields import suggest
from lnnav.model import (
    AnswerIs,
    Calculator,
    Compare,
    Condition,
    Guideline,
    Node,
    NumericQuestion,
    Question,
    Reached,
    Recommendation,
    Source,
)


def check(g: Guideline, start_src: Source, *, nodes_complete: bool = True, bib_complete: bool = True) -> list[Issue]:
    """Every semantic problem of ``g``, errors and warnings, in a stable order.

    Args:
        g: the guideline as loaded.
        start_src: where the manifest names the start node.
        nodes_complete: False when an earlier error lost a node; checks that would
            only echo that error (missing targets, reachability) are then skipped.
        bib_complete: the same for the bibliography and undefined references.
    """
    issues: list[Issue] = []
    node_ids = list(g.nodes)
    edges = {node_id: _edges(node) for node_id, node in g.nodes.items()}
    if nodes_complete and g.start and g.start not in g.nodes:
        issues.append(Issue(start_src, f'start node "{g.start}" does not exist{suggest(g.start, node_ids)}'))
    grade_ids = [gr.id for gr in g.grades]
    pathway_ids = [p.id for p in g.pathways]
    cited: dict[str, Source] = {}

    def cite(refs: tuple[str, ...], src: Source) -> None:
        for ref in refs:
            cited.setdefault(ref, src)
            if bib_complete and ref not in g.references:
                issues.append(Issue(src, f'reference "{ref}" is cited but not defined in the bibliography'
                                    f"{suggest(ref, list(g.references))}"))

    def graded(grade: str, src: Source) -> None:
        if grade and grade not in grade_ids:
            issues.append(Issue(src, f'grade "{grade}" is not in the grading scheme{suggest(grade, grade_ids)}; '
                                f"allowed: {', '.join(grade_ids)}"))

    for node in g.nodes.values():
        if isinstance(node, Question):
            _question(node, issues)
        elif isinstance(node, NumericQuestion):
            _numeric(node, issues)
        elif isinstance(node, Calculator):
            _calculator(node, g, issues)
        else:
            if not node.references:
                issues.append(Issue(node.source, f'recommendation "{node.id}" cites no references; add at least one'))
            cite(node.references, node.source)
            graded(node.grade, node.source)
            if node.pathway and node.pathway not in pathway_ids:
                issues.append(Issue(node.source, f'pathway "{node.pathway}" is not declared in the manifest '
                                    f"(pathways: {', '.join(pathway_ids) or 'none'})"))
        for target, src in edges[node.id] if nodes_complete else ():
            if target and target not in g.nodes:
                issues.append(Issue(src, f'"next" names node "{target}", which does not exist'
                                    f"{suggest(target, node_ids)}"))
    seen_alerts: dict[str, Source] = {}
    for alert in g.alerts:
        if alert.id in seen_alerts:
            issues.append(Issue(alert.source, f'duplicate alert id "{alert.id}" (first defined at {seen_alerts[alert.id]})'))
        seen_alerts.setdefault(alert.id, alert.source)
        cite(alert.references, alert.source)
        graded(alert.grade, alert.source)
        if nodes_complete:
            _alert_condition(alert.when, g, issues)
    for ref in g.references.values() if nodes_complete else ():
        if ref.id not in cited:
            issues.append(Issue(ref.source, f'reference "{ref.id}" is defined but never cited', "warning"))
    if nodes_complete and g.start in g.nodes:
        _reachability(g, edges, issues)
        if not _cycles(g, edges, issues):
            _calculator_inputs_answered(g, edges, issues)
    return issues


Edges = dict[str, list[tuple[str, Source]]]


def _edges(node: Node) -> list[tuple[str, Source]]:
    """Where a node leads, and where each link is written. Read once per check:
    ``node.targets`` formats a label for every branch each time it is asked."""
    if isinstance(node, Question):
        return [(o.next, o.source) for o in node.options]
    if isinstance(node, NumericQuestion):
        return [(b.next, b.source) for b in node.branches]
    return [(target, src) for _label, target, src in node.targets]


def _question(q: Question, issues: list[Issue]) -> None:
    if len(q.options) < 2:
        issues.append(Issue(q.source, f'question "{q.id}" has {len(q.options)} option(s); a question needs at least two'))
    seen: dict[str, Source] = {}
    for opt in q.options:
        if opt.id in seen:
            issues.append(Issue(opt.source, f'duplicate option id "{opt.id}" in question "{q.id}" '
                                f"(first at line {seen[opt.id].line})"))
        seen.setdefault(opt.id, opt.source)


def _numeric(q: NumericQuestion, issues: list[Issue]) -> None:
    if q.minimum >= q.maximum:
        issues.append(Issue(q.source, f'numeric question "{q.id}": min ({q.minimum:g}) must be below max ({q.maximum:g})'))
    defaults = [b for b in q.branches if not b.bounds]
    if not defaults or q.branches[-1].bounds:
        issues.append(Issue(q.source, f'numeric question "{q.id}": the last branch must have no "when" '
                            "(it is taken when no other branch matches)"))
    elif len(defaults) > 1:
        issues.append(Issue(defaults[0].source, f'numeric question "{q.id}": only the last branch may have no "when"'))


def _calculator(c: Calculator, g: Guideline, issues: list[Issue]) -> None:
    spec = REGISTRY.get(c.calculator)
    if spec is None:
        issues.append(Issue(c.source, f'unknown calculator "{c.calculator}"{suggest(c.calculator, list(REGISTRY))}; '
                            f"known: {', '.join(sorted(REGISTRY))}"))
        return
    given = {name for name, _ in c.inputs}
    for p in spec.params:
        if p.name not in given:
            issues.append(Issue(c.source, f'calculator "{c.id}" is missing input "{p.name}" ({p.label}, {p.unit})'))
    for name, qid in c.inputs:
        param = spec.param(name)
        if param is None:
            issues.append(Issue(c.source, f'calculator "{c.id}": "{spec.name}" has no input "{name}"; '
                                f"inputs: {', '.join(p.name for p in spec.params)}"))
            continue
        target = g.nodes.get(qid)
        if not isinstance(target, NumericQuestion):
            issues.append(Issue(c.source, f'calculator "{c.id}": input "{name}" must name a numeric question, '
                                f'"{qid}" is {"not a node" if target is None else "a " + target.kind}'))
        elif target.unit != param.unit:
            issues.append(Issue(target.source, f'numeric question "{qid}" is in {target.unit} but calculator '
                                f'"{c.id}" needs "{name}" in {param.unit}'))
    categories = {name for name, _, _ in c.branches}
    for cat in spec.categories:
        if cat not in categories:
            issues.append(Issue(c.source, f'calculator "{c.id}" has no branch for category "{cat}"'))
    for cat, _, src in c.branches:
        if cat not in spec.categories:
            issues.append(Issue(src, f'calculator "{spec.name}" never returns "{cat}"; categories: '
                                f"{', '.join(spec.categories)}"))


def _alert_condition(cond: Condition, g: Guideline, issues: list[Issue]) -> None:
    for c in walk(cond):
        if isinstance(c, (AnswerIs, Compare)):
            node = g.nodes.get(c.question)
            if node is None or isinstance(node, Recommendation):
                issues.append(Issue(c.source, f'condition names question "{c.question}", which does not exist'
                                    f"{suggest(c.question, list(g.nodes))}"))
                continue
            if isinstance(c, AnswerIs):
                if isinstance(node, NumericQuestion):
                    issues.append(Issue(c.source, f'"{c.question}" is numeric: compare it with lt, le, gt or ge'))
                    continue
                allowed = [o.id for o in node.options] if isinstance(node, Question) else [b[0] for b in node.branches]
                for value in c.values:
                    if value not in allowed:
                        issues.append(Issue(c.source, f'"{value}" is not an answer of "{c.question}"; '
                                            f"allowed: {', '.join(allowed)}"))
            elif not isinstance(node, NumericQuestion):
                issues.append(Issue(c.source, f'"{c.question}" is not numeric: use equals or in'))
        elif isinstance(c, Reached) and c.node not in g.nodes:
            issues.append(Issue(c.source, f'condition names node "{c.node}", which does not exist'
                                f"{suggest(c.node, list(g.nodes))}"))


def _reachability(g: Guideline, edges: Edges, issues: list[Issue]) -> None:
    seen = {g.start}
    todo = deque([g.start])
    while todo:
        for target, _src in edges[todo.popleft()]:
            if target in g.nodes and target not in seen:
                seen.add(target)
                todo.append(target)
    for node in g.nodes.values():
        if node.id not in seen:
            issues.append(Issue(node.source, f'node "{node.id}" is not reachable from the start node "{g.start}"'))


def _cycles(g: Guideline, edges: Edges, issues: list[Issue]) -> bool:
    """Report each cycle once, at the edge that closes it; True when any was found."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(g.nodes, white)
    found = False
    for root in g.nodes:
        if colour[root] != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        colour[root] = grey
        while stack:
            node_id, i = stack[-1]
            targets = edges[node_id]
            if i >= len(targets):
                colour[node_id] = black
                stack.pop()
                continue
            stack[-1] = (node_id, i + 1)
            target, src = targets[i]
            if target not in g.nodes:
                continue
            if colour[target] == grey:
                found = True
                chain = [n for n, _ in stack]
                loop = [*chain[chain.index(target):], target]
                issues.append(Issue(src, f"cycle: {' -> '.join(loop)}; a consult must always end at a recommendation"))
            elif colour[target] == white:
                colour[target] = grey
                stack.append((target, 0))
    return found


def _calculator_inputs_answered(g: Guideline, edges: Edges, issues: list[Issue]) -> None:
    """Each calculator's inputs must be asked on every path that reaches it.

    The nodes on every path to a node are its ancestors in the dominator tree (with
    one virtual root above every node nothing points to). On a DAG taken in
    topological order each node's immediate dominator is the nearest common
    dominator of its predecessors (Cooper, Harvey & Kennedy 2001), so the tree is
    built in one pass; ancestry is then an interval test. Linear, where keeping the
    set of must-pass nodes for every node was quadratic on long guidelines.
    """
    if not any(isinstance(n, Calculator) for n in g.nodes.values()):
        return
    order = _topological(g, edges)
    preds: dict[str, list[str]] = {}
    for node_id in order:
        for target, _s in edges[node_id]:
            if target in g.nodes:
                preds.setdefault(target, []).append(node_id)
    idom: dict[str, str | None] = {}  # None: the virtual root
    depth: dict[str | None, int] = {None: 0}
    children: dict[str | None, list[str]] = {None: []}
    for node_id in order:
        incoming = preds.get(node_id)
        parent: str | None = incoming[0] if incoming else None
        for p in incoming[1:] if incoming else ():
            parent = _meet(parent, p, idom, depth)
        idom[node_id] = parent
        depth[node_id] = depth[parent] + 1
        children.setdefault(parent, []).append(node_id)
        children[node_id] = []
    first, last = _intervals(children)
    for node_id in order:
        node = g.nodes[node_id]
        if isinstance(node, Calculator):
            for name, qid in node.inputs:
                if qid in g.nodes and not (first[qid] <= first[node_id] and last[node_id] <= last[qid]):
                    issues.append(Issue(node.source, f'calculator "{node.id}": input "{name}" ("{qid}") is not asked '
                                        "on every path that reaches it"))


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

"""Every answer a node relies on is given on every path that reaches it.

A compute node's expression, a route's rules, an option's or
an outcome item's ``when``: each names answers that must exist when the consult gets
there, or the decision would silently read "not answered" as "false". Conditions
guarded by ``{answered: ID}`` are exempt for that ID. Alerts are exempt: they are
meant to read whatever the consult happened to ask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.model import expr as expr_mod
from lnnav.model.conditions import Answered, AnswerIs, Compare, Condition, Includes, walk
from lnnav.model.guideline import Compute, Guideline, MultiQuestion, Node, NumericQuestion, Question, Recommendation, Route

if TYPE_CHECKING:
    from lnnav.checks.flow import Dominators, Flow

def needs(node: Node) -> Iterator[tuple[str, Source, str]]:
    """(answer id, where it is named, what names it) for each answer ``node`` relies on."""
    if isinstance(node, Compute):
        for ref in expr_mod.refs(node.expr):
            yield ref.name, node.expr_source, f'compute "{node.id}": "{ref.name}"'
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


def known_before(g: Guideline, flow: Flow, dom: Dominators) -> Callable[[str, str], bool]:
    """(answer id, node id) -> whether the answer has a value on every path to the node.

    A question on every path has been answered there, unless it is a number that may be
    answered as not known: then no path may run from its "not known" way out to the node.
    """
    after_unknown: dict[str, bytearray] = {}
    for node in g.nodes.values():
        if isinstance(node, NumericQuestion) and node.unknown is not None and node.unknown.next in flow.index:
            after_unknown[node.id] = flow.reachable_from(flow.index[node.unknown.next])

    def known(answer: str, node_id: str) -> bool:
        if not dom.on_every_path(answer, node_id):
            return False
        reach = after_unknown.get(answer)
        return reach is None or not reach[flow.index[node_id]]

    return known


def answered_on_every_path(g: Guideline, dom: Dominators, known: Callable[[str, str], bool],
                           issues: list[Issue]) -> None:
    """Each answer a node relies on must be given on every path that reaches it (lnnav.checks.flow
    finds the nodes on every path); nodes are taken in file order."""
    for node_id, node in g.nodes.items():
        for qid, src, what in needs(node):
            if qid in g.nodes and not known(qid, node_id):
                asked = g.nodes[qid]
                if isinstance(asked, NumericQuestion) and dom.on_every_path(qid, node_id):
                    issues.append(Issue(src, f'{what} may be answered "not known" on a path that reaches it '
                                        f'(its unknown: next leads here); guard with {{answered: {qid}}} or send '
                                        f"the unknown answer elsewhere"))
                    continue
                guard = f"; ask it earlier or guard with {{answered: {qid}}}"
                verb = "computed" if isinstance(asked, Compute) else "asked"
                issues.append(Issue(src, f"{what} is not {verb} on every path that reaches it{guard}"))

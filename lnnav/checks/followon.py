"""One mistake, one error: errors that follow from an earlier one are marked as its echoes.

A single slip often trips several checks (a branch bound that is not a number
also leaves the branch without a condition). The first error in a node is the
one to fix; the others in that node are still listed, marked, so that the
maintainer fixes the first and validates again rather than chasing echoes. Nodes
cut off from the start by a broken link or a cycle are one line after that error,
naming them, not a line each.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.model.guideline import Guideline

if TYPE_CHECKING:
    from lnnav.checks.flow import Flow

NOTE = " (this may follow from the error at line {line}, column {col}: fix that first)"


def mark_follow_ons(issues: list[Issue], g: Guideline | None) -> list[Issue]:
    """``issues`` with every error after the first one inside the same node marked; nothing dropped.

    A node spans the lines from where it starts to where the next node (or alert) of the
    same file starts. Without a model (the manifest could not be read) nothing is marked.
    """
    if g is None:
        return issues
    starts: dict[str, list[int]] = {}
    for src in [n.source for n in g.nodes.values()] + [a.source for a in g.alerts]:
        if src.line > 0:
            starts.setdefault(src.file, []).append(src.line)
    for found in starts.values():
        found.sort()
    first: dict[tuple[str, int], Source] = {}
    out: list[Issue] = []
    for issue in issues:
        src = issue.source
        lines = starts.get(src.file, [])
        if not issue.is_error or not lines or src.line < lines[0]:
            out.append(issue)
            continue
        span = (src.file, lines[bisect.bisect_right(lines, src.line) - 1])
        earlier = first.setdefault(span, src)
        if earlier is src:
            out.append(issue)
        else:
            out.append(Issue(src, issue.message + NOTE.format(line=earlier.line, col=earlier.col), issue.severity))
    return out


MAX_NAMED = 8  # nodes named on the one line that lists those a broken link cuts off


def _after(src: Source, cause: Source) -> str:
    if src.file == cause.file:
        return NOTE.format(line=cause.line, col=cause.col)
    return f" (this may follow from the error at {cause}: fix that first)"


def unreachable(g: Guideline, flow: Flow, cut_off: list[int], causes: list[tuple[Source, str | None]]) -> list[Issue]:
    """The errors for the nodes no path reaches (``cut_off``, in file order).

    Without a cause (a broken link or a cycle, with the node the link probably meant),
    one error per node. With one, the nodes the meant node leads to are one error
    marked as following from that link; any left are one error after the first cause.
    """
    nodes = list(g.nodes.values())
    if not causes:
        return [Issue(nodes[i].source, f'node "{nodes[i].id}" is not reachable from the start node "{g.start}"')
                for i in cut_off]
    left = dict.fromkeys(cut_off)
    groups: list[tuple[Source, list[int]]] = []
    for src, meant in causes:
        at = flow.index.get(meant, -1) if meant else -1
        if at < 0 or at not in left:
            continue
        found, todo = [], [at]
        del left[at]
        while todo:
            u = todo.pop()
            found.append(u)
            for v in flow.succ[u]:
                if v in left:
                    del left[v]
                    todo.append(v)
        groups.append((src, sorted(found)))
    if left:
        groups.append((causes[0][0], list(left)))
    out = []
    for cause, group in groups:
        names = [f'"{nodes[i].id}"' for i in group[:MAX_NAMED]]
        more = f" and {len(group) - MAX_NAMED} more" if len(group) > MAX_NAMED else ""
        what = f"node {names[0]} is" if len(group) == 1 else f"nodes {', '.join(names)}{more} are"
        first = nodes[group[0]].source
        out.append(Issue(first, f'{what} not reachable from the start node "{g.start}"' + _after(first, cause)))
    return out

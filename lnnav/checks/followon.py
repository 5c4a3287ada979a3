"""One mistake, one error: later errors inside the same node as an earlier one are marked as possible echoes.

A single slip often trips several checks (a branch bound that is not a number
also leaves the branch without a condition). The first error in a node is the
one to fix; the others in that node are still listed, marked, so that the
maintainer fixes the first and validates again rather than chasing echoes.
"""

from __future__ import annotations

import bisect

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.model.guideline import Guideline

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

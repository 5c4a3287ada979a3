"""A guideline as a graph: its edges, and its drawing in Mermaid (Graphviz DOT: lnnav.output.dot).

Output is deterministic (guideline order, no hashing, no timestamps) so that
drawings can be kept in version control and compared in review.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, NamedTuple

from lnnav.base.text import visible
from lnnav.engine.walk import Walk
from lnnav.model.conditions import compare, describe_condition
from lnnav.model.edges import SHORT, Edge, edges, edges_of, incoming
from lnnav.model.guideline import (
    Compute,
    Guideline,
    MultiQuestion,
    Node,
    NumericQuestion,
    Question,
    Recommendation,
    Route,
    fmt_num,
    node_text,
)

WRAP = 24
LINES = 1  # lines of a node's text drawn in its box
HIGHLIGHT = "#d62728"
BROKEN = "#b00020"


def taken(walk: Walk) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes a consult passed through and the edges (source, choice) it took."""
    g = walk.guideline
    nodes = {s.node for s in walk.steps} | {walk.outcome.id}
    chosen: set[tuple[str, str]] = set()
    for step in walk.steps:
        node = g.nodes[step.node]
        if isinstance(node, NumericQuestion) and isinstance(step.answer, float):
            value = step.answer
            index = next(i for i, b in enumerate(node.branches)
                         if all(compare(value, op, bound) for op, bound in b.bounds))
            chosen.add((node.id, str(index)))
        elif isinstance(node, (MultiQuestion, Compute)):
            chosen.add((node.id, "next"))
        else:
            chosen.add((node.id, str(step.answer)))
    return nodes, chosen


def node_data(node: Node, parents: list[Edge]) -> dict[str, Any]:
    """One node as plain data for scripts: kind, text, options and targets, and what leads to it."""
    data: dict[str, Any] = {"id": node.id, "kind": node.kind, "text": node_text(node), "source": str(node.source)}
    if isinstance(node, (Question, MultiQuestion)):
        data["help"] = node.help
        data["options"] = [_option_data(o, isinstance(node, MultiQuestion)) for o in node.options]
    elif isinstance(node, Route):
        data.update(help=node.help, rules=[{"when": "otherwise" if r.when is None else describe_condition(r.when),
                                             "next": r.next} for r in node.rules])
    elif isinstance(node, Compute):
        data.update(help=node.help, unit=node.unit, expr=node.expr_text)
    elif isinstance(node, NumericQuestion):
        data.update(help=node.help, unit=node.unit, min=node.minimum, max=node.maximum, integer=node.integer)
        if node.units:
            data["units"] = [{"unit": u.unit, "factor": u.factor} for u in node.units]
        if node.typical is not None:
            data["typical"] = {"min": node.typical[0], "max": node.typical[1]}
    elif isinstance(node, Recommendation):
        data.update(summary=node.summary, actions=list(node.actions), cautions=list(node.cautions), grade=node.grade,
                    references=list(node.references), pathway=node.pathway)
    data["targets"] = [{"choice": e.choice, "label": e.label, "next": e.target} for e in edges_of(node)]
    data["from"] = [{"node": e.source, "choice": e.choice, "label": e.label} for e in parents]
    return data


def _option_data(o: Any, multi: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": o.id, "label": o.label}
    if not multi:
        data["next"] = o.next
    data["help"] = o.help
    if o.when is not None:
        data["when"] = describe_condition(o.when)
    if o.exclusive:
        data["exclusive"] = True
    return data


def outline(g: Guideline) -> dict[str, Any]:
    """The whole guideline as plain data: every node in guideline order."""
    parents = incoming(g)
    return {
        "guideline": {"id": g.id, "title": g.title, "version": g.version},
        "start": g.start,
        "nodes": [node_data(n, parents[n.id]) for n in g.nodes.values()],
    }


def node_label(node: Node, *, detail: bool = True, wrap: int = WRAP) -> list[str]:
    """The lines drawn in a node's box: its id, then the start of its text (the whole text is the tooltip),
    then (``detail``) a bracketed line: a number's unit and range, a calculation, "choose all that apply"."""
    lines = [node.id, *textwrap.wrap(" ".join(node_text(node).split()), wrap, max_lines=LINES, placeholder=" ...")]
    more = node_detail(node)
    return [*lines, more] if detail and more else lines


def node_detail(node: Node) -> str:
    """The bracketed line of a node's box, or ""."""
    lines: list[str] = []
    if isinstance(node, NumericQuestion):
        lines.append(f"[{node.unit}, {fmt_num(node.minimum)} to {fmt_num(node.maximum)}]")
    elif isinstance(node, Compute):
        lines.append(f"[{node.id} = {node.expr_text}{' ' + node.unit if node.unit else ''}]")
    elif isinstance(node, MultiQuestion):
        lines.append("[choose all that apply]")
    return "".join(lines)


# --- Mermaid ------------------------------------------------------------------

_MERMAID_SHAPES = {
    "question": ('{"', '"}'),  # rhombus: a decision
    "numeric": ('{{"', '"}}'),  # hexagon: a number is asked
    "multi": ('[/"', '"/]'),  # parallelogram: a set is asked
    "route": ('{"', '"}'),  # rhombus: a decision taken without asking
    "compute": ('[["', '"]]'),  # subroutine: computed, not asked
    "recommendation": ('(["', '"])'),  # stadium: an outcome
}
_MERMAID_STYLES = {
    "question": "fill:#e8f0fe,stroke:#3367d6",
    "numeric": "fill:#e6f4ea,stroke:#188038",
    "multi": "fill:#e8f0fe,stroke:#3367d6",
    "route": "fill:#f3e8fd,stroke:#8430ce",
    "compute": "fill:#fef7e0,stroke:#b06000",
    "recommendation": "fill:#fce8e6,stroke:#a50e0e",
}


def mermaid_text(text: str) -> str:
    """Text safe anywhere Mermaid reads it, a quoted label or a %% comment: the one escaping function.

    On one line (a newline would start a statement: ``click ... href "javascript:..."``),
    control characters written out, and entity codes for what Mermaid would parse:
    quotes, HTML, Markdown strings, the link bar, statement ends and the ``%%{init}%%``
    directive that can change its security level.
    """
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_CODES[m.group()], visible(" ".join(text.split())))


def mermaid_comment(text: str) -> str:
    """Text for a ``%%`` comment, which Mermaid does not draw: on one line, control characters written
    out, no ``%%`` left to open a directive (``%%{init}%%``) and no HTML tag (``<`` as ``#lt;``); the
    rest as written, for people who read the file: Mermaid decodes entity codes such as ``#gt;`` only
    in labels, so a comment written with them read "#gt;= 36"."""
    return visible(" ".join(text.split())).replace("<", "#lt;").replace("%%", "%#37;")


class Arrow(NamedTuple):
    """The edges from one node to one other, drawn as one arrow: ``label`` on it, ``whole`` in full."""

    source: str
    target: str
    edges: tuple[Edge, ...]
    label: str
    whole: str


def arrows(g: Guideline) -> list[Arrow]:
    """The arrows of a drawing, in guideline order: options that lead to the same node share one
    (fewer labels to crowd), labelled with their short labels, "any answer" or "N answers"."""
    parallel: dict[tuple[str, str], list[Edge]] = {}
    for e in edges(g):
        parallel.setdefault((e.source, e.target), []).append(e)
    out = []
    for (source, target), group in parallel.items():
        label = ", ".join(e.drawn for e in group)
        if len(group) > 1 and len(group) == len(edges_of(g.nodes[source])):
            label = "any answer"
        elif len(group) > 1 and len(label) > SHORT:
            label = f"{len(group)} answers"
        whole = "; ".join(" ".join((e.label or e.drawn).split()) for e in group)
        out.append(Arrow(source, target, tuple(group), label, whole))
    return out


_MERMAID_CODES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "|": "#124;",
                  "%": "#37;", ";": "#59;"}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_CODES)) + "]")  # one pass: codes are not re-escaped


def _mermaid_ids(g: Guideline) -> dict[str, str]:
    # ids like "end" or "a-b" confuse Mermaid's parser: prefix and keep word characters only
    out: dict[str, str] = {}
    used: set[str] = set()
    for node_id in g.nodes:
        base = "n_" + re.sub(r"\W", "_", node_id, flags=re.ASCII)
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        out[node_id] = name
    return out


def to_mermaid(g: Guideline, walk: Walk | None = None) -> str:
    """``g`` as a Mermaid flowchart; with ``walk``, the path it took is highlighted.

    Edges carry short labels; each node's whole text and each edge's whole label
    follow as %% comments. Links to missing nodes and edges on a cycle are drawn
    in red (a guideline loaded with ``load_partial`` may have them).
    """
    from lnnav.checks.faults import faults

    found = faults(g)
    ids = _mermaid_ids(g)
    lines = ["flowchart TD", f"  %% {mermaid_text(g.title)} ({mermaid_text(g.id)} {mermaid_text(g.version)})"]
    for node in g.nodes.values():
        left, right = _MERMAID_SHAPES[node.kind]
        lines.append(f"  {ids[node.id]}{left}{'<br/>'.join(mermaid_text(t) for t in node_label(node))}{right}")
    missing = {e.target: f"missing_{n}" for n, e in enumerate(found.dangling)}
    for target, name in missing.items():
        lines.append(f'  {name}["{mermaid_text(target)}<br/>(missing node)"]')
    drawn = [a for a in arrows(g) if a.target in ids or a.target in missing]

    def cyclic(a: Arrow) -> bool:
        return any((e.source, e.choice) in found.cyclic for e in a.edges)

    for a in drawn:
        label = a.label + (" (cycle)" if cyclic(a) else "")
        target = ids.get(a.target) or missing[a.target]
        link = f'-->|"{mermaid_text(label)}"|' if label else "-->"
        lines.append(f"  {ids[a.source]} {link} {target}")
    for node in g.nodes.values():
        lines.append(f"  %% {mermaid_comment(node.id)}: {mermaid_comment(node_text(node))}")
    lines += [f"  %% {mermaid_comment(a.source)} -> {mermaid_comment(a.target)}: {mermaid_comment(a.whole)}"
              for a in drawn if a.whole and a.whole != a.label]
    for kind, style in _MERMAID_STYLES.items():
        members = [ids[n.id] for n in g.nodes.values() if n.kind == kind]
        if members:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(members)} {kind}")
    broken = [str(i) for i, a in enumerate(drawn) if a.target in missing or cyclic(a)]
    if missing:
        lines.append(f"  classDef missing fill:#fff,stroke:{BROKEN},stroke-width:2px,stroke-dasharray:5 5")
        lines.append(f"  class {','.join(missing.values())} missing")
    if broken:
        lines.append(f"  linkStyle {','.join(broken)} stroke:{BROKEN},stroke-width:3px,stroke-dasharray:5 5")
    if walk is not None:
        nodes, chosen = taken(walk)
        lines.append(f"  classDef taken stroke:{HIGHLIGHT},stroke-width:4px")
        lines.append(f"  class {','.join(ids[n] for n in g.nodes if n in nodes)} taken")
        links = [str(i) for i, a in enumerate(drawn) if any((e.source, e.choice) in chosen for e in a.edges)]
        if links:
            lines.append(f"  linkStyle {','.join(links)} stroke:{HIGHLIGHT},stroke-width:4px")
    return "\n".join(lines) + "\n"

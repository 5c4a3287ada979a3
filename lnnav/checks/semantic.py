"""Semantic checks over a whole guideline: ids, graph shape, references, grades."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.base.suggest import closest, suggest
from lnnav.checks.followon import unreachable
from lnnav.checks.typeable import typeable
from lnnav.model import expr as expr_mod
from lnnav.model.conditions import Answered, AnswerIs, Compare, Condition, Includes, Reached, walk
from lnnav.model.guideline import (
    Compute,
    Guideline,
    MultiQuestion,
    Node,
    NumericQuestion,
    Places,
    Question,
    Recommendation,
    Route,
    place,
)
from lnnav.model.units import norm_unit

# a question whose text says it asks for a change may go below zero (see FORMAT.md)
SIGNED = re.compile(r"change|difference|delta|\u0394|increase|decrease|fall|rise|gain|loss", re.IGNORECASE)


def check(g: Guideline, start_src: Source, *, nodes_complete: bool = True, bib_complete: bool = True,
          nodes_clean: bool = True, drugs_complete: bool = True) -> list[Issue]:
    """Every semantic problem of ``g``, errors and warnings, in a stable order.

    Args:
        g: the guideline as loaded.
        start_src: where the manifest names the start node.
        nodes_complete: False when an earlier error lost a node; checks that would
            only echo that error (missing targets, reachability) are then skipped.
        bib_complete: the same for the bibliography and undefined references.
        nodes_clean: False when a node file had any error; rule analysis, which
            would reason from the values put in place of what was wrong, is skipped.
        drugs_complete: False when an error lost a drug of the catalogue: unknown drug
            ids are then not reported (they may be that drug).
    """
    issues: list[Issue] = []
    node_ids = list(g.nodes)
    targets: list[list[str]] = []  # per node in file order, for lnnav.checks.flow
    if nodes_complete and g.start and g.start not in g.nodes:
        issues.append(Issue(start_src, f'start node "{g.start}" does not exist{suggest(g.start, node_ids)}'))
    grade_ids = [gr.id for gr in g.grades]
    pathway_ids = [p.id for p in g.pathways]
    cited: dict[str, Source] = {}
    broken: list[tuple[Source, str | None]] = []  # links to no node, with the node probably meant

    def cite(refs: tuple[str, ...], src: Source, places: Places = ()) -> None:
        for i, ref in enumerate(refs):
            cited.setdefault(ref, src)
            at = place(places, f"references.{i}", src)
            if bib_complete and ref not in g.references:
                issues.append(Issue(at, f'reference "{ref}" is cited but not defined in the bibliography'
                                    f"{suggest(ref, list(g.references))}"))

    def graded(grade: str, src: Source) -> None:
        if grade and grade not in grade_ids:
            issues.append(Issue(src, f'grade "{grade}" is not in the grading scheme{suggest(grade, grade_ids)}; '
                                f"allowed: {', '.join(grade_ids)}"))

    for node in g.nodes.values():
        if isinstance(node, (Question, MultiQuestion)):
            _question(node, issues)
            for opt in node.options if nodes_complete else ():
                if opt.when is not None:
                    condition_names(opt.when, g, issues)
        elif isinstance(node, NumericQuestion):
            _numeric(node, issues)
        elif isinstance(node, Route):
            _route(node, g, issues, nodes_complete)
        elif isinstance(node, Compute):
            if nodes_complete:
                _compute(node, g, issues)
        else:
            for when in (*node.action_when, *node.caution_when) if nodes_complete else ():
                if when is not None:
                    condition_names(when, g, issues)
            if not node.references:
                issues.append(Issue(node.source, f'recommendation "{node.id}" cites no references; add at least one'))
            cite(node.references, node.source, node.places)
            graded(node.grade, place(node.places, "grade", node.source))
            if node.pathway and node.pathway not in pathway_ids:
                issues.append(Issue(place(node.places, "pathway", node.source),
                                    f'pathway "{node.pathway}" is not declared in the manifest '
                                    f"(pathways: {', '.join(pathway_ids) or 'none'})"))
        links = _edges(node)
        targets.append([target for target, _src in links])
        for target, src in links if nodes_complete else ():
            if target and target not in g.nodes:
                issues.append(Issue(src, f'"next" names node "{target}", which does not exist'
                                    f"{suggest(target, node_ids)}"))
                broken.append((src, closest(target, node_ids)))
    seen_alerts: dict[str, Source] = {}
    for alert in g.alerts:
        if alert.id in seen_alerts:
            issues.append(Issue(alert.source, f'duplicate alert id "{alert.id}" (first defined at {seen_alerts[alert.id]})'))
        seen_alerts.setdefault(alert.id, alert.source)
        cite(alert.references, alert.source, alert.places)
        graded(alert.grade, place(alert.places, "grade", alert.source))
        if nodes_complete:
            condition_names(alert.when, g, issues)
    from lnnav.checks.drugs import check_drugs

    check_drugs(g, issues, cite, condition_names, nodes_complete=nodes_complete, drugs_complete=drugs_complete)
    for ref in g.references.values() if nodes_complete else ():
        if ref.id not in cited:
            issues.append(Issue(ref.source, f'reference "{ref.id}" is defined but never cited', "warning"))
    if nodes_complete:
        from lnnav.checks.codes import check_codes

        check_codes(g, issues)
    answered_before: Callable[[str, str], bool] = lambda _answer, _node: False  # noqa: E731
    if nodes_complete and g.start in g.nodes:
        from lnnav.checks.flow import Dominators, Flow

        flow = Flow(g, targets)
        nodes = list(g.nodes.values())
        cyclic = False
        for loop, u, k in flow.cycles():
            cyclic = True
            src = _edges(nodes[u])[k][1]
            issues.append(Issue(src, f"cycle: {' -> '.join(node_ids[i] for i in loop)}; "
                                "a consult must always end at a recommendation"))
            broken.append((src, None))
        # a node cut off by a broken link or a cycle is one line, marked as following from it
        issues.extend(unreachable(g, flow, list(flow.unreachable()), broken))
        # "on every path" means nothing while a link leads nowhere: those checks would only echo it
        if not cyclic and not broken:
            from lnnav.checks.dominance import answered_on_every_path, known_before

            dom = Dominators(flow)
            answered_before = known_before(g, flow, dom)
            answered_on_every_path(g, dom, answered_before, issues)
            if nodes_clean:
                from lnnav.checks.arith import arithmetic

                arithmetic(g, issues)
    if nodes_clean and not (broken and not cyclic):  # which answers may be missing needs the paths
        from lnnav.checks.analysis import analyse

        analyse(g, issues, answered_before)
        if g.drugs:
            from lnnav.checks.drug_analysis import analyse_drugs

            analyse_drugs(g, issues, answered_before)
    return issues


def _edges(node: Node) -> list[tuple[str, Source]]:
    """Where a node leads, and where each link is written. Read once per check:
    ``node.targets`` formats a label for every branch each time it is asked."""
    if isinstance(node, Question):
        return [(o.next, o.source) for o in node.options]
    if isinstance(node, NumericQuestion):
        known = [(b.next, b.source) for b in node.branches]
        return [*known, (node.unknown.next, node.unknown.source)] if node.unknown is not None else known
    if isinstance(node, Route):  # its targets would put every rule's condition in words
        return [(r.next, r.source) for r in node.rules]
    if isinstance(node, (MultiQuestion, Compute)):
        return [(node.next, node.next_source)]
    return [(target, src) for _label, target, src in node.targets]


def _question(q: Question | MultiQuestion, issues: list[Issue]) -> None:
    if len(q.options) < 2:
        issues.append(Issue(q.source, f'question "{q.id}" has {len(q.options)} option(s); a question needs at least two'))
    if isinstance(q, MultiQuestion) and q.options and all(o.exclusive for o in q.options):
        issues.append(Issue(q.source, f'multi question "{q.id}": every option is exclusive; '
                            "make it a single-choice question (kind: question)"))
    seen: dict[str, Source] = {}
    for opt in q.options:
        if opt.id in seen:
            issues.append(Issue(opt.source, f'duplicate option id "{opt.id}" in question "{q.id}" '
                                f"(first at line {seen[opt.id].line})"))
        seen.setdefault(opt.id, opt.source)


def _numeric(q: NumericQuestion, issues: list[Issue]) -> None:
    if q.minimum >= q.maximum:
        issues.append(Issue(q.source, f'numeric question "{q.id}": min ({q.minimum:g}) must be below max ({q.maximum:g})'))
    seen_units = [norm_unit(q.unit)]
    for alt in q.units:
        if not (math.isfinite(alt.factor) and alt.factor > 0):
            issues.append(Issue(alt.source, f'numeric question "{q.id}": the factor of unit "{alt.unit}" must be a '
                                f"positive finite number (how many {q.unit} one {alt.unit} is), got {alt.factor:g}"))
        key = norm_unit(alt.unit)
        if key in seen_units:
            issues.append(Issue(alt.source, f'numeric question "{q.id}": unit "{alt.unit}" is listed twice '
                                f"(or is the canonical unit {q.unit})"))
        seen_units.append(key)
    typeable(q, issues)
    if q.typical is not None:
        low, high = q.typical
        if low >= high or low < q.minimum or high > q.maximum:
            issues.append(Issue(q.source, f'numeric question "{q.id}": "typical" ({low:g} to {high:g}) must be a range '
                                f"inside min and max ({q.minimum:g} to {q.maximum:g})"))
    elif q.integer and math.floor(q.maximum) < math.ceil(q.minimum):
        issues.append(Issue(q.source, f'numeric question "{q.id}": integer is true but no whole number lies between '
                            f"min ({q.minimum:g}) and max ({q.maximum:g}): no answer could be given"))
    if q.minimum < 0 and not SIGNED.search(q.text):
        issues.append(Issue(q.source, f'numeric question "{q.id}": min is negative ({q.minimum:g}); a lab value, '
                            "dose, count or duration cannot be: use min: 0, or say in the question text that it is a "
                            "change or difference", "warning"))
    defaults = [b for b in q.branches if not b.bounds]
    if not defaults or q.branches[-1].bounds:
        issues.append(Issue(q.source, f'numeric question "{q.id}": the last branch must have no "when" '
                            "(it is taken when no other branch matches)"))
    elif len(defaults) > 1:
        issues.append(Issue(defaults[0].source, f'numeric question "{q.id}": only the last branch may have no "when"'))


def _route(r: Route, g: Guideline, issues: list[Issue], nodes_complete: bool) -> None:
    others = [i for i, rule in enumerate(r.rules) if rule.when is None]
    if not r.rules or others != [len(r.rules) - 1]:
        where = r.rules[others[0]].source if others and others[0] != len(r.rules) - 1 else r.source
        issues.append(Issue(where, f'route "{r.id}": the rules must end with exactly one {{otherwise: NODE}}, '
                            "and only the last rule may be otherwise"))
    for rule in r.rules if nodes_complete else ():
        if rule.when is not None:
            condition_names(rule.when, g, issues)


def _compute(c: Compute, g: Guideline, issues: list[Issue]) -> None:
    bad = False
    for ref in expr_mod.refs(c.expr):
        target = g.nodes.get(ref.name)
        if not isinstance(target, (NumericQuestion, Compute)):
            what = "does not exist" if target is None else f"is a {target.kind}, not a number"
            # the candidates are listed only for a slip: listing them for every node was quadratic
            numeric = [n.id for n in g.nodes.values() if isinstance(n, (NumericQuestion, Compute))]
            issues.append(Issue(c.expr_source,
                                f'compute "{c.id}": "{ref.name}" {what}{suggest(ref.name, numeric)}'))
            bad = True
    if bad:
        return

    def unit(name: str) -> str:
        node = g.nodes[name]
        return node.unit if isinstance(node, (NumericQuestion, Compute)) else ""

    problems: list[tuple[int, str]] = []
    derived = expr_mod.unit_of(c.expr, unit, problems)
    for _offset, message in problems:
        issues.append(Issue(c.expr_source, f'compute "{c.id}": {message}'))
    atoms = {unit(ref.name) for ref in expr_mod.refs(c.expr)}
    if not problems and not expr_mod.units_agree(derived, c.unit, atoms):
        got = derived or "no unit"
        issues.append(Issue(place(c.places, "unit", c.source), f'compute "{c.id}": the expression gives {got}, but "unit" says '
                            f'"{c.unit}"' + ('; a unitless result may say "", "%" or "ratio"' if not derived else "")))


def condition_names(cond: Condition, g: Guideline, issues: list[Issue]) -> None:
    """Every question, option and node a condition names exists and fits the test."""
    for c in walk(cond):
        if isinstance(c, (AnswerIs, Compare, Includes, Answered)):
            node = g.nodes.get(c.question)
            if node is None or isinstance(node, (Recommendation, Route)):
                valued = [n.id for n in g.nodes.values() if not isinstance(n, (Recommendation, Route))]
                what = "does not exist" if node is None else f"is a {node.kind}, which has no answer"
                issues.append(Issue(c.source, f'condition names question "{c.question}", which {what}'
                                    f"{suggest(c.question, valued)}"))
                continue
            if isinstance(c, Answered):
                continue
            numeric = isinstance(node, (NumericQuestion, Compute))
            if isinstance(c, Includes):
                if not isinstance(node, MultiQuestion):
                    issues.append(Issue(c.source, f'"{c.question}" is a {node.kind}, not a multi question: '
                                        + ("compare it with lt, le, gt or ge" if numeric else "use equals or in")))
                    continue
            elif isinstance(c, AnswerIs):
                if numeric:
                    issues.append(Issue(c.source, f'"{c.question}" is numeric: compare it with lt, le, gt or ge'))
                    continue
                if isinstance(node, MultiQuestion):
                    issues.append(Issue(c.source, f'"{c.question}" is a multi question: use includes, '
                                        "includes_any or includes_all"))
                    continue
            elif not numeric:
                issues.append(Issue(c.source, f'"{c.question}" is not numeric: use '
                                    + ("includes, includes_any or includes_all" if isinstance(node, MultiQuestion)
                                       else "equals or in")))
                continue
            else:
                continue
            allowed = [o.id for o in node.options] if isinstance(node, (Question, MultiQuestion)) else []
            for value in c.values:
                if value not in allowed:
                    issues.append(Issue(c.source, f'"{value}" is not an answer of "{c.question}"'
                                        f"{suggest(value, allowed)}; allowed: {', '.join(allowed)}"))
        elif isinstance(c, Reached) and c.node not in g.nodes:
            issues.append(Issue(c.source, f'condition names node "{c.node}", which does not exist'
                                f"{suggest(c.node, list(g.nodes))}"))

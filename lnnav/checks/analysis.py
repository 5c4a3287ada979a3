"""Rule analysis, in the spirit of dmn-check: decisions that can never go some way.

Numeric branches and route rules are taken first match wins; an option is shown when
its ``when`` holds. Each condition becomes an exact region over the answers' possible
values (lnnav.checks.variables, lnnav.checks.regions), judged one answer's range at a time and
without following the path that led to the node. So every error and warning here is
a proof about the rules as written; where a condition cannot be worked out (a slip
reported elsewhere, a region too large) nothing is said.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from lnnav.base.errors import Issue
from lnnav.checks.regions import (
    Box,
    Numbers,
    Region,
    Undecidable,
    is_empty,
    minus,
    numbers_between,
    numbers_where,
    region_inter,
    region_minus,
)
from lnnav.checks.regions import inter as inter_values
from lnnav.checks.variables import Scope, Variables, names_in, numeric_range
from lnnav.model.conditions import COMPARE_SYMBOLS, Compare, Condition, describe_condition, holds, walk
from lnnav.model.guideline import Branch, Guideline, MultiQuestion, NumericQuestion, Question, Recommendation, Route, fmt_num


def analyse(g: Guideline, issues: list[Issue], answered_before: Callable[[str, str], bool]) -> None:
    """Add every rule-analysis error and warning of ``g`` to ``issues``.

    Args:
        g: the guideline as loaded.
        issues: where the findings go, in node order.
        answered_before: (answer id, node id) -> whether that answer is given on every
            path to the node (then it cannot be missing there).
    """
    variables = Variables(g, answered_before)
    impossible: set[int] = set()  # conditions already reported as never holding: no bound warning too
    for node in g.nodes.values():
        if isinstance(node, NumericQuestion):
            _branches(node, issues)
        elif isinstance(node, Route):
            _rules(node, Scope(variables, node.id), issues, impossible)
        elif isinstance(node, (Question, MultiQuestion)) and any(o.when is not None for o in node.options):
            _options(node, Scope(variables, node.id), issues, impossible)
    for where, cond in _conditions(g):
        if id(cond) not in impossible:
            _bounds_in(g, where, cond, issues)


def _branches(q: NumericQuestion, issues: list[Issue]) -> None:
    if not (math.isfinite(q.minimum) and math.isfinite(q.maximum)) or q.minimum > q.maximum:
        return
    universe = numbers_between(q.minimum, q.maximum, integer=q.integer)
    whole = "whole-number " if q.integer else ""
    span = f"from {fmt_num(q.minimum)} to {fmt_num(q.maximum)} {q.unit}".rstrip()
    earlier: list[tuple[int, Branch, Numbers]] = []
    for i, branch in enumerate(q.branches, 1):
        if not branch.bounds:
            if i == len(q.branches) and earlier and _left(universe, earlier) is None:
                issues.append(Issue(branch.source, f'the last branch of "{q.id}" (otherwise) can never be taken: '
                                    f"the branches before it take every answer {span}", "warning"))
            continue
        try:
            own = inter_values(universe, numbers_where(branch.bounds))
        except Undecidable:
            continue
        assert isinstance(own, Numbers)
        if is_empty(own):
            issues.append(Issue(branch.source, f'branch {i} of "{q.id}" can never be taken: no {whole}answer '
                                f"{span} is {branch.label}"))
            continue
        for op, bound in branch.bounds:
            if bound < q.minimum or bound > q.maximum:
                issues.append(Issue(branch.source, f'branch {i} of "{q.id}": the bound {COMPARE_SYMBOLS[op]} {fmt_num(bound)} '
                                    f'is outside the range of "{q.id}" ({span.removeprefix("from ")})', "warning"))
        if _left(own, earlier) is None:
            by = next((e for e in earlier if _left(own, [e]) is None), None)
            named = [by] if by is not None else [e for e in earlier if not is_empty(inter_values(own, e[2]))]
            who = _listed("branch", [(j, b.label) for j, b, _s in named])
            verb = "takes" if len(named) == 1 else "take"
            issues.append(Issue(branch.source, f'branch {i} of "{q.id}" can never be taken: {who} already {verb} '
                                "every value it covers"))
        earlier.append((i, branch, own))


def _left(values: Numbers, earlier: list[tuple[int, Branch, Numbers]]) -> Numbers | None:
    """What of ``values`` no earlier branch takes; None when nothing is left."""
    rest = values
    for _i, _b, taken in earlier:
        cut = minus(rest, taken)
        assert isinstance(cut, Numbers)
        rest = cut
    return None if is_empty(rest) else rest


def _listed(word: str, items: list[tuple[int, str]]) -> str:
    """'branch 1 (>= 0)' or 'branches 1 (< 3) and 2 (>= 3)'."""
    parts = [f"{n} ({label})" for n, label in items]
    if len(parts) == 1:
        return f"{word} {parts[0]}"
    return f"{word}es {', '.join(parts[:-1])} and {parts[-1]}" if word.endswith("ch") else \
        f"{word}s {', '.join(parts[:-1])} and {parts[-1]}"


def _rules(r: Route, scope: Scope, issues: list[Issue], impossible: set[int]) -> None:
    earlier: list[tuple[int, Condition, Region]] = []
    for i, rule in enumerate(r.rules, 1):
        if rule.when is None:
            if i == len(r.rules) and earlier and _covered([{}], earlier, scope):
                who = _listed("rule", [(j, describe_condition(c)) for j, c, _r in earlier])
                verb = "takes" if len(earlier) == 1 else "take"
                issues.append(Issue(rule.source, f'the otherwise of route "{r.id}" can never be taken: {who} already '
                                    f"{verb} every case", "warning"))
            continue
        try:
            own = scope.region(rule.when)
        except Undecidable:
            continue
        if not own:
            impossible.add(id(rule.when))
            issues.append(Issue(rule.source, f'rule {i} of "{r.id}" can never be taken: its condition '
                                f"({describe_condition(rule.when)}) can never hold{_ranges(scope, rule.when)}"))
            continue
        if _covered(own, earlier, scope):
            by = next((e for e in earlier if _covered(own, [e], scope)), None)
            named = [by] if by is not None else [e for e in earlier if _meets(own, e[2])]
            who = _listed("rule", [(j, describe_condition(c)) for j, c, _r in named])
            verb = "takes" if len(named) == 1 else "take"
            issues.append(Issue(rule.source, f'rule {i} of "{r.id}" can never be taken: {who} already {verb} '
                                "every case it covers"))
        earlier.append((i, rule.when, own))


def _covered(region: Region, earlier: list[tuple[int, Condition, Region]], scope: Scope) -> bool:
    try:
        return not region_minus(region, [box for _i, _c, r in earlier for box in r], scope.universe)
    except Undecidable:
        return False


def _meets(a: Region, b: Region) -> bool:
    try:
        return bool(region_inter(a, b))
    except Undecidable:
        return True


def _ranges(scope: Scope, cond: Condition) -> str:
    said = [f"{name} is from {shown}" for name in names_in([cond]) if (shown := numeric_range(scope.vars.g, name))]
    return f"; {', '.join(said)}" if said else ""


def _options(q: Question | MultiQuestion, scope: Scope, issues: list[Issue], impossible: set[int]) -> None:
    regions: list[Region | None] = []
    for opt in q.options:
        if opt.when is None:
            regions.append([{}])
            continue
        try:
            own = scope.region(opt.when)
        except Undecidable:
            regions.append(None)
            continue
        regions.append(own)
        if not own:
            impossible.add(id(opt.when))
            issues.append(Issue(opt.source, f'option "{opt.id}" of "{q.id}" can never be shown: its condition '
                                f"({describe_condition(opt.when)}) can never hold{_ranges(scope, opt.when)}"))
    if len(q.options) < 2 or sum(1 for o in q.options if o.when is None) >= 2:
        return
    witness = _few_shown(regions, scope)
    if witness is None:
        return
    whens = [o.when for o in q.options if o.when is not None]
    try:
        answers, passed, words = scope.point(witness, names_in(whens))
    except Undecidable:
        return
    shown = [o.id for o in q.options if o.when is None or holds(o.when, answers, passed)]
    if len(shown) >= 2:  # cannot happen: the witness lies where fewer than two hold
        return
    what = f'only "{shown[0]}" is shown' if shown else "no option is shown"
    issues.append(Issue(q.source, f'question "{q.id}" could be left with fewer than two options: when {words}, {what}'))


def _few_shown(regions: list[Region | None], scope: Scope) -> Box | None:
    """A box of answers where fewer than two options are shown, or None."""
    known = [r for r in regions if r is not None]
    if len(known) < len(regions):
        return None
    try:
        two: Region = [box for a, b in _pairs(known) for box in region_inter(a, b)]
        left = region_minus([{}], two, scope.universe)
    except Undecidable:
        return None
    return dict(left[0]) if left else None


def _pairs(regions: list[Region]) -> Iterator[tuple[Region, Region]]:
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            yield a, b


def _conditions(g: Guideline) -> Iterator[tuple[str, Condition]]:
    """Every condition of the guideline, with what it belongs to in words."""
    for node in g.nodes.values():
        if isinstance(node, Route):
            for i, rule in enumerate(node.rules, 1):
                if rule.when is not None:
                    yield f'rule {i} of "{node.id}"', rule.when
        elif isinstance(node, (Question, MultiQuestion)):
            for opt in node.options:
                if opt.when is not None:
                    yield f'option "{opt.id}" of "{node.id}"', opt.when
        elif isinstance(node, Recommendation):
            for what, whens in (("action", node.action_when), ("caution", node.caution_when)):
                for i, when in enumerate(whens, 1):
                    if when is not None:
                        yield f'{what} {i} of "{node.id}"', when
    for alert in g.alerts:
        yield f'alert "{alert.id}"', alert.when


def _bounds_in(g: Guideline, where: str, cond: Condition, issues: list[Issue]) -> None:
    for c in walk(cond):
        if not isinstance(c, Compare):
            continue
        q = g.nodes.get(c.question)
        if not isinstance(q, NumericQuestion):
            continue
        for op, bound in c.bounds:
            if bound < q.minimum or bound > q.maximum:
                issues.append(Issue(c.source, f"{where}: the bound {c.question} {COMPARE_SYMBOLS[op]} {fmt_num(bound)} is "
                                    f'outside the range of "{q.id}" ({numeric_range(g, q.id)})', "warning"))

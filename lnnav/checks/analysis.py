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
from lnnav.base.source import Source
from lnnav.checks.regions import (
    Box,
    Budget,
    Cover,
    Exhausted,
    Numbers,
    Region,
    Undecidable,
    Values,
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
from lnnav.model.guideline import (
    Branch,
    Guideline,
    MultiQuestion,
    Node,
    NumericQuestion,
    Question,
    Recommendation,
    Route,
    fmt_num,
)

# Steps of work (lnnav.checks.regions.Budget: one box taken from another, one span compared with
# another, about 2 to 20 us each). A decision written by hand takes a few; the bundled
# guideline about 330 in all, 10,000 generated nodes about 13,000, a 10,000-rule route on one
# number 40,000. So the bounds stop only what no one should wait for (thousands of rules on
# several answers at once, which compare box by box): each decision has STEPS_PER_DECISION
# plus STEPS_PER_ITEM for each rule, branch or option, and the guideline STEPS_IN_ALL plus
# STEPS_PER_ITEM for each item in all, so that the analysis stays linear in the worst case too.
STEPS_PER_DECISION = 20_000
STEPS_PER_ITEM = 20
STEPS_IN_ALL = 500_000


def analyse(g: Guideline, issues: list[Issue], answered_before: Callable[[str, str], bool]) -> None:
    """Add every rule-analysis error and warning of ``g`` to ``issues``.

    A decision whose analysis would take more than its steps stops there, with a
    warning that says what of it was not checked (see STEPS_PER_DECISION).

    Args:
        g: the guideline as loaded.
        issues: where the findings go, in node order.
        answered_before: (answer id, node id) -> whether that answer is given on every
            path to the node (then it cannot be missing there).
    """
    variables = Variables(g, answered_before)
    impossible: set[int] = set()  # conditions already reported as never holding: no bound warning too
    decisions = [n for n in g.nodes.values() if isinstance(n, (NumericQuestion, Route)) or (
        isinstance(n, (Question, MultiQuestion)) and any(o.when is not None for o in n.options))]
    total = STEPS_IN_ALL + STEPS_PER_ITEM * sum(_items(n) for n in decisions)
    in_all = total
    for k, node in enumerate(decisions):
        own = STEPS_PER_DECISION + STEPS_PER_ITEM * _items(node)
        budget = Budget(min(own, in_all))
        at = _At(node.source, f"its {_items(node)} {_item_word(node)} were not checked")
        try:
            if isinstance(node, NumericQuestion):
                _branches(node, issues, budget, at)
            elif isinstance(node, Route):
                _rules(node, Scope(variables, node.id), issues, impossible, budget, at)
            else:
                _options(node, Scope(variables, node.id), issues, impossible, budget, at)
        except Exhausted:
            if own > in_all:  # the whole guideline's steps ran out, not this decision's
                after = len(decisions) - k - 1
                more = f", nor the {after} decision(s) after it" if after else ""
                issues.append(Issue(at.source, f'rule analysis stopped at "{node.id}": the guideline\'s decisions take '
                                    f"more than {total:,} steps to compare in all; {at.rest}{more}", "warning"))
                return
            issues.append(Issue(at.source, f'rule analysis of "{node.id}" was cut short: its {_items(node)} '
                                f"{_item_word(node)} take more than {own:,} steps to compare; {at.rest}", "warning"))
        in_all -= min(own, in_all) - max(budget.left, 0)
    for where, cond in _conditions(g):
        if id(cond) not in impossible:
            _bounds_in(g, where, cond, issues)


class _At:
    """Where a decision's analysis is, for the warning when its steps run out: the item, and what is left.

    What is left is put in words only when a warning needs it: most decisions never run out.
    """

    __slots__ = ("_i", "_n", "_rest", "_word", "source")

    def __init__(self, source: Source, rest: str) -> None:
        self.source = source
        self._rest = rest
        self._word = ""
        self._i = self._n = 0

    @property
    def rest(self) -> str:
        if not self._word:
            return self._rest
        word, i, n = self._word, self._i, self._n
        return f"{word} {i} of {n} was not checked" if i == n else f"{word}s {i} to {n} were not checked"

    @rest.setter
    def rest(self, text: str) -> None:
        self._rest = text
        self._word = ""

    def item(self, word: str, i: int, n: int, source: Source) -> None:
        self.source = source
        self._word, self._i, self._n = word, i, n


def _items(node: Node) -> int:
    if isinstance(node, NumericQuestion):
        return len(node.branches)
    if isinstance(node, Route):
        return len(node.rules)
    return len(node.options) if isinstance(node, (Question, MultiQuestion)) else 0


def _item_word(node: Node) -> str:
    return "branches" if isinstance(node, NumericQuestion) else "rules" if isinstance(node, Route) else "options"


def _branches(q: NumericQuestion, issues: list[Issue], budget: Budget, at: _At) -> None:
    if not (math.isfinite(q.minimum) and math.isfinite(q.maximum)) or q.minimum > q.maximum:
        return
    universe = numbers_between(q.minimum, q.maximum, integer=q.integer)
    whole = "whole-number " if q.integer else ""
    def span() -> str:  # said only in a finding
        return f"from {fmt_num(q.minimum)} to {fmt_num(q.maximum)} {q.unit}".rstrip()

    earlier: list[tuple[int, Branch, Numbers]] = []
    taken = Cover()  # every answer an earlier branch takes
    n = len(q.branches)
    for i, branch in enumerate(q.branches, 1):
        at.item("branch", i, n, branch.source)
        if not branch.bounds:
            if i == n and earlier and is_empty(taken.left(universe, budget)):
                issues.append(Issue(branch.source, f'the last branch of "{q.id}" (otherwise) can never be taken: '
                                    f"the branches before it take every answer {span()}", "warning"))
            continue
        try:
            own = inter_values(universe, numbers_where(branch.bounds))
        except Undecidable:
            continue
        assert isinstance(own, Numbers)
        if is_empty(own):
            issues.append(Issue(branch.source, f'branch {i} of "{q.id}" can never be taken: no {whole}answer '
                                f"{span()} is {branch.label}"))
            continue
        for op, bound in branch.bounds:
            if bound < q.minimum or bound > q.maximum:
                issues.append(Issue(branch.source, f'branch {i} of "{q.id}": the bound {COMPARE_SYMBOLS[op]} {fmt_num(bound)} '
                                    f'is outside the range of "{q.id}" ({span().removeprefix("from ")})', "warning"))
        if is_empty(taken.left(own, budget)):
            by = next((e for e in earlier if _within(own, e[2], budget)), None)
            named = [by] if by is not None else [e for e in earlier if _overlap(own, e[2], budget)]
            who = _listed("branch", [(j, b.label) for j, b, _s in named])
            verb = "takes" if len(named) == 1 else "take"
            issues.append(Issue(branch.source, f'branch {i} of "{q.id}" can never be taken: {who} already {verb} '
                                "every value it covers"))
        earlier.append((i, branch, own))
        taken.add(own, budget)


def _within(values: Numbers, taken: Numbers, budget: Budget) -> bool:
    """Whether ``taken`` holds every one of ``values``."""
    budget.spend(len(values.spans) * len(taken.spans))
    return is_empty(minus(values, taken))


def _overlap(a: Numbers, b: Numbers, budget: Budget) -> bool:
    budget.spend(len(a.spans) * len(b.spans))
    return not is_empty(inter_values(a, b))


def _listed(word: str, items: list[tuple[int, str]]) -> str:
    """'branch 1 (>= 0)' or 'branches 1 (< 3) and 2 (>= 3)'."""
    parts = [f"{n} ({label})" for n, label in items]
    if len(parts) == 1:
        return f"{word} {parts[0]}"
    return f"{word}es {', '.join(parts[:-1])} and {parts[-1]}" if word.endswith("ch") else \
        f"{word}s {', '.join(parts[:-1])} and {parts[-1]}"


def _rules(r: Route, scope: Scope, issues: list[Issue], impossible: set[int], budget: Budget, at: _At) -> None:
    earlier: list[tuple[int, Condition, Region]] = []
    taken = _Taken(scope, budget)
    n = len(r.rules)
    for i, rule in enumerate(r.rules, 1):
        at.item("rule", i, n, rule.source)
        if rule.when is None:
            if i == n and earlier and taken.covers([{}]):
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
        if taken.covers(own):
            by = next((e for e in earlier if _covered(own, e[2], scope, budget)), None)
            named = [by] if by is not None else [e for e in earlier if _meets(own, e[2], budget)]
            who = _listed("rule", [(j, describe_condition(c)) for j, c, _r in named])
            verb = "takes" if len(named) == 1 else "take"
            issues.append(Issue(rule.source, f'rule {i} of "{r.id}" can never be taken: {who} already {verb} '
                                "every case it covers"))
        earlier.append((i, rule.when, own))
        taken.add(own)


class _Taken:
    """The cases earlier rules take, kept so that the next rule is judged without going through each of them.

    A box that names one variable (most rules test one answer) joins that variable's
    union: a sorted Cover for a number, a mask for a finite answer. Taking those away
    from a box only narrows its own values, one variable at a time; the boxes that
    name several variables are taken away as regions, box by box.
    """

    def __init__(self, scope: Scope, budget: Budget) -> None:
        self.scope = scope
        self.budget = budget
        self.numbers: dict[str, Cover] = {}
        self.masks: dict[str, int] = {}
        self.boxes: Region = []  # boxes of two variables or more
        self.in_boxes: dict[str, None] = {}  # the variables those name
        self.everything = False

    def add(self, region: Region) -> None:
        universe = self.scope.universe
        for box in region:
            if len(box) != 1:
                if not box:
                    self.everything = True
                self.boxes.append(box)
                self.in_boxes.update(dict.fromkeys(box))
                continue
            ((var, values),) = box.items()
            if isinstance(values, int):
                mask = self.masks[var] = self.masks.get(var, 0) | values
                whole = universe[var]
                full = isinstance(whole, int) and not whole & ~mask
            else:
                cover = self.numbers.get(var)
                if cover is None:
                    cover = self.numbers[var] = Cover()
                cover.add(values, self.budget)
                all_of = universe[var]
                full = isinstance(all_of, Numbers) and is_empty(cover.left(all_of, self.budget))
            self.everything = self.everything or full

    def covers(self, region: Region) -> bool:
        """Whether the earlier rules take every case of ``region``; False when that cannot be worked out."""
        if self.everything:
            return True
        universe = self.scope.universe
        pieces: Region = []
        for box in region:
            # a variable that neither the box nor a several-variable box names is narrowed to what its own
            # union leaves, which is not empty (else everything is taken) and meets nothing else: no matter
            narrowed = dict(box)
            for var in (*box, *(v for v in self.in_boxes if v not in box)):
                mine = narrowed.get(var, universe[var])
                self.budget.spend(1)
                if isinstance(mine, int):
                    rest: Values = mine & ~self.masks.get(var, 0)
                else:
                    cover = self.numbers.get(var)
                    rest = cover.left(mine, self.budget) if cover is not None else mine
                if is_empty(rest):
                    break
                narrowed[var] = rest
            else:
                pieces.append(narrowed)
        try:
            return not region_minus(pieces, self.boxes, universe, self.budget) if pieces else True
        except Undecidable:
            return False


def _covered(region: Region, by: Region, scope: Scope, budget: Budget) -> bool:
    try:
        return not region_minus(region, by, scope.universe, budget)
    except Undecidable:
        return False


def _meets(a: Region, b: Region, budget: Budget) -> bool:
    try:
        return bool(region_inter(a, b, budget))
    except Undecidable:
        return True


def _ranges(scope: Scope, cond: Condition) -> str:
    said = [f"{name} is from {shown}" for name in names_in([cond]) if (shown := numeric_range(scope.vars.g, name))]
    return f"; {', '.join(said)}" if said else ""


def _options(q: Question | MultiQuestion, scope: Scope, issues: list[Issue], impossible: set[int], budget: Budget,
             at: _At) -> None:
    regions: list[Region | None] = []
    for opt in q.options:
        budget.spend(1)
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
    at.source, at.rest = q.source, "whether fewer than two of its options can be shown was not checked"
    witness = _few_shown(regions, scope, budget)
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


def _few_shown(regions: list[Region | None], scope: Scope, budget: Budget) -> Box | None:
    """A box of answers where fewer than two options are shown, or None."""
    known = [r for r in regions if r is not None]
    if len(known) < len(regions):
        return None
    try:
        two: Region = [box for a, b in _pairs(known) for box in region_inter(a, b, budget)]
        left = region_minus([{}], two, scope.universe, budget)
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
        if not isinstance(q, NumericQuestion) or q.minimum > q.maximum:  # a bad range is its own error
            continue
        for op, bound in c.bounds:
            if bound < q.minimum or bound > q.maximum:
                issues.append(Issue(c.source, f"{where}: the bound {c.question} {COMPARE_SYMBOLS[op]} {fmt_num(bound)} is "
                                    f'outside the range of "{q.id}" ({numeric_range(g, q.id)})', "warning"))

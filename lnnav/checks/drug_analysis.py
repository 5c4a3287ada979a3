"""Rule analysis of the drug catalogue: rules that never matter, outcomes left without treatment.

The same exact regions as lnnav.checks.analysis (each answer over its whole range, the path
not followed), so every finding is a proof about the rules as written:

- a withhold rule or caution whose condition can never hold (error);
- a withhold rule that never changes what is offered, because earlier rules of the
  drug or its classes already withhold it wherever it holds (warning);
- a caution that can never be shown, because the drug is withheld wherever it holds (error);
- an outcome with actions that propose drugs where, for some answers, every such
  action is hidden or withheld and no shown action names a drug withheld there (warning,
  with an example).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from lnnav.base.errors import Issue
from lnnav.checks.regions import Box, Numbers, Region, Undecidable, region_inter, region_minus
from lnnav.checks.variables import MISSING, Scope, Variables, names_in, numeric_range
from lnnav.model.conditions import Answer, Condition, describe_condition, holds
from lnnav.model.drugs import Catalogue, DrugRule
from lnnav.model.guideline import Guideline, Recommendation, fmt_num
from lnnav.model.withholding import offer

_NO_PATH: Callable[[str, str], bool] = lambda _answer, _node: False  # noqa: E731 - a rule is read at any outcome


def analyse_drugs(g: Guideline, issues: list[Issue], answered_before: Callable[[str, str], bool]) -> None:
    """Add every catalogue rule-analysis finding of ``g`` to ``issues``."""
    if not g.drugs:
        return
    cat = Catalogue(g.drugs)
    anywhere = Scope(Variables(g, _NO_PATH), "")
    for drug in g.drugs:
        _withhold_rules(cat, drug.id, anywhere, issues)
        _caution_rules(cat, drug.id, anywhere, issues)
    variables = Variables(g, answered_before)
    for node in g.nodes.values():
        if isinstance(node, Recommendation):
            _treatment(g, cat, node, Scope(variables, node.id), issues)


def _region(scope: Scope, rule: DrugRule) -> Region | None:
    try:
        return scope.region(rule.when)
    except Undecidable:
        return None


def _never(scope: Scope, what: str, rule: DrugRule, issues: list[Issue]) -> None:
    said = [f"{n} is from {r}" for n in names_in([rule.when]) if (r := numeric_range(scope.vars.g, n))]
    issues.append(Issue(rule.source, f"{what} can never hold: its condition ({describe_condition(rule.when)}) "
                        f"can never hold{'; ' + ', '.join(said) if said else ''}"))


def _covered(scope: Scope, region: Region, by: Region) -> bool:
    try:
        return not region_minus(region, by, scope.universe)
    except Undecidable:
        return False


def _withhold_rules(cat: Catalogue, drug_id: str, scope: Scope, issues: list[Issue]) -> None:
    drug = cat.by_id[drug_id]
    inherited = [r for owner, r in cat.rules(drug_id, "withhold") if owner != drug_id]
    earlier: list[tuple[str, Region]] = []
    for owner_rule in inherited:
        found = _region(scope, owner_rule)
        if found is not None:
            earlier.append((f"a rule of its class ({describe_condition(owner_rule.when)})", found))
    for i, rule in enumerate(drug.withhold, 1):
        own = _region(scope, rule)
        if own is None:
            continue
        what = f'withhold rule {i} of drug "{drug_id}"'
        if not own:
            _never(scope, what, rule, issues)
            continue
        if earlier and _covered(scope, own, [b for _w, r in earlier for b in r]):
            by = next((w for w, r in earlier if _covered(scope, own, r)), "the rules before it")
            issues.append(Issue(rule.source, f"{what} never changes what is offered: {by} already withholds it in "
                                "every case it covers; merge the two reasons into one rule", "warning"))
        earlier.append((f"rule {i} ({describe_condition(rule.when)})", own))


def _caution_rules(cat: Catalogue, drug_id: str, scope: Scope, issues: list[Issue]) -> None:
    drug = cat.by_id[drug_id]
    held: Region | None = []
    for _owner, rule in cat.rules(drug_id, "withhold"):
        found = _region(scope, rule)
        held = None if found is None or held is None else held + found
    for i, rule in enumerate(drug.cautions, 1):
        own = _region(scope, rule)
        if own is None:
            continue
        what = f'caution {i} of drug "{drug_id}"'
        if not own:
            _never(scope, what, rule, issues)
        elif held and _covered(scope, own, held):
            issues.append(Issue(rule.source, f"{what} can never be shown: {drug.name} is withheld in every case its "
                                "condition covers"))


def withhold_region(cat: Catalogue, drug_id: str, scope: Scope, seen: frozenset[str] = frozenset()) -> Region:
    """Where ``drug_id`` is withheld: a rule of it or its classes holds, or every member of it is withheld."""
    out: Region = []
    for _owner, rule in cat.rules(drug_id, "withhold"):
        out += scope.region(rule.when)
    drug = cat.by_id.get(drug_id)
    members = [m for m in drug.member_ids if m in cat and m not in seen] if drug is not None else []
    if members:
        every: Region = [{}]
        for m in members:
            every = region_inter(every, withhold_region(cat, m, scope, seen | {drug_id}))
        out += every
    return out


def _treatment(g: Guideline, cat: Catalogue, o: Recommendation, scope: Scope, issues: list[Issue]) -> None:
    proposing = [i for i in range(len(o.actions)) if o.drugs_of(i).proposes]
    if not proposing:
        return
    try:
        offered: Region = []
        for i in proposing:
            when = o.action_when[i] if i < len(o.action_when) else None
            shown: Region = scope.region(when) if when is not None else [{}]
            blocked = [b for d in o.drugs_of(i).proposed_ids for b in withhold_region(cat, d, scope)]
            offered += region_minus(shown, blocked, scope.universe)
        for i in range(len(o.actions)):
            # An action that names a drug, shown where that drug is withheld, is the card's answer for
            # that case ("plan blood pressure with the obstetric team before restarting RAAS blockade").
            named = [b for d in o.drugs_of(i).named_ids for b in withhold_region(cat, d, scope)]
            when = o.action_when[i] if i < len(o.action_when) else None
            if named:
                offered += region_inter(scope.region(when) if when is not None else [{}], named)
        left = region_minus([{}], offered, scope.universe)
    except Undecidable:
        return
    if not left:
        return
    box = dict(left[0])
    conds: list[Condition] = [w for i in proposing if i < len(o.action_when) and (w := o.action_when[i]) is not None]
    conds += [r.when for i in proposing for d in o.drugs_of(i).proposed_ids
              for _w, r in cat.rules(d, "withhold") + [x for m in cat.members_of(d) for x in cat.rules(m, "withhold")]]
    names = names_in(conds)
    try:
        answers, passed, _words = scope.point(box, names)
    except Undecidable:
        return
    shown_now = tuple(i for i in range(len(o.actions)) if i not in proposing or _holds_at(o, i, answers, passed))
    if offer(g, o, shown_now, answers, passed | {o.id}).proposes:  # the example must show the finding
        return
    words = _said(scope, box, names) or "some answers"
    issues.append(Issue(o.source, f'outcome "{o.id}" offers no treatment when {words}: every action that proposes a '
                        "drug is hidden or withheld then; add an action for that case", "warning"))


def _holds_at(o: Recommendation, i: int, answers: dict[str, Answer], passed: frozenset[str]) -> bool:
    when = o.action_when[i] if i < len(o.action_when) else None
    return when is None or holds(when, answers, passed)


def _said(scope: Scope, box: Box, names: list[str]) -> str:
    """The box in words: a numeric answer as its range ("egfr < 30"), any other restricted one by an example."""
    parts: list[str] = []
    for name in names:
        if name not in box:
            continue
        value = box[name]
        if isinstance(value, Numbers) and value.spans:
            said = _span_words(scope, name, value)
            if said:
                parts.append(said)
            elif MISSING in value.atoms and not value.spans:
                parts.append(f"{name} not answered")
            continue
        try:
            _answers, _passed, words = scope.point({name: value}, [name])
        except Undecidable:
            continue
        parts.append(words)
    return " and ".join(parts)


def _span_words(scope: Scope, name: str, value: Numbers) -> str:
    full = scope.full(name)
    s = value.spans[0]
    lo_full = full.spans[0] if isinstance(full, Numbers) and full.spans else None
    hi_full = full.spans[-1] if isinstance(full, Numbers) and full.spans else None
    out = []
    if lo_full is not None and math.isfinite(s.lo) and (s.lo > lo_full.lo or (not s.lo_in and lo_full.lo_in)):
        out.append(f"{name} {'>=' if s.lo_in else '>'} {fmt_num(s.lo)}")
    if hi_full is not None and math.isfinite(s.hi) and (s.hi < hi_full.hi or (not s.hi_in and hi_full.hi_in)):
        out.append(f"{name} {'<=' if s.hi_in else '<'} {fmt_num(s.hi)}")
    return " and ".join(out)

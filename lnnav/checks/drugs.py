"""Checks of the drug catalogue and of what actions propose: ids, classes, text, ``proposed``.

Run by lnnav.checks.semantic in validate's one pass; every finding is located FILE:LINE:COL.
Rule analysis of the catalogue (rules that never hold, outcomes left without
treatment) is lnnav.checks.drug_analysis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.base.suggest import suggest
from lnnav.model.conditions import Condition, Proposed, walk
from lnnav.model.drugs import Catalogue, Drug
from lnnav.model.guideline import Guideline, MultiQuestion, Question, Recommendation, Route

Cite = Callable[[tuple[str, ...], Source], None]
Names = Callable[[Condition, Guideline, list[Issue]], None]  # semantic's condition_names, passed in: it runs this module
NO_CATALOGUE = 'the guideline has no drug catalogue: name one with "drugs: drugs.yaml" in the manifest'


def check_drugs(g: Guideline, issues: list[Issue], cite: Cite, condition_names: Names, *, nodes_complete: bool = True,
                drugs_complete: bool = True) -> None:
    """Add every catalogue and proposal problem of ``g`` to ``issues``; cite the rules' references."""
    cat = Catalogue(g.drugs)
    for drug in g.drugs:
        if drugs_complete:
            for member, src in drug.members:
                if member not in cat:
                    issues.append(Issue(src, f'drug "{drug.id}": member "{member}" is not in the drug catalogue'
                                        f"{suggest(member, cat.ids())}"))
        for rule in (*drug.withhold, *drug.cautions):
            cite(rule.references, rule.source)
            if nodes_complete:
                condition_names(rule.when, g, issues)
            _placed(rule.when, f'a rule of drug "{drug.id}"', issues)
    if drugs_complete:
        _cycles(g.drugs, cat, issues)
    for where, cond, allowed in _conditions(g):
        if allowed:
            _proposed_ids(cond, cat, g, issues, drugs_complete)
        else:
            _placed(cond, where, issues)
    for node in g.nodes.values():
        if isinstance(node, Recommendation):
            _actions(node, cat, g, issues, drugs_complete)


def _conditions(g: Guideline) -> Iterator[tuple[str, Condition, bool]]:
    """Every condition outside the catalogue, what holds it, and whether it may test ``proposed``."""
    for node in g.nodes.values():
        if isinstance(node, Route):
            for i, rule in enumerate(node.rules, 1):
                if rule.when is not None:
                    yield f'rule {i} of "{node.id}"', rule.when, False
        elif isinstance(node, (Question, MultiQuestion)):
            for opt in node.options:
                if opt.when is not None:
                    yield f'option "{opt.id}" of "{node.id}"', opt.when, False
        elif isinstance(node, Recommendation):
            for i, when in enumerate(node.action_when, 1):
                if when is not None:
                    yield f'action {i} of "{node.id}"', when, False
            for when in node.caution_when:
                if when is not None:
                    yield "", when, True
    for alert in g.alerts:
        yield "", alert.when, True


def _placed(cond: Condition, where: str, issues: list[Issue]) -> None:
    for c in walk(cond):
        if isinstance(c, Proposed):
            issues.append(Issue(c.source, f"{where}: proposed and proposed_any may only be tested in alerts and in an "
                                "outcome's cautions (what is proposed is known only once the actions are chosen)"))


def _proposed_ids(cond: Condition, cat: Catalogue, g: Guideline, issues: list[Issue], complete: bool) -> None:
    for c in walk(cond):
        if isinstance(c, Proposed):
            if not g.drugs and complete:
                issues.append(Issue(c.source, f"a proposed condition names a drug, but {NO_CATALOGUE}"))
                continue
            for d in c.drugs if complete else ():
                if d not in cat:
                    issues.append(Issue(c.source, f'condition names drug "{d}", which is not in the drug catalogue'
                                        f"{suggest(d, cat.ids())}"))


def _cycles(drugs: tuple[Drug, ...], cat: Catalogue, issues: list[Issue]) -> None:
    """A class that holds itself through another class (itself directly is reported when read)."""
    reported: set[str] = set()
    for drug in drugs:
        for member, src in drug.members:
            if member in cat and drug.id in cat.members_of(member) and drug.id not in reported:
                reported.update({drug.id, *cat.members_of(drug.id)} & {drug.id, *cat.classes_of(drug.id)})
                issues.append(Issue(src, f'drug "{drug.id}" holds itself through its member "{member}": '
                                    "a class cannot be its own member"))


def _actions(o: Recommendation, cat: Catalogue, g: Guideline, issues: list[Issue], complete: bool) -> None:
    for i, text in enumerate(o.actions):
        item = o.drugs_of(i)
        listed = (*item.proposed_ids, *item.named_ids)
        for key, found in (("proposes", item.proposes), ("names", item.names)):
            for d, src in found:
                if not g.drugs and complete:
                    issues.append(Issue(src, f'action {i + 1} of "{o.id}" {key} drug "{d}", but {NO_CATALOGUE}'))
                elif complete and d not in cat:
                    issues.append(Issue(src, f'action {i + 1} of "{o.id}" {key} drug "{d}", which is not in the drug '
                                        f"catalogue{suggest(d, cat.ids())}"))
        if not g.drugs or not complete or any(d not in cat for d in listed):  # an unknown id: its echo here
            continue
        for drug_id, word in mentioned(cat, text):
            if not cat.covers(listed, drug_id):
                issues.append(Issue(item.source, f'action {i + 1} of "{o.id}" names {cat.name(drug_id)} ("{word}") but '
                                    f'neither proposes nor names it: add "proposes: [{drug_id}]" if it offers the drug, '
                                    f'or "names: [{drug_id}]" if it only mentions it', "warning"))


def mentioned(cat: Catalogue, text: str) -> list[tuple[str, str]]:
    """The catalogue drugs ``text`` names as a whole word, any case: (drug id, the word as written), each once.

    A longer name wins over a shorter one inside it ("mycophenolate sodium" over "mycophenolate").
    """
    spans: list[tuple[int, int, str]] = []
    names = sorted(((n, d.id) for d in cat.drugs for n in d.names if n.strip()), key=lambda x: -len(x[0]))
    for name, drug_id in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            if not any(a < m.end() and m.start() < b for a, b, _d in spans):
                spans.append((m.start(), m.end(), drug_id))
    found: dict[str, str] = {}
    for a, b, drug_id in sorted(spans):
        found.setdefault(drug_id, text[a:b])
    return list(found.items())

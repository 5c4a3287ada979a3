"""The drug catalogue applied to one consult: which proposing actions this patient is offered.

After the outcome's ``when`` items are chosen, each action that ``proposes`` drugs is
checked against their rules for this patient's answers. An action with any drug
withheld leaves the actions and is listed as not offered, with the reason and its
references; a caution that holds goes right under its action. What is left decides
the ``proposed`` conditions of alerts and of the outcome's cautions. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from lnnav.base.records import NamedTuple
from lnnav.model.conditions import Answer, holds
from lnnav.model.drugs import Catalogue, DrugRule
from lnnav.model.guideline import Guideline, Recommendation


class Withheld(NamedTuple):
    """One rule that withheld ``drug`` for this patient: the drug's own, or one of its class (``owner``)."""

    drug: str
    owner: str
    rule: DrugRule


class DrugNote(NamedTuple):
    """A note under an offered action: a caution that holds, or a member of a proposed class withheld."""

    drug: str
    text: str
    references: tuple[str, ...]
    withheld: tuple[Withheld, ...] = ()  # not empty: this member of the class is not offered


class NotOffered(NamedTuple):
    """An action left out because some of the drugs it proposes are withheld for this patient."""

    text: str
    drugs: tuple[str, ...]  # the withheld drugs, in the order the action proposes them
    because: str
    references: tuple[str, ...]
    withheld: tuple[Withheld, ...]


class Offer(NamedTuple):
    """The outcome's actions after withholding."""

    actions: tuple[str, ...]
    notes: tuple[tuple[DrugNote, ...], ...]  # parallel to actions
    proposes: tuple[str, ...]  # the drugs the shown actions propose, each once
    proposed: frozenset[str]  # those and every class holding one: what ``proposed`` conditions read
    not_offered: tuple[NotOffered, ...]


def offer(g: Guideline, outcome: Recommendation, shown: tuple[int, ...], answers: Mapping[str, Answer],
          reached: Set[str]) -> Offer:
    """Apply the catalogue to the outcome's actions whose ``when`` held (their indexes, ``shown``)."""
    cat = Catalogue(g.drugs)
    actions: list[str] = []
    notes: list[tuple[DrugNote, ...]] = []
    proposes: dict[str, None] = {}
    left_out: list[NotOffered] = []
    for i in shown:
        text = outcome.actions[i]
        drugs = outcome.drugs_of(i).proposed_ids
        found = {d: withheld(cat, d, answers, reached) for d in drugs}
        if any(found.values()):
            rules = tuple(w for d in drugs for w in found[d])
            left_out.append(NotOffered(text, tuple(d for d in drugs if found[d]), _because(rules), _refs(rules), rules))
            continue
        actions.append(text)
        notes.append(_notes(cat, drugs, answers, reached))
        proposes.update(dict.fromkeys(drugs))
    chosen = tuple(proposes)
    return Offer(tuple(actions), tuple(notes), chosen, cat.closure(chosen), tuple(left_out))


def withheld(cat: Catalogue, drug_id: str, answers: Mapping[str, Answer], reached: Set[str],
             _seen: frozenset[str] = frozenset()) -> tuple[Withheld, ...]:
    """The rules that withhold ``drug_id`` for this patient; empty when it may be offered.

    A class is withheld by its own rules (and its classes'), or when every member is.
    """
    own = tuple(Withheld(drug_id, owner, r) for owner, r in cat.rules(drug_id, "withhold")
                if holds(r.when, answers, reached))
    if own:
        return own
    drug = cat.by_id.get(drug_id)
    members = [m for m in drug.member_ids if m in cat and m not in _seen] if drug is not None else []
    if not members:
        return ()
    each = [withheld(cat, m, answers, reached, _seen | {drug_id}) for m in members]
    return tuple(w for ws in each for w in ws) if all(each) else ()


def _notes(cat: Catalogue, drugs: tuple[str, ...], answers: Mapping[str, Answer],
           reached: Set[str]) -> tuple[DrugNote, ...]:
    out: dict[tuple[str, str], DrugNote] = {}
    # A class's caution that holds for two drugs of the action ("rituximab or obinutuzumab") is
    # shown once, under the class, not once per drug.
    owners: dict[tuple[str, str], set[str]] = {}
    for d in drugs:
        for owner, rule in cat.rules(d, "cautions"):
            owners.setdefault((owner, rule.text), set()).add(d)
    for d in drugs:
        for owner, rule in cat.rules(d, "cautions"):
            if holds(rule.when, answers, reached):
                shared = owner != d and len(owners[(owner, rule.text)]) > 1
                key = (owner if shared else d, rule.text)
                out.setdefault(key, DrugNote(key[0], rule.text, rule.references))
        drug = cat.by_id.get(d)
        for member in drug.member_ids if drug is not None else ():  # a class offered, one member not for this patient
            rules = withheld(cat, member, answers, reached) if member in cat else ()
            if rules:
                out.setdefault((member, _because(rules)), DrugNote(member, _because(rules), _refs(rules), rules))
    return tuple(out.values())


def _because(rules: tuple[Withheld, ...]) -> str:
    return " ".join(dict.fromkeys(w.rule.text for w in rules))


def _refs(rules: tuple[Withheld, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for w in rules for r in w.rule.references))

"""The drug catalogue: each drug's names, class members and safety rules, written once.

A guideline's ``drugs.yaml`` lists every drug its outcomes propose. A rule on a class
applies to each of its members; a class is withheld when its own rule holds or every
member is withheld. This module holds the records and the catalogue's lookups; applying
the rules to a consult is lnnav.model.withholding. No I/O.
"""

from __future__ import annotations

from collections.abc import Iterator

from lnnav.base.records import NamedTuple
from lnnav.base.source import NO_SOURCE, Source
from lnnav.model.conditions import Condition


class DrugRule(NamedTuple):
    """A withhold rule (``text`` is its ``because``) or a caution, for the patients ``when`` holds for."""

    when: Condition
    text: str
    references: tuple[str, ...] = ()
    source: Source = NO_SOURCE


class Drug(NamedTuple):
    id: str
    name: str
    also: tuple[str, ...] = ()  # other names text may use: brands, abbreviations, plurals
    members: tuple[tuple[str, Source], ...] = ()  # a class: the drug ids it stands for
    withhold: tuple[DrugRule, ...] = ()
    cautions: tuple[DrugRule, ...] = ()
    source: Source = NO_SOURCE

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m for m, _src in self.members)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name text may use for this drug itself (not its members)."""
        return (self.name, *self.also)


class Catalogue:
    """Lookups over a guideline's drugs: by id, a class's members, the classes of a drug.

    Tolerant of a broken catalogue (an unknown member, a class cycle): validate
    reports those; here they are skipped, so that the checks can still run.
    """

    def __init__(self, drugs: tuple[Drug, ...]) -> None:
        self.drugs = drugs
        self.by_id: dict[str, Drug] = {}
        for d in drugs:
            self.by_id.setdefault(d.id, d)
        self._classes: dict[str, list[str]] = {}
        for d in self.by_id.values():
            for m in d.member_ids:
                if m in self.by_id and m != d.id:
                    self._classes.setdefault(m, []).append(d.id)

    def __contains__(self, drug_id: object) -> bool:
        return drug_id in self.by_id

    def ids(self) -> list[str]:
        return list(self.by_id)

    def name(self, drug_id: str) -> str:
        found = self.by_id.get(drug_id)
        return found.name if found is not None else drug_id

    def classes_of(self, drug_id: str) -> list[str]:
        """Every class that holds ``drug_id``, directly or through another class, nearest first."""
        return list(self._climb(drug_id, "up"))

    def members_of(self, drug_id: str) -> list[str]:
        """Every drug a class stands for, directly or through a member class, nearest first."""
        return list(self._climb(drug_id, "down"))

    def _climb(self, drug_id: str, way: str) -> Iterator[str]:
        seen = {drug_id}
        todo = [drug_id]
        while todo:
            current = todo.pop(0)
            nxt = self._classes.get(current, []) if way == "up" else [
                m for m in (self.by_id[current].member_ids if current in self.by_id else ()) if m in self.by_id]
            for other in nxt:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
                    yield other

    def rules(self, drug_id: str, kind: str) -> list[tuple[str, DrugRule]]:
        """The withhold (or caution) rules that apply to a drug: its own, then its classes', as (owner, rule)."""
        out: list[tuple[str, DrugRule]] = []
        for owner in (drug_id, *self.classes_of(drug_id)):
            found = self.by_id.get(owner)
            if found is not None:
                out += [(owner, r) for r in (found.withhold if kind == "withhold" else found.cautions)]
        return out

    def covers(self, listed: tuple[str, ...], drug_id: str) -> bool:
        """Whether naming ``listed`` accounts for ``drug_id``: it, a class of it, or a member of it is listed."""
        related = {drug_id, *self.classes_of(drug_id), *self.members_of(drug_id)}
        return any(d in related for d in listed)

    def closure(self, proposed: tuple[str, ...]) -> frozenset[str]:
        """The drugs counted as proposed: those proposed and every class that holds one (never its members)."""
        return frozenset(x for d in proposed for x in (d, *self.classes_of(d)))

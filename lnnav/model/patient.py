"""What a patient's record says, as lnnav reads it: facts, each from one resource, and what was left out.

Made by ``lnnav.format.fhir`` from a FHIR R4 Bundle; matched to the questions of a
guideline by ``lnnav.engine.prefill``. Plain data: no FHIR library types.
"""

from __future__ import annotations

from typing import Literal

from lnnav.base.records import NamedTuple

Coding = tuple[str, str]  # (system URI, code)
FactKind = Literal["observation", "drug", "gender", "birth"]


class Fact(NamedTuple):
    """One thing the record says, from one resource.

    ``concept`` is what it is (an observation's codes, a drug's codes and its ingredients'),
    ``value`` and ``units`` a measured number (the unit as coded in UCUM and as written),
    ``coded`` a coded result or the patient's gender, ``date`` when it was measured
    (YYYY-MM-DD; a birth fact: the birth date).
    """

    kind: FactKind
    resource: str  # "Observation/egfr-1"
    position: int  # 1-based entry of the Bundle
    concept: tuple[Coding, ...] = ()
    value: float | None = None
    units: tuple[str, ...] = ()
    coded: tuple[Coding, ...] = ()
    date: str = ""

    @property
    def where(self) -> str:
        return f"entry {self.position} ({self.resource})"


class PatientRecord(NamedTuple):
    """A patient's record as read: its facts, and every resource or value not used, with why."""

    origin: str  # the file name, or "standard input"
    patient: str  # "Patient/p1", "" when the Bundle holds no Patient
    facts: tuple[Fact, ...]
    notes: tuple[str, ...] = ()

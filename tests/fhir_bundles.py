"""Synthetic FHIR R4 Bundles for the tests of `consult --fhir` (no real patient's data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
PATIENT = "Patient/p1"
TODAY = "2026-05-20"  # every test reads its Bundle as of this day (--as-of)


def patient(gender: str = "female", born: str = "1990-05-21", rid: str = "p1") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": rid, "gender": gender, "birthDate": born}


def quantity(rid: str, code: str, value: float, unit: str, ucum: str | None = None, date: str = "2026-05-12",
             status: str = "final", subject: str = PATIENT) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value, "unit": unit}
    if ucum is not None:
        q.update(system=UCUM, code=ucum)
    return {"resourceType": "Observation", "id": rid, "status": status, "subject": {"reference": subject},
            "code": {"coding": [{"system": LOINC, "code": code}]}, "effectiveDateTime": date, "valueQuantity": q}


def coded(rid: str, code: str, value: str, date: str = "2026-05-12", system: str = SNOMED) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": rid, "status": "final", "subject": {"reference": PATIENT},
            "code": {"coding": [{"system": LOINC, "code": code}]}, "effectiveDateTime": date,
            "valueCodeableConcept": {"coding": [{"system": system, "code": value}]}}


def drug(rid: str, rxcui: str, status: str = "active", kind: str = "MedicationStatement") -> dict[str, Any]:
    out: dict[str, Any] = {"resourceType": kind, "id": rid, "status": status, "subject": {"reference": PATIENT},
                           "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rxcui}]}}
    if kind == "MedicationRequest":
        out["intent"] = "order"
    return out


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def full_record() -> dict[str, Any]:
    """Every question of tests/data/record that a record can answer, answered."""
    return bundle(patient(), drug("ms-mpa", "7145"), drug("mr-hcq", "5521", kind="MedicationRequest"),
                  quantity("egfr-1", "33914-3", 52, "mL/min/1.73m2", "mL/min/{1.73_m2}"),
                  quantity("cr-1", "14682-9", 115, "µmol/L", "umol/L"), coded("hbs-1", "5195-3", "260385009"))


def write(tmp_path: Path, doc: dict[str, Any], name: str = "record.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def data(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()

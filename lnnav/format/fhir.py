"""A FHIR R4 Bundle -> a patient record (lnnav.model.patient): the resources lnnav reads, validated.

Imported only by ``lnnav consult --fhir``: it imports the FHIR library, which a consult
without a record never loads. The library is ``fhir.resources``; its 8.x releases model
R5 by default and R4B in ``fhir.resources.R4B`` (it has no R4 package since 7.0). R4B
changed none of the elements read here (Patient, Observation, MedicationStatement,
MedicationRequest, Medication), so R4 resources validate as R4B ones; an element R4 does
not have (R5's ``MedicationStatement.medication``) fails, and says so.

A resource that fails validation, or whose value cannot be used (a status that is not
final, a drug not active, no date), is left out with a note naming it by position and
id; the rest of the record is still read. Only a file that is not one patient's Bundle
is refused whole.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lnnav.base.errors import RecordError
from lnnav.base.text import echo
from lnnav.model.codes import CODE_SYSTEMS, GENDER
from lnnav.model.patient import Coding, Fact, PatientRecord

READ = ("Patient", "Observation", "MedicationStatement", "MedicationRequest", "Medication")
# Observation.status values whose value stands (R4: registered, preliminary, cancelled, entered-in-error, unknown do not)
FINAL = ("final", "amended", "corrected")
GENDER_URI = CODE_SYSTEMS[GENDER]
AGE = (CODE_SYSTEMS["loinc"], "30525-0")  # LOINC "Age": the concept a birth date answers
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def read_bundle(data: bytes, origin: str) -> PatientRecord:
    """The facts of a Bundle's Patient, Observation and medication resources.

    Raises:
        RecordError: not JSON, not a FHIR Bundle, not R4, or not one patient's record.
    """
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RecordError(f"{origin}: not UTF-8 text (byte {exc.start}); a FHIR Bundle is JSON") from None
    except json.JSONDecodeError as exc:
        raise RecordError(f"{origin}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}; a FHIR Bundle is JSON") from None
    if not isinstance(doc, dict) or doc.get("resourceType") != "Bundle":
        what = f'a {echo(str(doc.get("resourceType")))}' if isinstance(doc, dict) and "resourceType" in doc else \
            "JSON without a resourceType"
        raise RecordError(f'{origin}: not a FHIR Bundle ({what}); export the record as a Bundle (resourceType "Bundle")')
    _bundle_shape(doc, origin)
    entries = doc.get("entry") or []
    resources: list[tuple[int, str, dict[str, Any]]] = []
    notes: list[str] = []
    for position, entry in enumerate(entries, 1):
        res = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(res, dict):
            notes.append(f"entry {position}: has no resource; not used")
            continue
        kind = res.get("resourceType")
        if kind not in READ:
            continue  # a Condition, an Encounter: nothing lnnav asks about
        problem = _invalid(res)
        name = f'{kind}/{echo(str(res.get("id", "?")))}'
        if problem:
            notes.append(f"entry {position} ({name}): not valid FHIR R4: {problem}; not used")
            continue
        resources.append((position, str(entry.get("fullUrl", "")), res))
    patients = [(p, url, r) for p, url, r in resources if r["resourceType"] == "Patient"]
    if len(patients) > 1:
        listed = ", ".join(f'entry {p} (Patient/{echo(str(r.get("id", "?")))})' for p, _u, r in patients)
        raise RecordError(f"{origin}: holds {len(patients)} patients ({listed}): give lnnav one patient's record")
    patient = f'Patient/{patients[0][2].get("id", "")}' if patients else ""
    names = {patient, *(u for _p, u, _r in patients if u)} - {"", "Patient/"}
    meds = {ref: r for p, url, r in resources if r["resourceType"] == "Medication"
            for ref in (f'Medication/{r.get("id", "")}', url) if ref}
    facts: list[Fact] = []
    for position, _url, res in resources:
        facts.extend(_facts(position, res, names, meds, notes))
    return PatientRecord(origin, patient, tuple(facts), tuple(notes))


def _bundle_shape(doc: dict[str, Any], origin: str) -> None:
    """The Bundle itself, entries aside (each is validated alone, so that one bad resource loses only itself)."""
    from fhir.resources.R4B.bundle import Bundle

    shell = {k: v for k, v in doc.items() if k != "entry"}
    entries = doc.get("entry")
    if entries is not None and not isinstance(entries, list):
        raise RecordError(f'{origin}: not a valid FHIR R4 Bundle: "entry" must be a list')
    try:
        Bundle.model_validate(shell)
    except ValueError as exc:
        raise RecordError(f"{origin}: not a valid FHIR R4 Bundle: {_said(exc)}") from None


def _invalid(res: dict[str, Any]) -> str:
    """Why the library refuses a resource as FHIR R4 ("" when it takes it)."""
    from fhir.resources.R4B import get_fhir_model_class

    try:
        get_fhir_model_class(str(res["resourceType"])).model_validate(res)
    except (ValueError, KeyError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
        return _said(exc)
    return ""


def _said(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return echo(str(exc), 200)
    parts = []
    for err in errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = "not an R4 element" if err.get("type") == "extra_forbidden" else str(err.get("msg", ""))
        parts.append(f"{echo(where, 80)}: {echo(msg, 120)}" if where else echo(msg, 120))
    more = len(errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _facts(position: int, res: dict[str, Any], patients: set[str], meds: dict[str, dict[str, Any]],
           notes: list[str]) -> list[Fact]:
    kind = res["resourceType"]
    name = f'{kind}/{res.get("id", "")}'
    where = f"entry {position} ({name})"
    if kind == "Medication":
        return []
    if kind == "Patient":
        return _patient(position, name, res, notes)
    subject = (res.get("subject") or {}).get("reference", "")
    if subject and patients and subject not in patients:
        notes.append(f'{where}: is about {echo(subject)}, not {" / ".join(sorted(patients))}; not used')
        return []
    if kind == "Observation":
        return _observation(position, name, res, notes)
    return _drug(position, name, res, meds, notes)


def _patient(position: int, name: str, res: dict[str, Any], notes: list[str]) -> list[Fact]:
    out = []
    gender = res.get("gender")
    if isinstance(gender, str):
        out.append(Fact("gender", name, position, coded=((GENDER_URI, gender),)))
    born = res.get("birthDate")
    if isinstance(born, str):
        if _FULL_DATE.match(born):
            out.append(Fact("birth", name, position, concept=(AGE,), date=born[:10]))
        else:
            notes.append(f'entry {position} ({name}): birth date "{echo(born)}" is not a whole date: age not used')
    return out


def _codings(concept: Any) -> tuple[Coding, ...]:
    if not isinstance(concept, dict):
        return ()
    return tuple((str(c.get("system", "")), str(c.get("code", ""))) for c in concept.get("coding") or []
                 if isinstance(c, dict) and c.get("code"))


def _observation(position: int, name: str, res: dict[str, Any], notes: list[str]) -> list[Fact]:
    where = f"entry {position} ({name})"
    status = res.get("status", "")
    if status not in FINAL:
        notes.append(f'{where}: status "{echo(str(status))}" is not a final result; not used')
        return []
    date = _when(res)
    concept = _codings(res.get("code"))
    if "valueQuantity" in res:
        q = res["valueQuantity"]
        if q.get("comparator"):
            notes.append(f'{where}: value "{echo(str(q["comparator"]))} {q.get("value")}" is a bound, not a number; '
                         "not used")
            return []
        if q.get("value") is None:
            notes.append(f"{where}: has no value; not used")
            return []
        units = tuple(str(u) for u in (q.get("code") if q.get("system") == "http://unitsofmeasure.org" else None,
                                       q.get("unit")) if u)
        return [Fact("observation", name, position, concept, float(q["value"]), units, date=date)]
    if "valueCodeableConcept" in res:
        return [Fact("observation", name, position, concept, coded=_codings(res["valueCodeableConcept"]), date=date)]
    return [Fact("observation", name, position, concept, date=date)]  # said unusable when a question wants it


def _when(res: dict[str, Any]) -> str:
    """The day a value was measured: effective[x], else when it was issued; "" when not a whole date."""
    period = res.get("effectivePeriod") or {}
    for value in (res.get("effectiveDateTime"), res.get("effectiveInstant"), period.get("end"), period.get("start"),
                  res.get("issued"), res.get("authoredOn")):
        if isinstance(value, str) and _FULL_DATE.match(value):
            return value[:10]
    return ""


def _drug(position: int, name: str, res: dict[str, Any], meds: dict[str, dict[str, Any]],
          notes: list[str]) -> list[Fact]:
    where = f"entry {position} ({name})"
    status = res.get("status", "")
    concept = list(_codings(res.get("medicationCodeableConcept")))
    ref = (res.get("medicationReference") or {}).get("reference", "")
    if ref:
        med = meds.get(ref) or next((c for c in res.get("contained") or [] if isinstance(c, dict)
                                     and c.get("resourceType") == "Medication" and f'#{c.get("id")}' == ref), None)
        if med is None:
            notes.append(f'{where}: its medication "{echo(ref)}" is not in the Bundle; not used')
            return []
        concept += _codings(med.get("code"))
        for ing in med.get("ingredient") or []:
            concept += _codings(ing.get("itemCodeableConcept") if isinstance(ing, dict) else None)
    if status != "active":
        notes.append(f'{where}: status "{echo(str(status))}" (not active): not counted as a current drug')
        return []
    return [Fact("drug", name, position, tuple(concept), date=_when(res))]

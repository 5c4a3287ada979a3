"""lnnav.format.fhir: a FHIR R4 Bundle read into facts; a bad resource loses only itself, a bad Bundle is refused."""

from __future__ import annotations

import json

import pytest

from fhir_bundles import PATIENT, RXNORM, bundle, coded, data, drug, patient, quantity
from lnnav.base.errors import RecordError
from lnnav.format.fhir import read_bundle

pytest.importorskip("fhir.resources")


def test_the_patient_gives_gender_and_birth_date() -> None:
    rec = read_bundle(data(bundle(patient())), "r.json")
    assert rec.patient == PATIENT
    assert [(f.kind, f.coded, f.date) for f in rec.facts] == [
        ("gender", (("http://hl7.org/fhir/administrative-gender", "female"),), ""), ("birth", (), "1990-05-21")]


def test_an_observation_keeps_its_value_units_and_day() -> None:
    rec = read_bundle(data(bundle(quantity("cr", "14682-9", 115, "µmol/L", "umol/L", date="2026-05-12T08:30:00+02:00"))),
                      "r.json")
    (fact,) = rec.facts
    assert (fact.resource, fact.position, fact.value, fact.units, fact.date) == (
        "Observation/cr", 1, 115.0, ("umol/L", "µmol/L"), "2026-05-12")


def test_a_resource_that_fails_validation_is_left_out_and_named_by_position_and_id() -> None:
    bad = quantity("bad", "2160-0", 1.0, "mg/dL")
    bad["valueQuantity"]["value"] = "one"
    rec = read_bundle(data(bundle(patient(), bad, quantity("ok", "2160-0", 1.2, "mg/dL"))), "r.json")
    assert [f.resource for f in rec.facts if f.kind == "observation"] == ["Observation/ok"]
    assert rec.notes == ("entry 2 (Observation/bad): not valid FHIR R4: valueQuantity.value: Value error, Decimal "
                         "value string does not match spec regex.; not used",)


def test_an_element_r4_does_not_have_says_so() -> None:
    r5 = {"resourceType": "MedicationStatement", "id": "m", "status": "recorded", "subject": {"reference": PATIENT},
          "medication": {"concept": {"coding": [{"system": RXNORM, "code": "5521"}]}}}
    rec = read_bundle(data(bundle(r5)), "r.json")
    assert rec.facts == ()
    assert rec.notes == ("entry 1 (MedicationStatement/m): not valid FHIR R4: medication: not an R4 element; not used",)


def test_a_stopped_drug_is_not_current() -> None:
    rec = read_bundle(data(bundle(drug("tac", "42316", status="stopped"), drug("hcq", "5521"))), "r.json")
    assert [f.resource for f in rec.facts] == ["MedicationStatement/hcq"]
    assert rec.notes == ('entry 1 (MedicationStatement/tac): status "stopped" (not active): not counted as a current '
                         "drug",)


def test_a_drug_named_through_a_medication_carries_its_codes_and_its_ingredients() -> None:
    med = {"resourceType": "Medication", "id": "m1", "code": {"text": "a product"},
           "ingredient": [{"itemCodeableConcept": {"coding": [{"system": RXNORM, "code": "7145"}]}}]}
    req = {"resourceType": "MedicationRequest", "id": "r1", "status": "active", "intent": "order",
           "subject": {"reference": PATIENT}, "medicationReference": {"reference": "Medication/m1"}}
    (fact,) = read_bundle(data(bundle(med, req)), "r.json").facts
    assert (fact.kind, fact.concept) == ("drug", ((RXNORM, "7145"),))


def test_a_result_that_is_not_final_is_not_used() -> None:
    rec = read_bundle(data(bundle(quantity("p", "2160-0", 1.0, "mg/dL", status="preliminary"))), "r.json")
    assert rec.facts == () and rec.notes == ('entry 1 (Observation/p): status "preliminary" is not a final result; '
                                             "not used",)


def test_a_resource_about_another_patient_is_not_used() -> None:
    rec = read_bundle(data(bundle(patient(), quantity("x", "2160-0", 1.0, "mg/dL", subject="Patient/p2"))), "r.json")
    assert rec.notes == ("entry 2 (Observation/x): is about Patient/p2, not Patient/p1; not used",)


def test_a_coded_result_keeps_its_codes() -> None:
    (fact,) = read_bundle(data(bundle(coded("h", "5195-3", "260385009"))), "r.json").facts
    assert fact.coded == (("http://snomed.info/sct", "260385009"),)


@pytest.mark.parametrize(("text", "said"), [
    (b"{not json", "r.json:1:2: not JSON: Expecting property name enclosed in double quotes; a FHIR Bundle is JSON"),
    (b'{"resourceType": "Patient", "id": "p"}', 'r.json: not a FHIR Bundle (a Patient); export the record as a Bundle'),
    (b"[1, 2]", "r.json: not a FHIR Bundle (JSON without a resourceType)"),
    (b'{"resourceType": "Bundle", "type": "collection", "entry": {}}', 'r.json: not a valid FHIR R4 Bundle: "entry" must'),
    (b'{"resourceType": "Bundle", "type": "collection", "issues": {}}', "r.json: not a valid FHIR R4 Bundle: issues: not an R4 "
                                                                     "element"),
    (b"\xff\xfe", "r.json: not UTF-8 text (byte 0)"),
])
def test_a_file_that_is_not_an_r4_bundle_is_refused_whole(text: bytes, said: str) -> None:
    with pytest.raises(RecordError) as exc:
        read_bundle(text, "r.json")
    assert exc.value.message.startswith(said), exc.value.message


def test_a_bundle_of_two_patients_is_refused() -> None:
    with pytest.raises(RecordError) as exc:
        read_bundle(data(bundle(patient(), patient(rid="p2"))), "r.json")
    assert exc.value.message == ("r.json: holds 2 patients (entry 1 (Patient/p1), entry 2 (Patient/p2)): give lnnav one "
                                 "patient's record")


def test_resources_lnnav_does_not_ask_about_are_passed_over_silently() -> None:
    condition = {"resourceType": "Condition", "id": "c", "subject": {"reference": PATIENT}, "code": {"text": "LN"}}
    rec = read_bundle(json.dumps(bundle(condition)).encode(), "r.json")
    assert (rec.facts, rec.notes) == ((), ())

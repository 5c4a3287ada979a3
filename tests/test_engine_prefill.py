"""lnnav.engine.prefill: which questions a record answers, with what, and every value it does not use, said."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import ROOT
from fhir_bundles import LOINC, SNOMED, bundle, coded, data, drug, full_record, patient, quantity
from lnnav.engine.prefill import Prefill, age_on, prefill
from lnnav.engine.walk import Origin
from lnnav.format.fhir import read_bundle
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Guideline
from lnnav.model.units import Measured

pytest.importorskip("fhir.resources")
TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def g() -> Guideline:
    return load_or_raise(ROOT / "tests" / "data" / "record")


def filled(g: Guideline, doc: dict[str, Any], today: dt.date = TODAY) -> Prefill:
    return prefill(g, read_bundle(data(doc), "r.json"), today)


def test_a_full_record_answers_every_mapped_question_and_nothing_else(g: Guideline) -> None:
    got = filled(g, full_record())
    assert {q: p.value for q, p in got.answers.items()} == {
        "sex": "female", "age": 35.0, "drugs": ("mpa", "hcq"), "egfr": 52.0,
        "creat": Measured(1.30088, "115 umol/L"), "hbsag": "negative", "flare_creat": Measured(1.30088, "115 umol/L")}
    assert "situation" not in got.answers and got.notes == ()


def test_each_answer_says_the_resources_and_the_day_it_came_from(g: Guideline) -> None:
    got = filled(g, full_record())
    assert got.answers["creat"].origin == Origin("record", ("Observation/cr-1",), "2026-05-12")
    assert got.answers["drugs"].origin == Origin("record", ("MedicationStatement/ms-mpa", "MedicationRequest/mr-hcq"))
    assert got.answers["creat"].shown == "115 umol/L = 1.301 mg/dL"


def test_age_is_counted_in_whole_years_to_the_day(g: Guideline) -> None:
    assert age_on("1990-05-20", TODAY) == 36
    assert age_on("1990-05-21", TODAY) == 35
    assert filled(g, bundle(patient(born="2000-01-01"))).answers["age"].value == 26.0


def test_a_value_older_than_the_maximum_age_does_not_answer(g: Guideline) -> None:
    got = filled(g, bundle(quantity("old", "2160-0", 0.9, "mg/dL", date="2026-04-19")))
    assert "creat" not in got.answers
    assert got.notes == ('entry 1 (Observation/old): measured 2026-04-19, more than 30 days ago: too old to answer '
                         '"creat" (Current serum creatinine); not used',)


def test_the_latest_value_wins_and_an_older_one_is_not_said(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 0.9, "mg/dL", date="2026-05-01"),
                           quantity("b", "2160-0", 1.4, "mg/dL", date="2026-05-15")))
    assert (got.answers["creat"].value, got.notes) == (1.4, ())


def test_two_different_values_on_the_latest_day_answer_nothing(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 0.9, "mg/dL"), quantity("b", "14682-9", 150, "umol/L", "umol/L")))
    assert "creat" not in got.answers
    assert got.notes == ('"creat" (Current serum creatinine): the record holds different values on 2026-05-12 '
                         "(entry 1 (Observation/a): 0.9, entry 2 (Observation/b): 150 umol/L); none used",)


def test_the_same_value_twice_on_a_day_is_no_conflict(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 1.2, "mg/dL"), quantity("b", "2160-0", 1.2, "mg/dL")))
    assert got.answers["creat"].value == 1.2


def test_a_value_in_a_unit_the_question_does_not_accept_is_not_used(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 0.1, "mmol/L", "mmol/L")))
    assert "creat" not in got.answers
    assert got.notes == ('entry 1 (Observation/a): unit "mmol/L / mmol/L" is not one "creat" accepts (mg/dL, umol/L); '
                         "not used",)


def test_a_value_out_of_the_questions_range_is_not_used(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 45, "mg/dL")))
    assert got.notes == ('entry 1 (Observation/a): 45 for "creat": 45 mg/dL is out of range: enter 0.1 to 20 mg/dL; '
                         "not used",)


def test_a_value_dated_after_today_is_not_used(g: Guideline) -> None:
    got = filled(g, bundle(quantity("a", "2160-0", 1.0, "mg/dL", date="2026-06-01")))
    assert got.notes == ('entry 1 (Observation/a): dated 2026-06-01, after today; not used for "creat"',)


def test_a_ucum_annotation_that_is_part_of_the_unit_is_read(g: Guideline) -> None:
    got = filled(g, bundle(quantity("e", "33914-3", 61, "mL/min", "mL/min/{1.73_m2}")))
    assert got.answers["egfr"].value == 61.0


def test_a_coded_result_chooses_its_option(g: Guideline) -> None:
    assert filled(g, bundle(coded("h", "5195-3", "10828004"))).answers["hbsag"].value == "positive"


def test_a_coded_result_no_option_maps_is_said(g: Guideline) -> None:
    got = filled(g, bundle(coded("h", "5195-3", "82334004")))
    assert got.notes == ('entry 1 (Observation/h): http://snomed.info/sct 82334004 matches no option of "hbsag" (HBsAg); '
                         "not used",)


def test_drugs_tick_every_option_an_active_drug_codes(g: Guideline) -> None:
    got = filled(g, bundle(drug("a", "42316"), drug("b", "1256")))
    assert got.answers["drugs"].value == ("tac",)


def test_no_mapped_drug_leaves_the_drug_question_to_ask(g: Guideline) -> None:
    assert "drugs" not in filled(g, bundle(drug("b", "1256"))).answers


def test_a_question_the_same_as_another_takes_its_value_and_says_nothing_twice(g: Guideline) -> None:
    got = filled(g, bundle(quantity("old", "2160-0", 0.9, "mg/dL", date="2020-01-01")))
    assert len(got.notes) == 1 and "flare_creat" not in got.answers


# The bundled guideline: an option that needs two coded results (HBsAg and anti-HBc), and a record value
# (pregnancy status) that answers one option of a question and leaves every other answer to be asked.
HBSAG, ANTI_HBC, ANTI_HBC_EIA, PREGNANCY = "5195-3", "16933-4", "13952-7", "82810-3"
POSITIVE, NEGATIVE = "10828004", "260385009"


@pytest.fixture(scope="module")
def bundled() -> Guideline:
    return load_or_raise(ROOT / "guidelines" / "lupus-nephritis")


def about(got: Prefill, question: str) -> list[str]:
    return [n for n in got.notes if f'"{question}"' in n]


def test_hbsag_positive_alone_is_hepatitis_b_whatever_anti_hbc_says(bundled: Guideline) -> None:
    assert filled(bundled, bundle(coded("s", HBSAG, POSITIVE))).answers["hbv_status"].value == "hbsag_positive"
    got = filled(bundled, bundle(coded("s", HBSAG, POSITIVE), coded("c", ANTI_HBC, POSITIVE)))
    assert got.answers["hbv_status"].value == "hbsag_positive"
    assert got.answers["hbv_status"].origin == Origin("record", ("Observation/s",), "2026-05-12")


def test_hbsag_negative_with_anti_hbc_positive_is_a_past_infection(bundled: Guideline) -> None:
    got = filled(bundled, bundle(coded("s", HBSAG, NEGATIVE, date="2026-05-02"), coded("c", ANTI_HBC, POSITIVE)))
    assert got.answers["hbv_status"].value == "core_only"
    # both results are named, and the answer is dated by the older of the two
    assert got.answers["hbv_status"].origin == Origin("record", ("Observation/s", "Observation/c"), "2026-05-02")


def test_both_negative_by_either_anti_hbc_code_is_negative(bundled: Guideline) -> None:
    got = filled(bundled, bundle(coded("s", HBSAG, NEGATIVE), coded("c", ANTI_HBC_EIA, NEGATIVE)))
    assert got.answers["hbv_status"].value == "negative"


@pytest.mark.parametrize("code", [HBSAG, ANTI_HBC])
def test_a_negative_result_alone_leaves_the_hepatitis_b_question_asked(bundled: Guideline, code: str) -> None:
    got = filled(bundled, bundle(coded("x", code, NEGATIVE)))
    assert "hbv_status" not in got.answers
    assert about(got, "hbv_status") == [
        '"hbv_status" (Hepatitis B screening result (HBsAg and anti-HBc)): the record\'s results (entry 1 '
        "(Observation/x): http://snomed.info/sct 260385009) answer no option of it on their own; it is asked"]


def test_anti_hbc_positive_without_hbsag_is_not_enough(bundled: Guideline) -> None:
    assert "hbv_status" not in filled(bundled, bundle(coded("c", ANTI_HBC, POSITIVE))).answers


def test_a_hepatitis_b_result_older_than_its_maximum_age_is_not_used(bundled: Guideline) -> None:
    got = filled(bundled, bundle(coded("s", HBSAG, NEGATIVE, date="2025-05-19"), coded("c", ANTI_HBC, NEGATIVE)))
    assert "hbv_status" not in got.answers
    assert about(got, "hbv_status")[0] == (
        'entry 1 (Observation/s): measured 2025-05-19, more than 365 days ago: too old to answer "hbv_status" '
        "(Hepatitis B screening result (HBsAg and anti-HBc)); not used")


def test_two_different_hbsag_results_on_the_latest_day_answer_nothing(bundled: Guideline) -> None:
    got = filled(bundled, bundle(coded("a", HBSAG, POSITIVE), coded("b", HBSAG, NEGATIVE), coded("c", ANTI_HBC, NEGATIVE)))
    assert "hbv_status" not in got.answers
    assert "the record holds different values on 2026-05-12" in about(got, "hbv_status")[0]


def test_a_result_no_option_needs_is_said(bundled: Guideline) -> None:
    got = filled(bundled, bundle(coded("s", HBSAG, "82334004"), coded("c", ANTI_HBC, NEGATIVE)))  # indeterminate
    assert "hbv_status" not in got.answers
    assert about(got, "hbv_status")[0] == (
        'entry 1 (Observation/s): http://snomed.info/sct 82334004 is no result an option of "hbv_status" '
        "(Hepatitis B screening result (HBsAg and anti-HBc)) needs; not used")


@pytest.mark.parametrize(("value", "system"), [("LA15173-0", LOINC), ("77386006", SNOMED)])
def test_a_pregnancy_status_of_pregnant_answers_pregnant_now(bundled: Guideline, value: str, system: str) -> None:
    got = filled(bundled, bundle(patient(), coded("p", PREGNANCY, value, system=system)))
    assert got.answers["pregnancy"].value == "pregnant_now"
    assert got.answers["pregnancy"].origin == Origin("record", ("Observation/p",), "2026-05-12")


def test_not_pregnant_says_nothing_of_a_pregnancy_possible_or_planned(bundled: Guideline) -> None:
    got = filled(bundled, bundle(patient(), coded("p", PREGNANCY, "LA26683-5", system=LOINC)))
    assert "pregnancy" not in got.answers
    assert about(got, "pregnancy") == ['entry 2 (Observation/p): http://loinc.org LA26683-5 matches no option of '
                                       '"pregnancy" (Is a pregnancy possible or planned?); not used']


def test_a_pregnancy_status_older_than_its_maximum_age_is_not_used(bundled: Guideline) -> None:
    got = filled(bundled, bundle(patient(), coded("p", PREGNANCY, "LA15173-0", date="2026-04-19", system=LOINC)))
    assert "pregnancy" not in got.answers
    assert "more than 30 days ago" in about(got, "pregnancy")[0]

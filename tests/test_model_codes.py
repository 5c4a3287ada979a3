"""lnnav.model.codes: a code's form and check digit, for each known code system."""

from __future__ import annotations

import pytest

from lnnav.model.codes import Code, code_problem, is_loinc_answer, loinc_check_digit, verhoeff_valid


@pytest.mark.parametrize("code", ["2160-0", "14682-9", "33914-3", "98979-8", "62238-1", "2890-2", "5195-3", "30525-0"])
def test_published_loinc_codes_pass_their_check_digit(code: str) -> None:
    assert code_problem(Code("loinc", code)) == ""


def test_a_loinc_code_with_a_mistyped_digit_is_caught_by_its_check_digit() -> None:
    assert loinc_check_digit("2160") == 0
    assert code_problem(Code("loinc", "2161-0")) == 'LOINC code "2161-0" has a wrong check digit (for 2161 it is 8)'


def test_a_loinc_code_must_have_its_check_digit() -> None:
    assert code_problem(Code("loinc", "2160")) == 'LOINC code "2160" is not of the form NNNNN-N'


@pytest.mark.parametrize(("code", "valid"), [("10828004", True), ("260385009", True), ("10828005", False)])
def test_snomed_ids_end_in_a_verhoeff_check_digit(code: str, valid: bool) -> None:
    assert verhoeff_valid(code) is valid


def test_an_rxcui_is_digits() -> None:
    assert code_problem(Code("rxnorm", "7145")) == ""
    assert code_problem(Code("rxnorm", "MMF")) == 'RxNorm code "MMF" must be digits (an RxCUI)'


def test_an_unknown_code_system_is_named_with_the_known_ones() -> None:
    assert code_problem(Code("icd10", "M32.1")) == ('unknown code system "icd10"; known: loinc, rxnorm, snomed, '
                                                   "administrative-gender")


def test_administrative_gender_takes_only_its_four_codes() -> None:
    assert code_problem(Code("administrative-gender", "female")) == ""
    assert "is not an administrative gender" in code_problem(Code("administrative-gender", "f"))


def test_a_loinc_answer_code_is_checked_for_its_form_only() -> None:
    assert code_problem(Code("loinc", "LA15173-0")) == ""  # Pregnant
    assert code_problem(Code("loinc", "LA26683-5")) == ""  # Not pregnant
    assert code_problem(Code("loinc", "LA15173")) == 'LOINC code "LA15173" is not of the form NNNNN-N'
    assert is_loinc_answer(Code("loinc", "LA15173-0")) and not is_loinc_answer(Code("loinc", "82810-3"))


@pytest.mark.parametrize("code", ["82810-3", "16933-4", "13952-7"])
def test_the_pregnancy_status_and_anti_hbc_codes_pass_their_check_digit(code: str) -> None:
    assert code_problem(Code("loinc", code)) == ""


@pytest.mark.parametrize("code", ["77386006"])
def test_the_snomed_pregnant_finding_passes_its_check_digit(code: str) -> None:
    assert verhoeff_valid(code)

"""Numbers as people type them: decimal commas, other units, plausibility."""

from __future__ import annotations

import pytest

from lnnav.model.guideline import NumericQuestion, UnitAlt
from lnnav.model.units import Measured, implausible, parse_number, read_number, shown

CREAT = NumericQuestion("creat", "Serum creatinine", "mg/dL", 0.1, 20, (), units=(UnitAlt("umol/L", 0.011312),),
                        typical=(0.3, 8))
PCR = NumericQuestion("pcr", "Protein/creatinine ratio", "g/g", 0, 30, (),
                      units=(UnitAlt("mg/g", 0.001), UnitAlt("mg/mmol", 0.00884)), typical=(0.05, 15))


@pytest.mark.parametrize("typed", ["115 umol/L", "115 µmol/L", "115 μmol/L", "115umol/l", "115 UMOL/L", "115,0 umol/L"])
def test_other_units_are_converted_to_the_canonical_one(typed: str) -> None:
    got = read_number(CREAT, typed)
    assert isinstance(got, Measured)
    assert got.value == pytest.approx(1.30088)
    assert parse_number(CREAT, typed) == got.value


@pytest.mark.parametrize(("typed", "value"), [("1,3", 1.3), ("1.3", 1.3), (" 1.3 mg/dL ", 1.3), ("1,3 MG/DL", 1.3)])
def test_a_bare_number_or_the_canonical_unit_is_taken_as_is(typed: str, value: float) -> None:
    assert read_number(CREAT, typed) == value


def test_an_unknown_unit_lists_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match=r'^unknown unit "mmol/L" for this question; accepted: mg/dL, umol/L$'):
        read_number(CREAT, "115 mmol/L")


def test_a_converted_value_out_of_range_says_both_values() -> None:
    with pytest.raises(ValueError) as info:
        read_number(CREAT, "5000 umol/L")
    assert str(info.value) == "5000 umol/L = 56.56 mg/dL: 56.56 mg/dL is out of range: enter 0.1 to 20 mg/dL"


def test_output_shows_what_was_typed_and_the_converted_value() -> None:
    got = read_number(CREAT, "115 µmol/L")
    assert isinstance(got, Measured)
    assert shown(CREAT, got.value, got.typed) == "115 µmol/L = 1.301 mg/dL"
    assert shown(CREAT, 1.3) == "1.3 mg/dL"


def test_a_value_outside_the_typical_range_suggests_the_unit_meant() -> None:
    assert implausible(PCR, 26.0) == ("26 g/g is unusually high for this question (typical 0.05 to 15 g/g); "
                                      "did you mean mg/mmol?")
    low = read_number(PCR, "2.6 mg/g")
    assert isinstance(low, Measured)
    assert implausible(PCR, low.value, low.typed) == ("2.6 mg/g is unusually low for this question "
                                                      "(typical 0.05 to 15 g/g); did you mean g/g?")
    assert implausible(PCR, 2.6) == ""


def test_a_question_without_a_typical_range_never_warns() -> None:
    plain = CREAT._replace(typical=None)
    assert implausible(plain, 19.0) == ""


@pytest.mark.parametrize("typed", ["1_000", "1 000", "2_5 mg/dL"])
def test_digits_written_in_groups_are_not_a_number_rather_than_a_unit(typed: str) -> None:
    with pytest.raises(ValueError) as info:
        read_number(CREAT, typed)
    assert f'"{typed}" is not a number' in str(info.value) and "unknown unit" not in str(info.value)


def test_a_huge_unknown_unit_is_echoed_cut_short() -> None:
    with pytest.raises(ValueError) as info:
        read_number(CREAT, "4 " + "x" * 100_000)
    assert len(str(info.value)) < 200
    assert 'unknown unit "' + "x" * 40 + '... (100,000 characters)"' in str(info.value)

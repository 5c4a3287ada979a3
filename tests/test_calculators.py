"""Calculator thresholds, tested just below, at and just above every boundary."""

from __future__ import annotations

import pytest

from lnnav.calculators import (
    REGISTRY,
    cumulative_cyclophosphamide,
    flare_severity,
    response_category,
)


def resp(base_p: float, cur_p: float, base_c: float = 1.0, cur_c: float = 1.0, months: float = 6.0) -> str:
    return response_category({
        "baseline_upcr": base_p, "current_upcr": cur_p,
        "baseline_creatinine": base_c, "current_creatinine": cur_c, "months": months,
    }).category


def flare(base_c: float, cur_c: float, base_p: float = 200.0, cur_p: float = 200.0) -> str:
    return flare_severity({
        "baseline_creatinine": base_c, "current_creatinine": cur_c,
        "baseline_upcr": base_p, "current_upcr": cur_p,
    }).category


def cyc(courses: float, other: float) -> str:
    return cumulative_cyclophosphamide({"euro_lupus_courses": courses, "other_grams": other}).category


# --- registry ----------------------------------------------------------------------

def test_registry_lists_the_three_calculators_with_their_categories() -> None:
    assert REGISTRY["response_category"].categories == ("complete", "partial", "none")
    assert REGISTRY["flare_severity"].categories == ("severe", "moderate", "below_moderate")
    assert REGISTRY["cumulative_cyclophosphamide"].categories == ("below_ceiling", "near_or_above_ceiling")


def test_flare_severity_takes_proteinuria_in_mg_per_g_and_creatinine_in_mg_per_dl() -> None:
    units = {p.name: p.unit for p in REGISTRY["flare_severity"].params}
    assert units == {"baseline_creatinine": "mg/dL", "current_creatinine": "mg/dL",
                     "baseline_upcr": "mg/g", "current_upcr": "mg/g"}


# --- response_category: complete threshold 0.5 g/g ---------------------------------

def test_response_is_complete_just_below_half_a_gram() -> None:
    assert resp(4.0, 0.49) == "complete"


def test_response_is_not_complete_at_exactly_half_a_gram() -> None:
    assert resp(4.0, 0.5) == "partial"


def test_response_is_not_complete_just_above_half_a_gram() -> None:
    assert resp(4.0, 0.51) == "partial"


def test_complete_response_needs_no_minimum_fall() -> None:
    assert resp(0.6, 0.45) == "complete"


# --- response_category: partial needs a >= 50% fall ----------------------------------

def test_response_is_none_when_proteinuria_fell_just_under_half() -> None:
    assert resp(2.0, 1.002) == "none"


def test_response_is_partial_when_proteinuria_fell_exactly_half() -> None:
    assert resp(2.0, 1.0) == "partial"


def test_response_is_partial_when_proteinuria_fell_just_over_half() -> None:
    assert resp(2.0, 0.998) == "partial"


# --- response_category: partial needs < 3 g/g ---------------------------------------

def test_partial_response_just_below_three_grams() -> None:
    assert resp(8.0, 2.99) == "partial"


def test_no_partial_response_at_exactly_three_grams_even_after_a_large_fall() -> None:
    assert resp(8.0, 3.0) == "none"


def test_no_partial_response_just_above_three_grams() -> None:
    assert resp(8.0, 3.01) == "none"


# --- response_category: kidney function tolerance 15% -------------------------------

def test_creatinine_rise_just_under_fifteen_percent_counts_as_stable() -> None:
    assert resp(4.0, 0.3, base_c=2.0, cur_c=2.298) == "complete"


def test_creatinine_rise_of_exactly_fifteen_percent_counts_as_stable() -> None:
    assert resp(4.0, 0.3, base_c=2.0, cur_c=2.3) == "complete"


def test_creatinine_rise_just_over_fifteen_percent_means_no_response() -> None:
    assert resp(4.0, 0.3, base_c=2.0, cur_c=2.302) == "none"


def test_falling_creatinine_counts_as_improved() -> None:
    assert resp(4.0, 1.5, base_c=2.0, cur_c=1.2) == "partial"


def test_creatinine_rise_between_ten_and_fifteen_percent_is_flagged_in_a_note() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 0.3, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.12, "months": 6.0})
    assert r.category == "complete"
    assert any("10-15%" in n for n in r.notes)


# --- response_category: notes on timing (EULAR milestones, KDIGO 6-12 months) --------

def test_reading_before_six_months_is_noted_as_early() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 3.5, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 5.9})
    assert any("early reading" in n for n in r.notes)


def test_reading_at_six_months_is_not_noted_as_early() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 3.5, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 6.0})
    assert not any("early reading" in n for n in r.notes)


def test_no_milestone_note_just_before_three_months() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 3.5, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 2.9})
    assert not any("milestone" in n for n in r.notes)


def test_three_month_milestone_of_25_percent_is_met_at_exactly_25_percent() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 3.0, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 3.0})
    assert any("25% fall by month 3: met" in n for n in r.notes)


def test_three_month_milestone_is_not_met_just_under_25_percent() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 3.01, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 3.1})
    assert any("25% fall by month 3: not met" in n for n in r.notes)


def test_six_month_milestone_of_50_percent_applies_from_month_six() -> None:
    r = response_category({"baseline_upcr": 4.0, "current_upcr": 2.1, "baseline_creatinine": 1.0,
                           "current_creatinine": 1.0, "months": 6.0})
    assert any("50% fall by month 6: not met" in n for n in r.notes)


def test_twelve_month_note_appears_at_twelve_months_without_complete_response() -> None:
    below = response_category({"baseline_upcr": 4.0, "current_upcr": 1.0, "baseline_creatinine": 1.0,
                               "current_creatinine": 1.0, "months": 11.9})
    at = response_category({"baseline_upcr": 4.0, "current_upcr": 1.0, "baseline_creatinine": 1.0,
                            "current_creatinine": 1.0, "months": 12.0})
    assert not any("by 12 months" in n for n in below.notes)
    assert any("by 12 months" in n for n in at.notes)


def test_zero_baseline_proteinuria_does_not_crash() -> None:
    assert resp(0.0, 0.2) == "complete"
    assert resp(0.0, 0.8) == "none"


# --- flare_severity: creatinine, baseline < 2.0 mg/dL ---------------------------------

def test_creatinine_rise_just_below_0_2_is_below_moderate() -> None:
    assert flare(1.0, 1.19) == "below_moderate"


def test_creatinine_rise_of_exactly_0_2_is_moderate() -> None:
    assert flare(1.0, 1.2) == "moderate"


def test_creatinine_rise_just_above_0_2_is_moderate() -> None:
    assert flare(1.0, 1.21) == "moderate"


def test_creatinine_rise_of_exactly_1_0_from_low_baseline_is_moderate() -> None:
    assert flare(1.0, 2.0) == "moderate"


def test_creatinine_rise_just_below_1_0_from_low_baseline_is_moderate() -> None:
    assert flare(1.0, 1.99) == "moderate"


def test_creatinine_rise_just_above_1_0_from_low_baseline_is_severe() -> None:
    assert flare(1.0, 2.01) == "severe"


def test_falling_creatinine_is_below_moderate() -> None:
    assert flare(1.5, 1.2) == "below_moderate"


# --- flare_severity: the 2.0 mg/dL baseline split --------------------------------------

def test_baseline_just_below_2_uses_the_low_baseline_rows() -> None:
    assert flare(1.99, 2.29) == "moderate"  # rise 0.30: >= 0.20


def test_baseline_of_exactly_2_uses_the_high_baseline_rows() -> None:
    assert flare(2.0, 2.3) == "below_moderate"  # rise 0.30: < 0.40


def test_baseline_just_above_2_uses_the_high_baseline_rows() -> None:
    assert flare(2.01, 2.31) == "below_moderate"


# --- flare_severity: creatinine, baseline >= 2.0 mg/dL --------------------------------

def test_high_baseline_rise_just_below_0_4_is_below_moderate() -> None:
    assert flare(2.5, 2.89) == "below_moderate"


def test_high_baseline_rise_of_exactly_0_4_is_moderate() -> None:
    assert flare(2.5, 2.9) == "moderate"


def test_high_baseline_rise_just_above_0_4_is_moderate() -> None:
    assert flare(2.5, 2.91) == "moderate"


def test_high_baseline_rise_just_below_1_5_is_moderate() -> None:
    assert flare(2.5, 3.99) == "moderate"


def test_high_baseline_rise_of_exactly_1_5_is_moderate() -> None:
    assert flare(2.5, 4.0) == "moderate"


def test_high_baseline_rise_just_above_1_5_is_severe() -> None:
    assert flare(2.5, 4.01) == "severe"


# --- flare_severity: uPCR from a baseline < 500 mg/g ----------------------------------

def test_upcr_from_low_baseline_just_below_1000_is_below_moderate() -> None:
    assert flare(1.0, 1.0, 300.0, 999.0) == "below_moderate"


def test_upcr_from_low_baseline_reaching_exactly_1000_is_moderate() -> None:
    assert flare(1.0, 1.0, 300.0, 1000.0) == "moderate"


def test_upcr_from_low_baseline_just_above_1000_is_moderate() -> None:
    assert flare(1.0, 1.0, 300.0, 1001.0) == "moderate"


def test_upcr_baseline_just_below_500_uses_the_1000_target() -> None:
    assert flare(1.0, 1.0, 499.0, 1000.0) == "moderate"


def test_upcr_baseline_of_exactly_500_uses_the_2000_target() -> None:
    assert flare(1.0, 1.0, 500.0, 1999.0) == "below_moderate"
    assert flare(1.0, 1.0, 500.0, 2000.0) == "moderate"


# --- flare_severity: uPCR from a baseline of 500-1000 mg/g -----------------------------

def test_upcr_from_mid_baseline_just_below_2000_is_below_moderate() -> None:
    assert flare(1.0, 1.0, 800.0, 1999.0) == "below_moderate"


def test_upcr_from_mid_baseline_reaching_exactly_2000_is_moderate() -> None:
    assert flare(1.0, 1.0, 800.0, 2000.0) == "moderate"


def test_upcr_from_mid_baseline_just_above_2000_is_moderate() -> None:
    assert flare(1.0, 1.0, 800.0, 2001.0) == "moderate"


def test_upcr_baseline_of_exactly_1000_still_uses_the_2000_target() -> None:
    assert flare(1.0, 1.0, 1000.0, 1999.0) == "below_moderate"
    assert flare(1.0, 1.0, 1000.0, 2000.0) == "moderate"


def test_upcr_baseline_just_above_1000_uses_doubling() -> None:
    assert flare(1.0, 1.0, 1001.0, 2001.0) == "below_moderate"
    assert flare(1.0, 1.0, 1001.0, 2002.0) == "moderate"


# --- flare_severity: uPCR from a baseline > 1000 mg/g (2-fold) -------------------------

def test_upcr_just_below_doubling_is_below_moderate() -> None:
    assert flare(1.0, 1.0, 1500.0, 2999.0) == "below_moderate"


def test_upcr_exactly_doubled_is_moderate() -> None:
    assert flare(1.0, 1.0, 1500.0, 3000.0) == "moderate"


def test_upcr_just_above_doubling_is_moderate() -> None:
    assert flare(1.0, 1.0, 1500.0, 3001.0) == "moderate"


# --- flare_severity: the 5000 mg/g moderate ceiling and the > 5000 severe increase ----

def test_upcr_just_below_the_5000_ceiling_is_moderate_without_a_gap_note() -> None:
    r = flare_severity({"baseline_creatinine": 1.0, "current_creatinine": 1.0,
                        "baseline_upcr": 800.0, "current_upcr": 4999.0})
    assert r.category == "moderate"
    assert not any("between its moderate and severe rows" in n for n in r.notes)


def test_upcr_at_the_5000_ceiling_with_rise_not_above_5000_is_moderate_with_a_gap_note() -> None:
    r = flare_severity({"baseline_creatinine": 1.0, "current_creatinine": 1.0,
                        "baseline_upcr": 800.0, "current_upcr": 5000.0})
    assert r.category == "moderate"
    assert any("between its moderate and severe rows" in n for n in r.notes)


def test_upcr_increase_just_below_5000_is_not_severe() -> None:
    assert flare(1.0, 1.0, 800.0, 5799.0) == "moderate"


def test_upcr_increase_of_exactly_5000_is_not_severe() -> None:
    assert flare(1.0, 1.0, 800.0, 5800.0) == "moderate"


def test_upcr_increase_just_above_5000_is_severe() -> None:
    assert flare(1.0, 1.0, 800.0, 5801.0) == "severe"


def test_upcr_increase_above_5000_is_severe_from_a_low_baseline() -> None:
    assert flare(1.0, 1.0, 200.0, 5201.0) == "severe"
    assert flare(1.0, 1.0, 200.0, 5200.0) == "moderate"


# --- flare_severity: combining creatinine and proteinuria ------------------------------

def test_the_higher_of_creatinine_and_proteinuria_grades_wins() -> None:
    assert flare(1.0, 2.5, 300.0, 1200.0) == "severe"  # creatinine severe, uPCR moderate
    assert flare(1.0, 1.3, 300.0, 6000.0) == "severe"  # creatinine moderate, uPCR severe
    assert flare(1.0, 1.0, 300.0, 1200.0) == "moderate"


def test_below_moderate_result_says_the_sediment_decides_mild() -> None:
    r = flare_severity({"baseline_creatinine": 1.0, "current_creatinine": 1.1,
                        "baseline_upcr": 300.0, "current_upcr": 600.0})
    assert r.category == "below_moderate"
    assert any("sediment" in n for n in r.notes)


# --- cumulative_cyclophosphamide: ceiling ~36 g, near = one 3 g course away -----------

def test_euro_lupus_courses_count_three_grams_each() -> None:
    r = cumulative_cyclophosphamide({"euro_lupus_courses": 2, "other_grams": 4.5})
    assert ("cumulative total", "10.5 g") in r.values


def test_total_just_below_33_grams_is_below_ceiling() -> None:
    assert cyc(0, 32.9) == "below_ceiling"


def test_total_of_exactly_33_grams_is_near_the_ceiling() -> None:
    assert cyc(11, 0) == "near_or_above_ceiling"


def test_total_just_above_33_grams_is_near_the_ceiling() -> None:
    assert cyc(1, 30.1) == "near_or_above_ceiling"


def test_total_at_and_above_36_grams_is_near_or_above_and_noted() -> None:
    at = cumulative_cyclophosphamide({"euro_lupus_courses": 0, "other_grams": 36.0})
    below = cumulative_cyclophosphamide({"euro_lupus_courses": 0, "other_grams": 35.9})
    assert at.category == below.category == "near_or_above_ceiling"
    assert any("at or above 36 g" in n for n in at.notes)
    assert not any("at or above 36 g" in n for n in below.notes)


def test_no_cyclophosphamide_is_below_ceiling() -> None:
    assert cyc(0, 0) == "below_ceiling"


@pytest.mark.parametrize("courses, other", [(10, 2.9), (5, 17.9)])
def test_mixed_courses_just_under_33_grams_are_below_ceiling(courses: float, other: float) -> None:
    assert cyc(courses, other) == "below_ceiling"

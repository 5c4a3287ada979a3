"""Named calculators: pure functions from numeric answers to a category.

A guideline's calculator node names one of these, maps its parameters to numeric
questions asked earlier, and branches on the category it returns. Thresholds
live here, next to their source, and are unit-tested at every boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from lnnav.model import fmt_num


class Param(NamedTuple):
    name: str
    unit: str
    label: str


class Result(NamedTuple):
    """What a calculator found, and why: shown on the outcome and in explanations."""

    category: str
    values: tuple[tuple[str, str], ...]
    rule: str
    definition: str
    notes: tuple[str, ...] = ()


class CalculatorSpec(NamedTuple):
    name: str
    title: str
    params: tuple[Param, ...]
    categories: tuple[str, ...]
    compute: Callable[[Mapping[str, float]], Result]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _pct_change(baseline: float, current: float) -> float:
    """Percent change from baseline, rounded to 6 decimals so that a value typed
    exactly at a threshold (2.0 -> 2.3 is +15%) is not pushed across it by
    binary floating point."""
    if baseline == 0:
        return 0.0 if current == 0 else float("inf")
    return round((current - baseline) / baseline * 100.0, 6)


def _diff(baseline: float, current: float) -> float:
    """current - baseline, rounded to 6 decimals (1.2 - 1.0 is 0.2, not 0.19999...)."""
    return round(current - baseline, 6)


# --- response_category ----------------------------------------------------------
# KDIGO 2024 (brief §1.1, R40 S): kidney function "stable or improved" is stated as
# within +/-10-15% of baseline. The guideline gives a band, not one number; we take the
# wider bound (creatinine no more than 15% above baseline counts as stable) so that a
# patient is never called a non-responder on the narrower reading alone, and the
# definition shown with every result says so. A fall in creatinine is "improved".
KIDNEY_FUNCTION_TOLERANCE_PCT = 15.0
COMPLETE_UPCR = 0.5  # g/g on 24-h PCR, KDIGO 2024 (R40 S)
PARTIAL_UPCR_CEILING = 3.0  # g/g, KDIGO 2024 (R40 S)
PARTIAL_REDUCTION_PCT = 50.0  # KDIGO 2024 (R40 S)
EULAR_MILESTONES = ((3.0, 25.0), (6.0, 50.0))  # (months, % fall in proteinuria), R43 V


def response_category(v: Mapping[str, float]) -> Result:
    """KDIGO 2024 complete / partial / no response, with the EULAR 2019 milestones.

    complete: current 24-h PCR < 0.5 g/g and creatinine at most 15% above baseline;
    partial: PCR fell by at least 50% and is < 3 g/g, creatinine at most 15% above baseline;
    none: anything else (including creatinine more than 15% above baseline).
    """
    base_p, cur_p = v["baseline_upcr"], v["current_upcr"]
    base_c, cur_c = v["baseline_creatinine"], v["current_creatinine"]
    months = v["months"]
    fall = -_pct_change(base_p, cur_p) if base_p > 0 else 0.0
    creat_change = _pct_change(base_c, cur_c)
    stable = creat_change <= KIDNEY_FUNCTION_TOLERANCE_PCT
    values = (
        ("proteinuria change", f"{fmt_num(base_p)} -> {fmt_num(cur_p)} g/g ({-fall:+.0f}%)"),
        ("creatinine change", f"{fmt_num(base_c)} -> {fmt_num(cur_c)} mg/dL ({creat_change:+.0f}%)"),
        ("months on therapy", fmt_num(months)),
    )
    definition = (
        "KDIGO 2024: complete = 24-h PCR < 0.5 g/g with stable or improved kidney function; "
        "partial = fall of at least 50% and to < 3 g/g with stable or improved kidney function "
        f"(stable taken as creatinine no more than {fmt_num(KIDNEY_FUNCTION_TOLERANCE_PCT)}% above baseline, "
        "the wider end of KDIGO's 10-15% band)"
    )
    if not stable:
        category = "none"
        rule = f"creatinine rose {creat_change:.0f}% (> {fmt_num(KIDNEY_FUNCTION_TOLERANCE_PCT)}%): not stable"
    elif cur_p < COMPLETE_UPCR:
        category, rule = "complete", f"PCR {fmt_num(cur_p)} < {fmt_num(COMPLETE_UPCR)} g/g and kidney function stable"
    elif fall >= PARTIAL_REDUCTION_PCT and cur_p < PARTIAL_UPCR_CEILING:
        category, rule = "partial", f"PCR fell {fall:.0f}% (>= 50%) to {fmt_num(cur_p)} (< 3 g/g), function stable"
    else:
        category = "none"
        rule = f"PCR fell {fall:.0f}% to {fmt_num(cur_p)} g/g: neither partial nor complete"
    notes = []
    if 10.0 < creat_change <= KIDNEY_FUNCTION_TOLERANCE_PCT:
        notes.append("Creatinine rose 10-15%: stable on KDIGO's wider bound only; re-check kidney function.")
    if months < 6:
        notes.append("KDIGO 2024 judges response at 6-12 months; this is an early reading.")
    reached_milestones = [m for m in EULAR_MILESTONES if months >= m[0]]
    if reached_milestones and months < 12:
        due, needed = reached_milestones[-1]
        notes.append(
            f"EULAR 2019 milestone: at least {fmt_num(needed)}% fall by month {fmt_num(due)}: "
            f"{'met' if fall >= needed else 'not met'} ({fall:.0f}%)."
        )
    if months >= 12 and category != "complete":
        notes.append("EULAR 2019 expects complete response (< 0.5-0.7 g/day) by 12 months: not met "
                     "(EULAR allows longer when baseline proteinuria was nephrotic-range).")
    return Result(category, values, rule, definition, tuple(notes))


# --- flare_severity ---------------------------------------------------------------
# KDIGO 2012 Table 29 (brief §1.3, R1 V), in the table's own units: serum creatinine
# in mg/dL and uPCR in mg/g (1 g/g = 1000 mg/g). The "mild" grade rests on the urine
# sediment alone, which is not a number: the guideline asks it as a question when
# this calculator returns "below_moderate".
CREAT_HIGH_BASELINE = 2.0  # mg/dL: the table's two creatinine bands split here (< 2.0 / >= 2.0)
CREAT_MODERATE_RISE = {False: 0.20, True: 0.40}  # keyed by "baseline >= 2.0"; rise >= this is moderate
CREAT_SEVERE_RISE = {False: 1.0, True: 1.5}  # rise > this is severe
UPCR_SEVERE_INCREASE = 5000.0  # mg/g: an absolute increase above this is severe
UPCR_MODERATE_CEILING = 5000.0  # mg/g: the moderate rows require the new value < 5000
UPCR_LOW_BASELINE = 500.0  # mg/g
UPCR_MID_BASELINE_TOP = 1000.0  # mg/g
UPCR_FROM_LOW_TO = 1000.0  # mg/g: from a baseline < 500 to >= 1000 is moderate
UPCR_FROM_MID_TO = 2000.0  # mg/g: from a baseline 500-1000 to >= 2000 is moderate
UPCR_FROM_HIGH_FACTOR = 2.0  # from a baseline > 1000, a 2-fold rise is moderate

_RANK = {"below_moderate": 0, "moderate": 1, "severe": 2}


def _creatinine_grade(base: float, cur: float) -> tuple[str, str]:
    high = base >= CREAT_HIGH_BASELINE
    rise = _diff(base, cur)
    band = f"baseline {'>=' if high else '<'} {fmt_num(CREAT_HIGH_BASELINE)} mg/dL"
    lo, hi = CREAT_MODERATE_RISE[high], CREAT_SEVERE_RISE[high]
    if rise > hi:
        return "severe", f"creatinine rose {fmt_num(rise)} mg/dL (> {fmt_num(hi)}, {band})"
    if rise >= lo:
        return "moderate", f"creatinine rose {fmt_num(rise)} mg/dL ({fmt_num(lo)}-{fmt_num(hi)}, {band})"
    return "below_moderate", f"creatinine change {fmt_num(rise)} mg/dL (< {fmt_num(lo)}, {band})"


def _proteinuria_grade(base: float, cur: float) -> tuple[str, str, bool]:
    """(grade, reason, gap): gap is True when the table's rows leave the value ungraded."""
    increase = _diff(base, cur)
    if increase > UPCR_SEVERE_INCREASE:
        return "severe", f"uPCR rose {fmt_num(increase)} mg/g (> {fmt_num(UPCR_SEVERE_INCREASE)})", False
    if base < UPCR_LOW_BASELINE:
        target, row = UPCR_FROM_LOW_TO, f"baseline < {fmt_num(UPCR_LOW_BASELINE)}"
        ceiling = False  # the table states no upper limit for this row
    elif base <= UPCR_MID_BASELINE_TOP:
        target, row = UPCR_FROM_MID_TO, f"baseline {fmt_num(UPCR_LOW_BASELINE)}-{fmt_num(UPCR_MID_BASELINE_TOP)}"
        ceiling = True
    else:
        target = round(base * UPCR_FROM_HIGH_FACTOR, 6)
        row = f"baseline > {fmt_num(UPCR_MID_BASELINE_TOP)}, 2-fold = {fmt_num(target)}"
        ceiling = True
    if cur >= target:
        if ceiling and cur >= UPCR_MODERATE_CEILING:
            # The table's moderate row needs the new value < 5000 mg/g, and its severe row
            # an increase > 5000 mg/g: a value between the two is in neither. Grade it by the
            # row whose rise criterion it meets (moderate) and say so.
            why = (f"uPCR {fmt_num(base)} -> {fmt_num(cur)} mg/g ({row}); at or above "
                   f"{fmt_num(UPCR_MODERATE_CEILING)} but rise not > {fmt_num(UPCR_SEVERE_INCREASE)}")
            return "moderate", why, True
        return "moderate", f"uPCR {fmt_num(base)} -> {fmt_num(cur)} mg/g (>= {fmt_num(target)}, {row})", False
    return "below_moderate", f"uPCR {fmt_num(base)} -> {fmt_num(cur)} mg/g (< {fmt_num(target)}, {row})", False


def flare_severity(v: Mapping[str, float]) -> Result:
    """KDIGO 2012 Table 29 grade from creatinine (mg/dL) and uPCR (mg/g) changes.

    severe / moderate by whichever of creatinine and proteinuria grades higher;
    below_moderate when neither reaches the moderate row (the sediment then decides
    whether it is a mild flare).
    """
    base_c, cur_c = v["baseline_creatinine"], v["current_creatinine"]
    base_p, cur_p = v["baseline_upcr"], v["current_upcr"]
    c_grade, c_why = _creatinine_grade(base_c, cur_c)
    p_grade, p_why, gap = _proteinuria_grade(base_p, cur_p)
    category = c_grade if _RANK[c_grade] >= _RANK[p_grade] else p_grade
    values = (
        ("creatinine", f"{fmt_num(base_c)} -> {fmt_num(cur_c)} mg/dL"),
        ("uPCR", f"{fmt_num(base_p)} -> {fmt_num(cur_p)} mg/g"),
    )
    rule = f"{c_why}; {p_why}"
    definition = (
        "KDIGO 2012 Table 29: moderate = creatinine rise 0.20-1.0 mg/dL (baseline < 2.0) or 0.40-1.5 mg/dL "
        "(baseline >= 2.0), and/or uPCR to >= 1000 mg/g from < 500, to >= 2000 from 500-1000 (still < 5000), "
        "or >= 2-fold from > 1000 (still < 5000); severe = creatinine rise > 1.0 (baseline < 2.0) or > 1.5 "
        "(baseline >= 2.0) mg/dL, and/or an absolute uPCR increase > 5000 mg/g; mild = sediment change only"
    )
    notes = []
    if gap:
        notes.append("Table 29 leaves this proteinuria value between its moderate and severe rows; "
                     "graded moderate here. Judge severity clinically.")
    if category == "below_moderate":
        notes.append("Below the moderate thresholds: a flare is mild only if the urine sediment changed "
                     "(KDIGO 2012 mild criteria).")
    notes.append("Use 24-h PCR where possible: spot uPCR is unreliable in the 500-3000 mg/g range.")
    return Result(category, values, rule, definition, tuple(notes))


# --- cumulative_cyclophosphamide --------------------------------------------------
# Brief §4.2: a lifetime ceiling of about 36 g is cited in guideline summaries (R40 S);
# its primary source (Faurschou 2008, R83) is unverified (U). A Euro-Lupus course is
# 3 g (500 mg x 6; R87 S, R42 V). NIH-type course totals depend on body surface area
# and are not computed here: the user enters grams from every other course.
CYC_CEILING_G = 36.0
EURO_LUPUS_COURSE_G = 3.0


def cumulative_cyclophosphamide(v: Mapping[str, float]) -> Result:
    """Sum prior cyclophosphamide and compare it with the ~36 g ceiling.

    near_or_above_ceiling when one more Euro-Lupus course (3 g) would bring the total to
    36 g or beyond (total >= 33 g); below_ceiling otherwise.
    """
    courses, other = v["euro_lupus_courses"], v["other_grams"]
    total = round(courses * EURO_LUPUS_COURSE_G + other, 6)
    after_one_more = round(total + EURO_LUPUS_COURSE_G, 6)
    values = (
        ("Euro-Lupus courses", f"{fmt_num(courses)} x {fmt_num(EURO_LUPUS_COURSE_G)} g"),
        ("other cyclophosphamide", f"{fmt_num(other)} g"),
        ("cumulative total", f"{fmt_num(total)} g"),
    )
    definition = (
        f"Cumulative cyclophosphamide against a lifetime ceiling of about {fmt_num(CYC_CEILING_G)} g "
        "(cited in guideline summaries, S; primary source unverified, U); near = one more Euro-Lupus "
        f"course ({fmt_num(EURO_LUPUS_COURSE_G)} g) would reach it"
    )
    if after_one_more >= CYC_CEILING_G:
        category = "near_or_above_ceiling"
        rule = (f"total {fmt_num(total)} g; + one Euro-Lupus course = {fmt_num(after_one_more)} g "
                f">= {fmt_num(CYC_CEILING_G)} g")
    else:
        category = "below_ceiling"
        rule = (f"total {fmt_num(total)} g; + one Euro-Lupus course = {fmt_num(after_one_more)} g "
                f"< {fmt_num(CYC_CEILING_G)} g")
    notes = [
        "An NIH-type course (0.5-1.0 g/m2 monthly) usually adds more than a Euro-Lupus course: "
        "count its actual grams, not 3 g.",
        "Bladder cancer risk rose with cumulative dose in a vasculitis cohort (about 2-fold per 10 g; "
        "wide confidence intervals).",
    ]
    if total >= CYC_CEILING_G:
        notes.insert(0, f"Already at or above {fmt_num(CYC_CEILING_G)} g: prefer a regimen without cyclophosphamide.")
    return Result(category, values, rule, definition, tuple(notes))


REGISTRY: dict[str, CalculatorSpec] = {
    "response_category": CalculatorSpec(
        name="response_category",
        title="Kidney response category (KDIGO 2024, EULAR 2019 milestones)",
        params=(
            Param("baseline_upcr", "g/g", "baseline 24-h urine protein/creatinine ratio"),
            Param("current_upcr", "g/g", "current 24-h urine protein/creatinine ratio"),
            Param("baseline_creatinine", "mg/dL", "baseline serum creatinine"),
            Param("current_creatinine", "mg/dL", "current serum creatinine"),
            Param("months", "months", "months on the current regimen"),
        ),
        categories=("complete", "partial", "none"),
        compute=response_category,
    ),
    "flare_severity": CalculatorSpec(
        name="flare_severity",
        title="Kidney flare severity (KDIGO 2012 Table 29)",
        params=(
            Param("baseline_creatinine", "mg/dL", "serum creatinine before the flare (last stable value)"),
            Param("current_creatinine", "mg/dL", "current serum creatinine"),
            Param("baseline_upcr", "mg/g", "urine protein/creatinine ratio before the flare"),
            Param("current_upcr", "mg/g", "current urine protein/creatinine ratio"),
        ),
        categories=("severe", "moderate", "below_moderate"),
        compute=flare_severity,
    ),
    "cumulative_cyclophosphamide": CalculatorSpec(
        name="cumulative_cyclophosphamide",
        title="Cumulative cyclophosphamide against the ~36 g ceiling",
        params=(
            Param("euro_lupus_courses", "courses", "completed Euro-Lupus courses (3 g each)"),
            Param("other_grams", "g", "grams from all other cyclophosphamide courses"),
        ),
        categories=("below_ceiling", "near_or_above_ceiling"),
        compute=cumulative_cyclophosphamide,
    ),
}

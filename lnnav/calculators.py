"""Named calculators: pure functions from numeric answers to a category.

A guideline's calculator node names one of these, maps its parameters to numeric
questions asked earlier, and branches on the category it returns. Thresholds
live here, next to their source, and are unit-tested at every boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lnnav.model import fmt_num


@dataclass(frozen=True)
class Param:
    name: str
    unit: str
    label: str


@dataclass(frozen=True)
class Result:
    """What a calculator found, and why: shown on the outcome and in explanations."""

    category: str
    values: tuple[tuple[str, str], ...]
    rule: str
    definition: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalculatorSpec:
    name: str
    title: str
    params: tuple[Param, ...]
    categories: tuple[str, ...]
    compute: Callable[[Mapping[str, float]], Result]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _pct_change(baseline: float, current: float) -> float:
    if baseline == 0:
        return 0.0 if current == 0 else float("inf")
    return (current - baseline) / baseline * 100.0


# KDIGO 2024 (brief §1.1, R40 S): kidney function "stable or improved" is stated as
# within ±10–15% of baseline; we take the wider bound so that a patient is never
# called a non-responder on the narrower reading alone. The note says so.
KIDNEY_FUNCTION_TOLERANCE_PCT = 15.0
COMPLETE_UPCR = 0.5  # g/g on 24-h PCR
PARTIAL_UPCR_CEILING = 3.0  # g/g
PARTIAL_REDUCTION_PCT = 50.0
EULAR_MILESTONES = ((3.0, 25.0), (6.0, 50.0))  # (months, % fall in proteinuria), R43 V


def response_category(v: Mapping[str, float]) -> Result:
    """KDIGO 2024 complete / partial / no response, with the EULAR 2019 milestones."""
    base_p, cur_p = v["baseline_upcr"], v["current_upcr"]
    base_c, cur_c = v["baseline_creatinine"], v["current_creatinine"]
    months = v["months"]
    fall = -_pct_change(base_p, cur_p)
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
        f"(stable taken as creatinine no more than {fmt_num(KIDNEY_FUNCTION_TOLERANCE_PCT)}% above baseline)"
    )
    if not stable:
        category, rule = "none", f"creatinine rose {creat_change:.0f}% (> {fmt_num(KIDNEY_FUNCTION_TOLERANCE_PCT)}%): not stable"
    elif cur_p < COMPLETE_UPCR:
        category, rule = "complete", f"PCR {fmt_num(cur_p)} < {fmt_num(COMPLETE_UPCR)} g/g and kidney function stable"
    elif fall >= PARTIAL_REDUCTION_PCT and cur_p < PARTIAL_UPCR_CEILING:
        category, rule = "partial", f"PCR fell {fall:.0f}% (>= 50%) to {fmt_num(cur_p)} (< 3 g/g), function stable"
    else:
        category = "none"
        rule = f"PCR fell {fall:.0f}% to {fmt_num(cur_p)} g/g: neither partial nor complete"
    notes = []
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
        notes.append("EULAR 2019 expects complete response (< 0.5-0.7 g/day) by 12 months: not met.")
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
}

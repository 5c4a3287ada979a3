"""The bundled guideline gives the same result whatever unit a laboratory value is typed in.

For every bundled scenario, each serum creatinine (mg/dL, umol/L) and urine protein/creatinine
(g/g, mg/g, mg/mmol) answer is re-entered in every other unit its question accepts, converted
and written with its unit ("115 umol/L"); the outcome and the alerts must not change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from conftest import BUNDLED
from lnnav.engine import scenarios
from lnnav.engine.answers import AnswerSet
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import UNKNOWN, NumericQuestion
from lnnav.model.units import norm_unit, parse_number

GUIDELINE = load_or_raise(BUNDLED)
SCENARIOS = [scenarios.load(p) for p in scenarios.find([scenarios.default_dir(BUNDLED)])]
LAB_UNITS = ("mg/dL", "g/g")  # the canonical units of creatinine and of the protein/creatinine ratio


class Retyped(NamedTuple):
    scenario: scenarios.Scenario
    question: str
    text: str  # the same value in another unit, as a clinician would type it


def _lab(question_id: str) -> NumericQuestion | None:
    node = GUIDELINE.nodes.get(question_id)
    if isinstance(node, NumericQuestion) and node.unit in LAB_UNITS and node.units:
        return node
    return None


def _retyped() -> list[Retyped]:
    out: list[Retyped] = []
    for sc in SCENARIOS:
        for qid, given in sc.answers.given.items():
            q = _lab(qid)
            if q is None or given.text == UNKNOWN:  # a value not known has no unit to retype
                continue
            value = parse_number(q, given.text)
            typed_unit = norm_unit(given.text.lstrip("0123456789.,-+eE "))
            for unit, factor in ((q.unit, 1.0), *((u.unit, u.factor) for u in q.units)):
                if norm_unit(unit) != typed_unit and not (unit == q.unit and typed_unit == ""):
                    out.append(Retyped(sc, qid, f"{value / factor!r} {unit}"))
    return out


CASES = _retyped()


def _result(sc: scenarios.Scenario, answers: AnswerSet) -> tuple[str, list[str]]:
    result = scenarios.run(GUIDELINE, replace(sc, answers=answers))
    assert result.walk is not None, result.problems
    return result.walk.outcome.id, sorted(f.alert.id for f in result.walk.alerts)


def test_every_creatinine_and_pcr_question_accepts_the_other_units() -> None:
    labs = [q for q in GUIDELINE.nodes.values() if isinstance(q, NumericQuestion) and q.unit in LAB_UNITS]
    assert labs and all(q.units for q in labs)
    # 1 mg/dL creatinine = 88.4 umol/L; 1 g/g = 1000 mg/g = 113.1 mg/mmol (molar mass of creatinine 113.12 g/mol)
    expected = {"mg/dL": {"umol/L": 0.011312}, "g/g": {"mg/g": 0.001, "mg/mmol": 0.00884}}
    assert {q.unit: {u.unit: u.factor for u in q.units} for q in labs} == expected


def test_most_bundled_scenarios_carry_laboratory_values_to_retype() -> None:
    with_labs = {case.scenario.path for case in CASES}
    assert len(with_labs) >= len(SCENARIOS) - 5
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.scenario.path.stem}:{c.question}={c.text}")
def test_a_value_retyped_in_another_unit_gives_the_same_outcome_and_alerts(case: Retyped) -> None:
    sc = case.scenario
    before = _result(sc, sc.answers)
    given = dict(sc.answers.given)
    given[case.question] = given[case.question]._replace(text=case.text)
    after = _result(sc, AnswerSet(given, sc.answers.title, sc.answers.description, sc.answers.origin))
    assert after == before

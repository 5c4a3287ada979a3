"""Computed values as a clinician reads them, and units that cancel (tests/data/units).

``potassium * potassium / potassium`` declared in mmol/L was refused ("gives
mmol/L*mmol/L/mmol/L"), ``10 / potassium`` was read as mmol/L, and a ratio was shown
as "2.88889 ratio".
"""

from __future__ import annotations

import json

from conftest import CliRunner

UNITS = "tests/data/units"
BELOW = f"{UNITS}/scenarios/just-below.yaml"


def test_units_that_cancel_a_ratio_and_one_over_a_unit_validate(cli: CliRunner) -> None:
    run = cli("validate", UNITS)
    assert run.code == 0, run.err
    assert "0 warning(s)" in run.err + run.out


def test_computed_values_are_shown_at_three_significant_digits_and_a_ratio_as_a_multiple(cli: CliRunner) -> None:
    run = cli("consult", "--guideline", UNITS, "--answers", BELOW)
    assert run.code == 0, run.err
    assert "4. Potassium now over potassium at the start -> x2.89\n" in run.out
    assert "5. One over the potassium, ten times -> 1.92 1/mmol/L\n" in run.out
    assert "3. Potassium, squared and divided again -> 5.2 mmol/L\n" in run.out
    assert "ratio" not in run.out and "2.8888" not in run.out


def test_decisions_use_the_value_in_full_not_as_shown(cli: CliRunner) -> None:
    # 5.2 / 1.8 = 2.888..., shown as x2.89, is below the rule's 2.889
    run = cli("consult", "--guideline", UNITS, "--answers", BELOW, "--format", "json")
    doc = json.loads(run.out)
    assert doc["outcome"]["id"] == "rec_low"
    rise = next(s for s in doc["path"] if s["node"] == "rise")
    assert (rise["answer"], rise["label"]) == (2.888889, "x2.89")  # the record keeps more than is shown

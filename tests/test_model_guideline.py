from __future__ import annotations

import pytest

from lnnav.model.guideline import fmt_computed


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (2.888888, "ratio", "x2.89"),
    (5.2, "mmol/L", "5.2 mmol/L"),
    (1.9230769, "1/mmol/L", "1.92 1/mmol/L"),
    (0.000123456, "g", "0.000123 g"),
    (123.456, "g", "123 g"),
    (1234.5, "mg", "1234 mg"),  # whole from 100 up: never 1.23e+03
    (-0.0, "", "0"),
    (12.5, "%", "12.5 %"),
])
def test_a_computed_value_is_shown_at_three_significant_digits(value: float, unit: str, shown: str) -> None:
    assert fmt_computed(value, unit) == shown

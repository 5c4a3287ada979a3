"""Units that cannot be typed, refused by validate at the unit's own line: each on a copy of a small guideline."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checks_semantic import variant

from conftest import DATA, MINI

UNTYPABLE_UNITS = [
    ("zero-width space", "{unit: \"µµ\\u200b\", factor: 1000}",
     'nodes.yaml:23:9: error: numeric question "creat": unit "µµ\\u200b" cannot be typed: it holds the invisible '
     "character \\u200b; remove it (or write a plain space)"),
    ("soft hyphen", "{unit: \"mg\\u00ad/L\", factor: 0.1}",
     'nodes.yaml:23:9: error: numeric question "creat": unit "mg\\xad/L" cannot be typed: it holds the invisible '
     "character \\xad; remove it (or write a plain space)"),
    ("no-break space", "{unit: \"mg\\u00a0L\", factor: 0.1}",
     'nodes.yaml:23:9: error: numeric question "creat": unit "mg\\xa0L" cannot be typed: it holds the invisible '
     "character \\xa0; remove it (or write a plain space)"),
    ("an exponent", "{unit: e5, factor: 2}",
     'nodes.yaml:23:9: error: numeric question "creat": unit "e5" cannot be typed after a number: "1e5" reads as '
     "the number 100000 mg/dL; name the unit with a letter first (not a digit, an exponent like e5, or a decimal "
     "comma)"),
    ("a decimal comma", "{unit: \",5\", factor: 2}",
     'nodes.yaml:23:9: error: numeric question "creat": unit ",5" cannot be typed after a number: "1,5" reads as '
     "the number 1.5 mg/dL; name the unit with a letter first (not a digit, an exponent like e5, or a decimal "
     "comma)"),
    ("a leading digit", "{unit: 5mg, factor: 2}",
     'nodes.yaml:23:9: error: numeric question "creat": unit "5mg" cannot be typed after a number: "15mg" reads as '
     "no number; name the unit with a letter first (not a digit, an exponent like e5, or a decimal comma)"),
    ("a subnormal factor", "{unit: pmol/L, factor: 1.0e-320}",
     'nodes.yaml:23:9: error: numeric question "creat": the factor of unit "pmol/L" (9.99989e-321) is too small: one '
     "pmol/L is read as 0 mg/dL; give the factor as how many mg/dL one pmol/L is"),
    ("a factor below the kept precision", "{unit: fmol/L, factor: 1.0e-12}",
     'nodes.yaml:23:9: error: numeric question "creat": the factor of unit "fmol/L" (1e-12) is too small: one '
     "fmol/L is read as 0 mg/dL; give the factor as how many mg/dL one fmol/L is"),
]


@pytest.mark.parametrize(("case", "unit", "message"), UNTYPABLE_UNITS, ids=[c[0] for c in UNTYPABLE_UNITS])
def test_a_unit_that_cannot_be_typed_or_converts_to_nothing_is_refused(tmp_path: Path, case: str, unit: str,
                                                                     message: str) -> None:
    issues = variant(tmp_path, DATA / "v2", "nodes.yaml", "      - {unit: umol/L, factor: 0.011312}\n",
                     f"      - {{unit: umol/L, factor: 0.011312}}\n      - {unit}\n")
    assert issues == [message]


def test_a_canonical_unit_that_cannot_be_typed_is_refused_at_its_question(tmp_path: Path) -> None:
    issues = variant(tmp_path, MINI, "nodes.yaml", "    unit: g/g\n", "    unit: \"g/g\\u200b\"\n")
    assert issues == ['nodes.yaml:25:5: error: numeric question "upcr": unit "g/g\\u200b" cannot be typed: it holds '
                      "the invisible character \\u200b; remove it (or write a plain space)"]

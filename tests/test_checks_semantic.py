"""Semantic checks not covered by the one-fault fixtures: each on a copy of a small guideline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, MINI, edited_copy
from lnnav.format.loader import load_guideline


def variant(tmp_path: Path, base: Path, file: str, old: str, new: str) -> list[str]:
    """Load a copy of ``base`` with one edit; the issues, as printed, relative to the copy."""
    copy = edited_copy(tmp_path, base, file, old, new, name="g")
    _g, issues = load_guideline(copy)
    return [str(i).replace(f"{copy}/", "") for i in issues]


def test_a_numeric_range_must_be_a_range(tmp_path: Path) -> None:
    issues = variant(tmp_path, DATA / "v2", "nodes.yaml", "    min: 0\n    max: 100\n", "    min: 100\n    max: 100\n")
    # the rule analysis then reads cyc_prior as always 100: its findings follow from the one slip
    assert issues[0] == 'nodes.yaml:27:5: error: numeric question "cyc_prior": min (100) must be below max (100)'


MINI_CASES = [
    ("duplicate option id", "      - id: flare\n", "      - id: no_response\n",
     'nodes.yaml:11:9: error: duplicate option id "no_response" in question "situation" (first at line 8)'),
    ("undeclared pathway", "    pathway: flare\n    title: Re-induce", "    pathway: relapse\n    title: Re-induce",
     'nodes.yaml:58:14: error: pathway "relapse" is not declared in the manifest (pathways: perceived, flare)'),
    ("alert on a numeric question with equals", "when: {question: upcr, ge: 3}", "when: {question: upcr, equals: high}",
     'nodes.yaml:78:11: error: "upcr" is numeric: compare it with lt, le, gt or ge'),
    ("numeric comparison on a choice question", "when: {question: upcr, ge: 3}", "when: {question: situation, ge: 3}",
     'nodes.yaml:78:11: error: "situation" is not numeric: use equals or in'),
    ("reached names a missing node", "when: {question: upcr, ge: 3}", "when: {reached: rec_nowhere}",
     'nodes.yaml:78:11: error: condition names node "rec_nowhere", which does not exist'),
    ("a condition of no known form", "when: {question: upcr, ge: 3}", "when: {answer: upcr}",
     "nodes.yaml:78:11: error: a condition must be one of: question (with equals, in, lt, le, gt, ge, includes, includes_any or includes_all), answered, reached, always, "
     "all, any or not"),
    ("equals and in together", "when: {question: upcr, ge: 3}", "when: {question: situation, equals: flare, in: [flare]}",
     'nodes.yaml:78:11: error: a condition takes "equals" or "in", not both'),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), MINI_CASES, ids=[c[0] for c in MINI_CASES])
def test_question_alert_and_pathway_checks(tmp_path: Path, case: str, old: str, new: str, message: str) -> None:
    assert variant(tmp_path, MINI, "nodes.yaml", old, new) == [message]


def test_duplicate_alert_ids_are_reported(tmp_path: Path) -> None:
    extra = ("  - id: heavy\n    title: Again\n    text: Twice.\n    when: {question: upcr, ge: 5}\n"
             "    references: [ref_b]\n")
    last = "    when: {question: upcr, ge: 3}\n    references: [ref_b]\n"
    issues = variant(tmp_path, MINI, "nodes.yaml", last, last + extra)
    assert len(issues) == 1
    assert issues[0].startswith('nodes.yaml:80:5: error: duplicate alert id "heavy" (first defined at ')
    assert issues[0].endswith("nodes.yaml:75:5)")


def test_a_valid_guideline_has_no_issues() -> None:
    _g, issues = load_guideline(MINI)
    assert issues == []


NUMBER_CASES = [
    ("nan bound in an alert", "{question: upcr, ge: 3}", "{question: upcr, ge: .nan}",
     "nodes.yaml:78:32: error: .nan is not a finite number; write a number (quote it if it is text)"),
    ("infinite max", "    max: 30\n", "    max: .inf\n",
     "nodes.yaml:31:10: error: .inf is not a finite number; write a number (quote it if it is text)"),
    ("integer beyond float range", "    max: 30\n", "    max: 1" + "0" * 400 + "\n",
     "nodes.yaml:31:10: error: number cannot be read: 1" + "0" * 39),
    ("integer with no whole number in range", "    min: 0\n    max: 30\n", "    min: 0.2\n    max: 0.8\n    integer: true\n",
     'nodes.yaml:25:5: error: numeric question "upcr": integer is true but no whole number lies between min (0.2) '
     "and max (0.8): no answer could be given"),
    ("negative minimum", "    min: 0\n", "    min: -5\n",
     'nodes.yaml:25:5: warning: numeric question "upcr": min is negative (-5); a lab value, dose, count or duration '
     "cannot be: use min: 0, or say in the question text that it is a change or difference"),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES])
def test_numbers_that_cannot_work_are_flagged(tmp_path: Path, case: str, old: str, new: str, message: str) -> None:
    assert message in variant(tmp_path, MINI, "nodes.yaml", old, new)


def test_a_negative_minimum_is_fine_for_a_change(tmp_path: Path) -> None:
    issues = variant(tmp_path, MINI, "nodes.yaml", "    min: 0\n    max: 30\n", "    min: -30\n    max: 30\n")
    assert [i for i in issues if "negative" in i] != []
    text = "Current 24-h urine protein/creatinine ratio?"
    edited = tmp_path / "signed"
    shutil.copytree(tmp_path / "g", edited)
    nodes = edited / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(text, "Change in the ratio since baseline?"),
                     encoding="utf-8")
    _g, left = load_guideline(edited)
    assert [str(i) for i in left if "negative" in i.message] == []


def test_a_unit_listed_twice_is_found_however_it_is_spelt(tmp_path: Path) -> None:
    # the reader takes µ and u, and any case, as one unit: the second entry could never be used
    issues = variant(tmp_path, DATA / "v2", "nodes.yaml", "      - {unit: umol/L, factor: 0.011312}\n",
                     "      - {unit: umol/L, factor: 0.011312}\n      - {unit: µmol/l, factor: 0.011312}\n")
    assert issues == ['nodes.yaml:23:9: error: numeric question "creat": unit "µmol/l" is listed twice '
                      "(or is the canonical unit mg/dL)"]


# Each slip reported at the key that holds it, not at the node's "- id:" line.
KEY_CASES = [
    ("compute unit", "    unit: g\n    expr: cyc_prior + 3", "    unit: mg/dL\n    expr: cyc_prior + 3",
     'nodes.yaml:38:11: error: compute "cyc_total": the expression gives g, but "unit" says "mg/dL"'),
    ("alert grade", "    references: [ref_a]\n  - id: cyc_answered", "    references: [ref_a]\n    grade: 9Z\n"
     "  - id: cyc_answered",
     'nodes.yaml:99:12: error: grade "9Z" is not in the grading scheme; allowed: 1A, practice point'),
    ("alert reference", "    when: {question: drugs, includes: belimumab}\n    references: [ref_a]",
     "    when: {question: drugs, includes: belimumab}\n    references: [ref_a, ref_c]",
     'nodes.yaml:98:25: error: reference "ref_c" is cited but not defined in the bibliography; did you mean '
     '"ref_b"?'),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), KEY_CASES, ids=[c[0] for c in KEY_CASES])
def test_a_wrong_value_is_reported_at_its_own_key(tmp_path: Path, case: str, old: str, new: str, message: str) -> None:
    assert message in variant(tmp_path, DATA / "v2", "nodes.yaml", old, new)


def test_an_option_id_read_as_a_boolean_is_named_as_written_in_later_messages(tmp_path: Path) -> None:
    # `id: yes` unquoted is a boolean: refused, and kept as "yes" so that "allowed:" does not read ", no"
    copy = tmp_path / "g"
    shutil.copytree(DATA / "v2", copy)
    nodes = copy / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8").replace('- {id: "yes", label: "Yes", next: rec_add}',
                                                     '- {id: yes, label: "Yes", next: rec_add}')
    text = text.replace("        when: {question: drugs, includes: mmf}",
                        "        when: {question: extra, equals: maybe}")
    nodes.write_text(text, encoding="utf-8")
    _g, issues = load_guideline(copy)
    said = [i.message for i in issues]
    assert any("must be a string, got a boolean (yes)" in m for m in said), said
    assert '"maybe" is not an answer of "extra"; allowed: yes, no, belimumab_failed' in said

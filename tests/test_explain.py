from __future__ import annotations

import json

import pytest

from conftest import CliRunner
from lnnav.answers import Scripted
from lnnav.conditions import Answer
from lnnav.engine import Walk, navigate
from lnnav.explain import explain, readable_condition, step_facts, to_data
from lnnav.loader import load_or_raise
from lnnav.model import AnswerIs, AnyOf, Compare, Guideline, Not, Reached

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")

CYC_GUIDELINE = {
    "guideline.yaml": """\
schema_version: 1
id: cyc
title: Calculator guideline for tests
version: "1.0.0"
last_reviewed: 2026-11-01
review_due: 2027-11-01
intended_use: Tests.
disclaimer: Test content only.
grading:
  name: Test grades
  grades:
    - id: practice point
start: courses
files: [nodes.yaml]
bibliography: bibliography.yaml
""",
    "nodes.yaml": """\
nodes:
  - id: courses
    kind: numeric
    text: Completed Euro-Lupus courses?
    help: Count whole courses of 6 x 500 mg (Houssiau 2002).
    unit: courses
    min: 0
    max: 20
    integer: true
    next: grams
  - id: grams
    kind: numeric
    text: Grams from other courses?
    unit: g
    min: 0
    max: 100
    next: cyc
  - id: cyc
    kind: calculator
    text: Cumulative cyclophosphamide
    calculator: cumulative_cyclophosphamide
    help: Ceiling about 36 g (guideline summaries).
    inputs:
      euro_lupus_courses: courses
      other_grams: grams
    branches:
      below_ceiling: rec_ok
      near_or_above_ceiling: rec_avoid
  - id: rec_ok
    kind: recommendation
    title: Cyclophosphamide remains an option
    summary: Below the ceiling.
    actions: [Consider it.]
    grade: practice point
    references: [ref_a]
  - id: rec_avoid
    kind: recommendation
    title: Prefer a regimen without cyclophosphamide
    summary: Near the ceiling.
    actions: [Choose another agent.]
    grade: practice point
    references: [ref_a]
    rationale: |
      Bladder cancer and gonadal toxicity
      rise with cumulative dose.
""",
    "bibliography.yaml": "references:\n  - id: ref_a\n    citation: Author A. A paper.\n",
}



@pytest.fixture(scope="module")
def cyc(tmp_path_factory: pytest.TempPathFactory) -> Guideline:
    folder = tmp_path_factory.mktemp("cyc")
    for name, text in CYC_GUIDELINE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_or_raise(folder)


def walk(g: Guideline, answers: dict[str, Answer]) -> Walk:
    return navigate(g, Scripted(g, answers))


def test_a_choice_step_names_its_answer_definition_and_where_it_leads(mini: Guideline) -> None:
    step = explain(walk(mini, {"situation": "flare", "upcr": 4.0})).steps[0]
    assert (step.number, step.question, step.answer, step.answer_id) == (1, "Which situation applies?",
                                                                         "Worse after a response", "flare")
    assert step.definition == "Pick the one that fits best."
    assert step.why == '"Worse after a response" leads to the question "Current 24-h urine protein/creatinine ratio?".'
    assert step.where == str(mini.nodes["situation"].source)


def test_a_numeric_step_names_the_branch_that_matched(mini: Guideline) -> None:
    step = explain(walk(mini, {"situation": "flare", "upcr": 4.0})).steps[1]
    assert [(b.label, b.next_text, b.matched) for b in step.branches] == [
        (">= 3", "Re-induce", True), ("otherwise", "Confirm and watch", False)]
    assert step.why == '4 g/g matches ">= 3", the first branch that holds, which leads to the recommendation "Re-induce".'


def test_a_value_below_every_bound_takes_the_default_branch(mini: Guideline) -> None:
    step = explain(walk(mini, {"situation": "flare", "upcr": 2.99})).steps[1]
    assert step.why == ('2.99 g/g matches "otherwise", the first branch that holds, which leads to the '
                        'recommendation "Confirm and watch".')


def test_an_alert_is_explained_with_question_text_and_answer_label(mini: Guideline) -> None:
    (alert,) = explain(walk(mini, {"situation": "flare", "upcr": 4.0})).alerts
    assert alert.condition == '"Current 24-h urine protein/creatinine ratio?" >= 3 g/g'
    assert alert.because == "upcr >= 3"
    assert [(t.node, t.text, t.answer) for t in alert.triggers] == [
        ("upcr", "Current 24-h urine protein/creatinine ratio?", "4 g/g")]


def test_a_calculator_step_shows_inputs_values_rule_definition_and_notes(cyc: Guideline) -> None:
    ex = explain(walk(cyc, {"courses": 10.0, "grams": 4.0}))
    step = ex.steps[2]
    assert [(i.param, i.question, i.value) for i in step.inputs] == [
        ("euro_lupus_courses", "courses", "10 courses"), ("other_grams", "grams", "4 g")]
    assert dict(step.values)["cumulative total"] == "34 g"
    assert step.rule == "total 34 g; + one Euro-Lupus course = 37 g >= 36 g"
    assert step.computed_definition.startswith("Cumulative cyclophosphamide against a lifetime ceiling of about 36 g")
    assert len(step.notes) == 2
    assert step.definition == "Ceiling about 36 g (guideline summaries)."
    assert step.why == ('The calculation gave "near_or_above_ceiling" (total 34 g; + one Euro-Lupus course = 37 g '
                        '>= 36 g), which leads to the recommendation "Prefer a regimen without cyclophosphamide".')
    assert ex.rationale == "Bladder cancer and gonadal toxicity\nrise with cumulative dose."


def test_a_pure_input_says_any_value_leads_on(cyc: Guideline) -> None:
    step = explain(walk(cyc, {"courses": 1.0, "grams": 0.0})).steps[0]
    assert step.why == '1 courses is an input: any allowed value leads to the question "Grams from other courses?".'


def test_step_facts_of_a_calculator_list_inputs_before_the_result(cyc: Guideline) -> None:
    step = explain(walk(cyc, {"courses": 1.0, "grams": 0.0})).steps[2]
    assert [k for k, _ in step_facts(step)] == ["Inputs", "Computed", "Result", "Definition", "Note", "Note",
                                                "Guideline definition", "Why"]
    assert dict(step_facts(step))["Inputs"] == ("completed Euro-Lupus courses (3 g each) (Completed Euro-Lupus "
                                                "courses?): 1 courses; grams from all other cyclophosphamide courses "
                                                "(Grams from other courses?): 0 g")


def test_conditions_read_in_the_words_of_the_guideline(mini: Guideline) -> None:
    cond = AnyOf((AnswerIs("situation", ("flare", "no_response")), Not(Reached("rec_switch")),
                  Compare("upcr", (("gt", 1.0), ("le", 3.0)))))
    assert readable_condition(mini, cond) == (
        '("Which situation applies?" is one of "Worse after a response", "No response yet" or not the consult '
        'reached the recommendation "Switch regimen" or "Current 24-h urine protein/creatinine ratio?" > 1 g/g '
        "and <= 3 g/g)")


def test_to_data_is_plain_json(mini: Guideline) -> None:
    data = to_data(explain(walk(mini, {"situation": "flare", "upcr": 4.0})))
    assert list(data) == ["steps", "alerts", "outcome"]
    assert data["outcome"] == {"id": "rec_flare_severe", "title": "Re-induce", "rationale": ""}
    assert data["alerts"][0]["triggers"] == [{"node": "upcr", "text": "Current 24-h urine protein/creatinine ratio?",
                                              "answer": "4 g/g"}]
    json.dumps(data)


def test_json_consult_has_an_explanation_only_with_explain(cli: CliRunner) -> None:
    plain = json.loads(cli("consult", *MINI_ARGS, *SEVERE, "--format", "json").out)
    explained = json.loads(cli("consult", *MINI_ARGS, *SEVERE, "--format", "json", "--explain").out)
    assert "explanation" not in plain
    assert {k: v for k, v in explained.items() if k != "explanation"} == plain
    assert [s["node"] for s in explained["explanation"]["steps"]] == ["situation", "upcr"]


def test_text_consult_with_explain_prints_the_trace_after_the_recommendation(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--explain")
    assert run.code == 0
    assert run.out.index("Recommendation: Re-induce") < run.out.index("Explanation")
    assert "Branches: >= 3 -> Re-induce (taken); otherwise -> Confirm and watch" in run.out
    assert "! Nephrotic-range proteinuria fired because" in run.out


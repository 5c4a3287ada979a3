from __future__ import annotations

import json

import pytest

from conftest import DATA, CliRunner
from lnnav.engine.answers import Scripted
from lnnav.engine.explain import explain, readable_condition, step_facts, to_data
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.conditions import AllOf, Answer, AnswerIs, AnyOf, Compare, Not, Reached, describe_condition
from lnnav.model.guideline import Guideline

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")

@pytest.fixture(scope="module")
def v2() -> Guideline:
    return load_or_raise(DATA / "v2")


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


V2_DUAL = {"drugs": ("mmf", "belimumab"), "creat": 1.0, "cyc_prior": 6.0, "extra": "no"}


def test_a_computed_step_shows_its_inputs_and_expression(v2: Guideline) -> None:
    step = next(s for s in explain(walk(v2, V2_DUAL)).steps if s.kind == "compute")
    assert [(i.question, i.value) for i in step.inputs] == [("cyc_prior", "6 g")]
    assert step.why == ('Cyclophosphamide total after one more 3 g course = cyc_prior + 3 = 9 g, which leads to the '
                        'decision "Choose the next step from the regimen and exposure".')
    assert step_facts(step) == [("Inputs", "Cyclophosphamide already given (total): 6 g"),
                                ("Computed", "cyc_prior + 3 = 9 g"), ("Why", step.why)]


def test_a_decision_says_which_rule_matched_in_words(v2: Guideline) -> None:
    step = next(s for s in explain(walk(v2, V2_DUAL)).steps if s.kind == "route")
    assert step.why == ('Decided without asking: "Which drugs does the patient take now?" includes any of '
                        '"Mycophenolate", "Belimumab", so the consult goes to the question "Is there extrarenal '
                        'activity?".')
    assert [(b.label, b.matched) for b in step.branches] == [
        ('"Cyclophosphamide total after one more 3 g course" >= 36 g', False),
        ('"Which drugs does the patient take now?" includes any of "Mycophenolate", "Belimumab"', True),
        ("otherwise", False)]


def test_a_pure_input_says_any_value_leads_on(v2: Guideline) -> None:
    step = explain(walk(v2, V2_DUAL)).steps[1]
    assert step.why == ('1 mg/dL is an input: any allowed value leads to the question "Cyclophosphamide already '
                        'given (total)".')


def test_conditions_read_in_the_words_of_the_guideline(mini: Guideline) -> None:
    cond = AnyOf((AnswerIs("situation", ("flare", "no_response")), Not(Reached("rec_switch")),
                  Compare("upcr", (("gt", 1.0), ("le", 3.0)))))
    # no brackets around the whole condition (they doubled up with a group's own: "((a and b) or c)")
    assert readable_condition(mini, cond) == (
        '"Which situation applies?" is one of "Worse after a response", "No response yet" or not the consult '
        'reached the recommendation "Switch regimen" or "Current 24-h urine protein/creatinine ratio?" > 1 g/g '
        "and <= 3 g/g")
    nested = AnyOf((AllOf((AnswerIs("situation", ("flare",)), Compare("upcr", (("ge", 3.0),)))), Reached("rec_switch")))
    assert readable_condition(mini, nested) == (
        '("Which situation applies?" is "Worse after a response" and "Current 24-h urine protein/creatinine ratio?" '
        '>= 3 g/g) or the consult reached the recommendation "Switch regimen"')
    assert describe_condition(nested) == "(situation = flare and upcr >= 3) or reached rec_switch"


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



def test_a_labelled_rule_is_explained_in_its_words_then_its_logic() -> None:
    g = load_or_raise(DATA / "labels")
    step = next(s for s in explain(walk(g, {"drugs": ("mmf",), "creat": 1.0, "cyc_prior": 33.0})).steps
                if s.kind == "route")
    assert step.answer == "Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide"
    assert step.why == ("Decided without asking: Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more "
                        'cyclophosphamide ("Cyclophosphamide total after one more 3 g course" >= 36 g), so the '
                        'consult goes to the recommendation "Avoid more cyclophosphamide".')
    assert [(b.label, b.matched) for b in step.branches] == [
        ("Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide", True),
        ("On mycophenolate or belimumab - add a third drug", False),
        ("Neither drug on board - a low-dose course", False)]

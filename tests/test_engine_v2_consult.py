"""Format v2 end to end: multi, route, compute, units and conditional items in every consult path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT
from lnnav.base.errors import AnswersError, GuidelineError
from lnnav.base.source import Source
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.walk import BACK, Back, Measured, Prompt, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Compute, Guideline

V2 = DATA / "v2"
G = ("--guideline", "tests/data/v2")


@pytest.fixture(scope="module")
def v2() -> Guideline:
    return load_or_raise(V2)


def given(**answers: str) -> AnswerSet:
    return AnswerSet({k: Given(v, Source("test")) for k, v in answers.items()})


def walk_of(g: Guideline, **answers: str) -> Any:
    return navigate(g, Scripted(g, resolve(g, given(**answers))))


def test_a_route_takes_the_first_rule_that_holds_and_says_it_in_words(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="mmf,belimumab", creat="1", cyc_prior="6", extra="no")
    route = next(s for s in walk.steps if s.kind == "route")
    assert route.label == ('rule 2: "Which drugs does the patient take now?" includes any of "Mycophenolate", '
                           '"Belimumab"')
    assert route.rule == "drugs includes any of (mmf, belimumab)"
    assert walk.outcome.id == "rec_add"


def test_an_earlier_rule_wins_over_a_later_one(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="mmf", creat="1", cyc_prior="33")
    assert [s.label for s in walk.steps if s.kind == "route"] == [
        'rule 1: "Cyclophosphamide total after one more 3 g course" >= 36 g']
    assert walk.outcome.id == "rec_avoid_cyc"


def test_otherwise_is_taken_when_no_rule_holds(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="none", creat="1", cyc_prior="0")
    assert [s.label for s in walk.steps if s.kind == "route"] == ["otherwise"]
    assert walk.outcome.id == "rec_cyc"


def test_a_computed_value_is_a_step_with_its_inputs(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="none", creat="1", cyc_prior="12.5")
    step = next(s for s in walk.steps if s.kind == "compute")
    assert (step.answer, step.label, step.rule) == (15.5, "15.5 g", "cyc_prior + 3")
    assert step.inputs == (("cyc_prior", "Cyclophosphamide already given (total)", "12.5 g"),)
    assert "cyc_total" not in walk.answers and walk.computed == (step,)


def test_multi_answers_are_kept_in_option_order(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="belimumab, mmf", creat="1", cyc_prior="0", extra="no")
    assert walk.answers["drugs"] == ("mmf", "belimumab")
    assert walk.steps[0].label == "Mycophenolate; Belimumab"


@pytest.mark.parametrize(
    ("drugs", "message"),
    [
        ("none,mmf", '"drugs" (Which drugs does the patient take now?): "None of these" cannot be combined with other '
                     "answers"),
        ("mmf,rtx", '"rtx" is not allowed for "drugs" (Which drugs does the patient take now?); allowed: one or more of '
                    "mmf, cyc, belimumab, none, separated by commas"),
    ],
)
def test_multi_answers_are_checked(v2: Guideline, drugs: str, message: str) -> None:
    with pytest.raises(AnswersError) as info:
        walk_of(v2, drugs=drugs, creat="1", cyc_prior="0", extra="no")
    assert message in "\n".join(info.value.lines())


def test_conditional_items_are_shown_only_when_they_hold(v2: Guideline) -> None:
    both = walk_of(v2, drugs="mmf,belimumab", creat="2.5", cyc_prior="0", extra="no")
    assert both.actions == ("Add belimumab to the current regimen.", "Keep mycophenolate at the full dose.")
    assert both.cautions == ("Creatinine is high; check the dose for kidney function.",)
    neither = walk_of(v2, drugs="belimumab", creat="1", cyc_prior="0", extra="no")
    assert neither.actions == ("Add belimumab to the current regimen.",)
    assert neither.cautions == ()


def test_an_option_is_offered_only_when_its_condition_holds(v2: Guideline) -> None:
    seen: list[tuple[str, ...]] = []

    def ask(prompt: Prompt) -> Any:
        node = prompt.node
        if node.id == "extra":
            seen.append(tuple(o.id for o in node.options))  # type: ignore[union-attr]
            return "no"
        return {"drugs": ("mmf",), "creat": 1.0, "cyc_prior": 0.0}[node.id]

    navigate(v2, ask)
    assert seen == [("yes", "no")]
    with pytest.raises(AnswersError) as info:
        walk_of(v2, drugs="mmf", creat="1", cyc_prior="0", extra="belimumab_failed")
    assert info.value.message == ('"belimumab_failed" is not an answer of "extra" (Is there extrarenal activity?) here '
                                  "(its condition does not hold); allowed: yes, no")


def test_units_are_converted_and_what_was_typed_is_kept(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="none", creat="115 µmol/L", cyc_prior="0")
    step = walk.steps[1]
    assert step.answer == pytest.approx(1.30088)
    assert (step.typed, step.label) == ("115 µmol/L", "115 µmol/L = 1.301 mg/dL")


def test_an_implausible_number_is_a_warning(v2: Guideline) -> None:
    walk = walk_of(v2, drugs="none", creat="12", cyc_prior="0")
    assert walk.warnings == ('"creat" (Current serum creatinine): 12 mg/dL is unusually high for this question '
                             "(typical 0.3 to 8 mg/dL)",)


def test_division_by_zero_is_refused_by_validate_and_still_located_if_a_model_skips_the_checks(
        tmp_path: Path, v2: Guideline) -> None:
    import shutil

    from lnnav.model import expr as expr_mod

    folder = tmp_path / "v2"
    shutil.copytree(V2, folder)
    nodes = folder / "nodes.yaml"
    # in g, as the node says (3 / cyc_prior alone is in 1/g)
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("expr: cyc_prior + 3",
                                                               "expr: 3 / cyc_prior * cyc_prior * cyc_prior"),
                     encoding="utf-8")
    with pytest.raises(GuidelineError) as refused:
        load_or_raise(folder)
    assert str(refused.value.issues[0]).startswith(
        f'{folder}/nodes.yaml:39:15: error: compute "cyc_total": the divisor after "/" can be 0')
    unchecked = v2.nodes["cyc_total"]
    assert isinstance(unchecked, Compute)
    unchecked = unchecked._replace(expr=expr_mod.parse("3 / cyc_prior"), expr_text="3 / cyc_prior")
    g = v2._replace(nodes={**v2.nodes, "cyc_total": unchecked})
    with pytest.raises(GuidelineError) as info:
        walk_of(g, drugs="none", creat="1", cyc_prior="0")
    assert [str(i) for i in info.value.issues] == [
        f'{unchecked.expr_source}: error: compute "cyc_total": division by zero in "3 / cyc_prior" (cyc_prior = 0 g)']


def test_back_crosses_route_compute_and_multi_steps(v2: Guideline) -> None:
    script: list[Any] = [("mmf",), 1.0, 0.0, BACK, BACK, BACK, ("cyc",), 1.0, 40.0]
    asked: list[str] = []

    def ask(prompt: Prompt) -> Any:
        asked.append(prompt.node.id)
        return script.pop(0)

    walk = navigate(v2, ask)
    # extra -> back to cyc_prior -> back to creat -> back to drugs, then forward again
    assert asked == ["drugs", "creat", "cyc_prior", "extra", "cyc_prior", "creat", "drugs", "creat", "cyc_prior"]
    assert walk.outcome.id == "rec_avoid_cyc"
    assert [s.node for s in walk.steps] == ["drugs", "creat", "cyc_prior", "cyc_total", "plan"]


def test_back_offers_a_number_as_it_was_typed(v2: Guideline) -> None:
    defaults: list[Any] = []
    script: list[Any] = [("mmf",), Measured(1.3, "115 umol/L"), BACK, Measured(1.3, "115 umol/L"), 0.0, "no"]

    def ask(prompt: Prompt) -> Any:
        defaults.append(prompt.default)
        return script.pop(0)

    navigate(v2, ask)
    assert defaults[3] == Measured(1.3, "115 umol/L")


Cli = Callable[..., Any]


def test_set_takes_units_and_lists(cli: Cli) -> None:
    run = cli("consult", *G, "--set", "drugs=mmf,belimumab", "--set", "creat=115 umol/L", "--set", "cyc_prior=0",
              "--set", "extra=no", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["answers"]["drugs"] == ["mmf", "belimumab"]
    creat = data["path"][1]
    assert (creat["typed"], creat["label"]) == ("115 umol/L", "115 umol/L = 1.301 mg/dL")
    compute = data["path"][3]
    assert compute["inputs"] == [{"id": "cyc_prior", "text": "Cyclophosphamide already given (total)", "value": "0 g"}]
    assert data["warnings"] == []


def test_a_scripted_implausible_number_warns_on_stderr_and_in_json(cli: Cli) -> None:
    run = cli("consult", *G, "--set", "drugs=none", "--set", "creat=12", "--set", "cyc_prior=0", "--format", "json")
    assert run.code == 0
    warning = ('"creat" (Current serum creatinine): 12 mg/dL is unusually high for this question '
               "(typical 0.3 to 8 mg/dL)")
    assert f"lnnav: warning: {warning}" in run.err
    assert json.loads(run.out)["warnings"] == [warning]


def test_an_unknown_unit_is_refused_with_the_accepted_ones(cli: Cli) -> None:
    run = cli("consult", *G, "--set", "drugs=none", "--set", "creat=1 mmol/L", "--set", "cyc_prior=0")
    assert run.code == 2
    assert ('--set: error: "creat" (Current serum creatinine): "1 mmol/L": unknown unit "mmol/L" for this question; '
            "accepted: mg/dL, umol/L") in run.err  # the value as typed, then what was wrong in it


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_renders_a_v2_consult(cli: Cli, fmt: str) -> None:
    run = cli("consult", *G, "--answers", "tests/data/v2/scenarios/dual.yaml", "--format", fmt, "--explain")
    assert run.code == 0, run.err
    shown = run.out.replace("\\", "") if fmt == "markdown" else run.out  # Markdown escapes _ and +
    for text in ("Keep mycophenolate at the full dose.", "190 umol/L = 2.149 mg/dL", "cyc_prior + 3"):
        assert text in shown, (fmt, text)


def test_a_record_keeps_typed_units_and_replays(cli: Cli, tmp_path: Path) -> None:
    record = tmp_path / "rec.json"
    run = cli("consult", *G, "--answers", "tests/data/v2/scenarios/dual.yaml", "--save", str(record),
              "--format", "json")
    assert run.code == 0, run.err
    doc = json.loads(record.read_text(encoding="utf-8"))
    assert doc["answers"] == {"drugs": ["mmf", "belimumab"], "creat": "190 umol/L", "cyc_prior": 6, "extra": "no"}
    again = cli("replay", str(record), *G)
    assert again.code == 0, again.err
    assert "same outcome" in again.out


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graphs_draw_route_rules_and_every_node(cli: Cli, fmt: str) -> None:
    run = cli("graph", *G, "--format", fmt)
    assert run.code == 0, run.err
    for node in ("drugs", "cyc_total", "plan", "rec_avoid_cyc"):
        assert node in run.out
    assert "cyc_total" in run.out and "otherwise" in run.out


def test_the_v2_scenarios_pass_with_every_outcome_reached(cli: Cli) -> None:
    run = cli("scenario", "check", "tests/data/v2/scenarios", "--coverage")
    assert run.code == 0, run.out + run.err
    assert "3 passed, 0 failed" in run.out


def test_a_not_alerts_expectation_fails_when_the_alert_fires(tmp_path: Path) -> None:
    from lnnav.engine import scenarios

    text = (V2 / "scenarios" / "dual.yaml").read_text(encoding="utf-8").replace(
        "alerts: [belimumab_on_board, cyc_answered]", "alerts: [cyc_answered]\n  not_alerts: [belimumab_on_board]")
    path = tmp_path / "dual.yaml"
    path.write_text(text, encoding="utf-8")
    result = scenarios.run(load_or_raise(V2), scenarios.load(path))
    assert result.problems == ('alert "belimumab_on_board" fired, but the scenario says it must not',)


@pytest.mark.parametrize("name", ["guideline.yaml", "nodes.yaml", "scenarios/dual.yaml"])
def test_format_md_example_is_the_v2_fixture(name: str) -> None:
    # FORMAT.md's complete v2 example is tests/data/v2, verbatim (less the schema header): it always validates
    text = (ROOT / "guidelines" / "FORMAT.md").read_text(encoding="utf-8")
    body = (V2 / name).read_text(encoding="utf-8").split("\n", 1)[1]
    assert f"```yaml\n{body}```" in text


def test_interactive_answers_reach_the_engine_as_typed(v2: Guideline) -> None:
    replies: list[Any] = [("cyc",), Measured(2.0, "176.8 umol/L"), 1.0]

    def ask(prompt: Prompt) -> Any | Back:
        return replies.pop(0)

    walk = navigate(v2, ask)
    assert walk.steps[1].typed == "176.8 umol/L" and walk.outcome.id == "rec_cyc"


def test_a_v2_scenario_quizzes_with_full_marks_on_its_own_answers(cli: Cli) -> None:
    run = cli("quiz", "tests/data/v2/scenarios/dual.yaml", *G, "--answers", "tests/data/v2/scenarios/dual.yaml")
    assert run.code == 0, run.err
    assert "Score: 3/3 decisive questions, outcome right" in run.out

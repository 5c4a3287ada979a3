"""The drug catalogue applied to a consult: withholding, cautions under their action, proposed conditions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, CliRunner
from lnnav.base.source import Source
from lnnav.engine import scenarios
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.explain import explain
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.drugs import Catalogue
from lnnav.model.guideline import Guideline

DRUGS = DATA / "drugs"
G = ("--guideline", "tests/data/drugs")


@pytest.fixture(scope="module")
def demo() -> Guideline:
    return load_or_raise(DRUGS)


def consult(g: Guideline, **answers: float | str) -> Walk:
    given = AnswerSet({k: Given(str(v), Source("test")) for k, v in answers.items()})
    return navigate(g, Scripted(g, resolve(g, given)))


def test_a_withheld_drug_takes_its_action_out_and_says_why(demo: Guideline) -> None:
    walk = consult(demo, egfr=24.0, pregnancy="not_planned")
    assert "Add belimumab to mycophenolate." not in walk.actions
    left = {x.text: (x.drugs, x.because, x.references) for x in walk.not_offered}
    assert left["Add belimumab to mycophenolate."] == (("belimumab",), "not studied below eGFR 30 mL/min/1.73 m2",
                                                       ("ref_a",))


def test_a_class_rule_withholds_the_class_and_every_action_that_proposes_it(demo: Guideline) -> None:
    walk = consult(demo, egfr=40.0, pregnancy="not_planned")
    left = {x.text: x.drugs for x in walk.not_offered}
    assert left == {"Add a calcineurin inhibitor to mycophenolate.": ("cni",)}
    assert walk.actions == ("Add belimumab to mycophenolate.",
                            "Continue azathioprine alone until kidney function allows more.",
                            "Do not repeat cyclophosphamide.")


def test_a_class_rule_applies_to_each_member(demo: Guideline) -> None:
    cat = Catalogue(demo.drugs)
    owners = [owner for owner, _rule in cat.rules("voclosporin", "withhold")]
    assert owners == ["voclosporin", "cni"]


def test_a_class_is_withheld_when_every_member_is(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    shutil.copytree(DRUGS, folder)
    drugs = folder / "drugs.yaml"
    drugs.write_text(drugs.read_text().replace(
        "  - id: tacrolimus\n    name: Tacrolimus\n",
        "  - id: tacrolimus\n    name: Tacrolimus\n    withhold:\n      - when: {question: pregnancy, equals: planned}\n"
        "        because: test reason\n        references: [ref_a]\n"))
    g = load_or_raise(folder)
    walk = consult(g, egfr=90.0, pregnancy="planned")
    left = {x.text: x for x in walk.not_offered}
    class_action = left["Switch to azathioprine with a calcineurin inhibitor."]
    assert class_action.drugs == ("cni",)
    assert class_action.because == "test reason no data in pregnancy"
    assert {w.drug for w in class_action.withheld} == {"tacrolimus", "voclosporin"}


def test_a_caution_is_shown_under_the_action_that_proposes_the_drug(demo: Guideline) -> None:
    walk = consult(demo, egfr=35.0, pregnancy="not_planned")
    index = walk.actions.index("Add belimumab to mycophenolate.")
    assert [(n.drug, n.text) for n in walk.notes_for(index)] == [("belimumab", "Monitor kidney function closely.")]
    assert all(not walk.notes_for(i) for i in range(len(walk.actions)) if i != index)


def test_a_withheld_member_of_an_offered_class_is_noted_under_the_action(demo: Guideline) -> None:
    walk = consult(demo, egfr=60.0, pregnancy="planned")
    index = walk.actions.index("Switch to azathioprine with a calcineurin inhibitor.")
    (note,) = walk.notes_for(index)
    assert (note.drug, note.text, bool(note.withheld)) == ("voclosporin", "no data in pregnancy", True)


def test_proposed_fires_for_the_drug_proposed_and_stays_silent_once_it_is_withheld(demo: Guideline) -> None:
    offered = consult(demo, egfr=70.0, pregnancy="not_planned")
    withheld = consult(demo, egfr=24.0, pregnancy="not_planned")
    assert [f.alert.id for f in offered.alerts] == ["belimumab_dosing"]
    assert [f.alert.id for f in withheld.alerts] == []


def test_a_member_never_counts_as_proposed_because_its_class_is(demo: Guideline) -> None:
    walk = consult(demo, egfr=70.0, pregnancy="not_planned")
    assert "cni" in walk.proposes and "voclosporin" not in walk.proposed
    assert "voclosporin_label" not in [f.alert.id for f in walk.alerts]


def test_a_class_counts_as_proposed_when_a_member_is() -> None:
    from lnnav.model.drugs import Drug

    cat = Catalogue((Drug("cni", "CNI", members=(("tacrolimus", Source("drugs.yaml", 5, 7)),)),
                     Drug("tacrolimus", "Tacrolimus")))
    assert cat.closure(("tacrolimus",)) == frozenset({"tacrolimus", "cni"})
    assert cat.closure(("cni",)) == frozenset({"cni"})


def test_an_outcome_caution_may_test_proposed(demo: Guideline) -> None:
    with_cni = consult(demo, egfr=70.0, pregnancy="not_planned")
    without = consult(demo, egfr=40.0, pregnancy="not_planned")
    assert with_cni.cautions == ("Check trough levels of the calcineurin inhibitor.",)
    assert without.cautions == ()


def test_proposed_any_holds_when_one_of_the_drugs_is_proposed(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    shutil.copytree(DRUGS, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("when: {proposed: belimumab}",
                                               "when: {proposed_any: [voclosporin, belimumab]}"))
    g = load_or_raise(folder)
    assert [f.alert.id for f in consult(g, egfr=70.0, pregnancy="not_planned").alerts] == ["belimumab_dosing"]
    assert [f.alert.id for f in consult(g, egfr=20.0, pregnancy="not_planned").alerts] == []


def test_the_drug_references_join_the_reference_list(demo: Guideline) -> None:
    walk = consult(demo, egfr=35.0, pregnancy="not_planned")
    assert [r.id for r in walk.references] == ["ref_a", "ref_b"]


def test_explain_names_the_rule_that_withheld_each_drug_with_its_place(demo: Guideline) -> None:
    ex = explain(consult(demo, egfr=24.0, pregnancy="not_planned"))
    said = {(w.drug, w.owner, w.where.rsplit("/", 1)[-1], w.because) for w in ex.withheld}
    assert said == {("belimumab", "belimumab", "drugs.yaml:14:9", "not studied below eGFR 30 mL/min/1.73 m2"),
                    ("cni", "cni", "drugs.yaml:26:9", "not listed as an option at eGFR 45 or below")}


def test_every_scenario_of_the_worked_example_passes_and_sees_the_same_result(demo: Guideline) -> None:
    for path in scenarios.find([DRUGS / "scenarios"]):
        result = scenarios.run(demo, scenarios.load(path))
        assert result.passed, result.problems


def test_set_answers_and_an_answers_file_see_the_same_withholding(cli: CliRunner) -> None:
    scripted = json.loads(cli("consult", *G, "--set", "egfr=24", "--set", "pregnancy=not_planned",
                              "--format", "json").out)
    answers = json.loads(cli("consult", *G, "--answers", "tests/data/drugs/scenarios/low-egfr.yaml",
                             "--format", "json").out)
    assert scripted["outcome"] == answers["outcome"]
    assert [x["drugs"] for x in scripted["outcome"]["not_offered"]] == [["belimumab"], ["cni"]]


def test_a_replayed_record_keeps_the_withheld_actions_out(cli: CliRunner, tmp_path: Path) -> None:
    record = tmp_path / "r.json"
    run = cli("consult", *G, "--answers", "tests/data/drugs/scenarios/low-egfr.yaml", "--save", str(record))
    assert run.code == 0, run.err
    saved = json.loads(record.read_text())
    assert saved["outcome"]["actions"] == ["Continue azathioprine alone until kidney function allows more.",
                                          "Do not repeat cyclophosphamide."]
    assert cli("replay", str(record), *G).out == "same outcome\n"


def test_the_quiz_scores_a_scenario_of_the_worked_example(cli: CliRunner) -> None:
    run = cli("quiz", "tests/data/drugs/scenarios/low-egfr.yaml", *G,
              "--answers", "tests/data/drugs/scenarios/low-egfr.yaml")
    assert run.code == 0, run.err
    assert "outcome right" in run.out


@pytest.mark.parametrize("name", ["guideline.yaml", "drugs.yaml", "nodes.yaml", "scenarios/low-egfr.yaml"])
def test_format_md_worked_example_is_the_drugs_fixture(name: str) -> None:
    text = (DRUGS.parent.parent.parent / "guidelines" / "FORMAT.md").read_text(encoding="utf-8")
    body = (DRUGS / name).read_text(encoding="utf-8").split("\n", 1)[1]
    assert f"```yaml\n{body}```" in text


def test_a_class_caution_shared_by_two_drugs_of_one_action_is_shown_once_under_the_class(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    shutil.copytree(DRUGS, folder)
    drugs = folder / "drugs.yaml"
    drugs.write_text(drugs.read_text().replace(
        "    members: [tacrolimus, voclosporin]\n",
        "    members: [tacrolimus, voclosporin]\n    cautions:\n      - when: {question: egfr, gt: 60}\n"
        "        text: Check trough levels.\n        references: [ref_b]\n"))
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace(
        "      - text: Add a calcineurin inhibitor to mycophenolate.\n        proposes: [mmf, cni]\n",
        "      - text: Add tacrolimus or voclosporin to mycophenolate.\n        proposes: [mmf, tacrolimus, voclosporin]\n"
    ).replace("      - text: Switch to azathioprine with a calcineurin inhibitor.\n        proposes: [azathioprine, cni]\n",
              "      - text: Switch to azathioprine with tacrolimus.\n        proposes: [azathioprine, tacrolimus]\n"))
    g = load_or_raise(folder)
    walk = consult(g, egfr=90.0, pregnancy="not_planned")
    both = walk.actions.index("Add tacrolimus or voclosporin to mycophenolate.")
    assert [(n.drug, n.text) for n in walk.notes_for(both)] == [("cni", "Check trough levels.")]
    planned = consult(g, egfr=90.0, pregnancy="planned")
    one = planned.actions.index("Switch to azathioprine with tacrolimus.")
    assert [(n.drug, n.text) for n in planned.notes_for(one)] == [("tacrolimus", "Check trough levels.")]

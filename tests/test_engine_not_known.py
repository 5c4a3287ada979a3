"""A numeric value answered as not known: where it leads, how it reads, and what conditions see."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, CliRunner, edited_copy
from lnnav.base.errors import AnswersError
from lnnav.base.source import Source
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_guideline, load_or_raise
from lnnav.model.guideline import UNKNOWN, Guideline, NumericQuestion

NOT_KNOWN = DATA / "not-known"
G = ("--guideline", "tests/data/not-known")


@pytest.fixture(scope="module")
def g() -> Guideline:
    return load_or_raise(NOT_KNOWN)


def walk_of(g: Guideline, **answers: str) -> Any:
    given = AnswerSet({k: Given(v, Source("test")) for k, v in answers.items()})
    return navigate(g, Scripted(g, resolve(g, given)))


def test_the_unknown_option_is_read_with_its_label_and_target(g: Guideline) -> None:
    q = g.nodes["baseline"]
    assert isinstance(q, NumericQuestion) and q.unknown is not None
    assert (q.unknown.label, q.unknown.next) == ("Not measured at the start", "current_alone")
    assert ("not known", "current_alone", q.unknown.source) in q.targets


def test_not_known_leads_to_its_own_node_and_reads_as_its_label(g: Guideline) -> None:
    walk = walk_of(g, baseline="unknown", current_alone="2")
    first = walk.steps[0]
    assert (first.answer, first.label, first.next, first.rule) == (UNKNOWN, "Not measured at the start", "current_alone",
                                                                   "not known")
    assert walk.outcome.id == "rec_no_baseline"
    assert walk.answers == {"baseline": UNKNOWN, "current_alone": 2.0}


def test_a_value_not_known_counts_as_not_answered(g: Guideline) -> None:
    unknown = walk_of(g, baseline="Unknown", current_alone="0.3")  # any case, as written by hand
    known = walk_of(g, baseline="4", current="1.5")
    assert [a.alert.id for a in unknown.alerts] == ["baseline_missing"]
    assert unknown.actions == ("Carry on.",)  # the item guarded by {answered: baseline} is left out
    assert known.alerts == ()
    assert known.actions == ("Carry on.", "The start value was known.")


def test_a_question_without_the_option_refuses_the_word(g: Guideline) -> None:
    with pytest.raises(AnswersError) as refused:
        walk_of(g, baseline="4", current="unknown")
    assert refused.value.lines() == ['test: error: "current" (Protein/creatinine ratio now): "unknown" is not a number: '
                                     "enter a number in g/g (0 to 30 g/g)"]


def test_a_misspelt_word_says_that_unknown_is_accepted(g: Guideline) -> None:
    with pytest.raises(AnswersError) as refused:
        walk_of(g, baseline="unkown")
    assert refused.value.lines()[0].endswith('(0.01 to 30 g/g) (or "unknown" if not known)')


def test_a_record_keeps_the_word_and_replays_to_the_same_outcome(cli: CliRunner, tmp_path: Path) -> None:
    record = tmp_path / "r.json"
    run = cli("consult", *G, "--set", "baseline=unknown", "--set", "current_alone=2", "--format", "json",
              "--save", str(record))
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert doc["path"][0]["answer"] == "unknown" and doc["path"][0]["label"] == "Not measured at the start"
    assert json.loads(record.read_text(encoding="utf-8"))["answers"]["baseline"] == "unknown"
    replayed = cli("replay", str(record), *G)
    assert replayed.code == 0, replayed.err
    assert "same outcome" in replayed.out + replayed.err


def test_explain_says_the_value_was_not_known(cli: CliRunner) -> None:
    run = cli("consult", *G, "--set", "baseline=unknown", "--set", "current_alone=2", "--explain")
    assert run.code == 0, run.err
    assert ('"Not measured at the start": the value is not known, which leads to the question "Protein/creatinine '
            'ratio now"; later decisions count it as not answered.') in " ".join(run.out.split())


def test_the_graph_draws_the_not_known_way_out(cli: CliRunner) -> None:
    run = cli("graph", *G)
    assert 'n_baseline -->|"not known"| n_current_alone' in run.out


def edited(tmp_path: Path, old: str, new: str) -> list[str]:
    copy = edited_copy(tmp_path, NOT_KNOWN, "nodes.yaml", old, new)
    return [str(i).replace(f"{copy}/", "") for i in load_guideline(copy)[1]]


def test_validate_refuses_a_computed_value_that_reads_a_number_not_known(tmp_path: Path) -> None:
    issues = edited(tmp_path, "      next: current_alone\n", "      next: current\n")
    assert ('nodes.yaml:29:11: error: compute "fall": "baseline" may be answered "not known" on a path that reaches '
            'it (its unknown: next leads here); guard with {answered: baseline} or send the unknown answer elsewhere'
            ) in issues


def test_validate_accepts_a_read_guarded_by_answered(tmp_path: Path) -> None:
    # the outcome item reads baseline after both ways out: guarded, it is fine; unguarded, it is not
    assert not [i for i in edited(tmp_path, "", "") if "error" in i]
    issues = edited(tmp_path, "        when: {answered: baseline}\n", "        when: {question: baseline, gt: 1}\n")
    assert any('action 2 of "rec_halved": "baseline" may be answered "not known"' in i for i in issues), issues


def test_the_unknown_option_needs_format_v2(tmp_path: Path) -> None:
    copy = tmp_path / "g"
    shutil.copytree(DATA / "mini", copy)
    nodes = copy / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8")
    nodes.write_text(text.replace("    kind: numeric\n", "    kind: numeric\n    unknown: {label: Not known, next: rec_switch}\n",
                                  1), encoding="utf-8")
    issues = [str(i) for i in load_guideline(copy)[1]]
    assert any('"unknown"' in i and "error" in i for i in issues), issues


def test_the_unknown_option_needs_a_label_and_a_next(tmp_path: Path) -> None:
    issues = edited(tmp_path, "      label: Not measured at the start\n", "")
    assert issues == ['nodes.yaml:14:7: error: "unknown" in numeric node "baseline" is missing required key "label"']


def test_explain_reads_a_value_not_known_as_the_engine_does(cli: CliRunner) -> None:
    # the engine fired the alert because baseline counts as not answered; the explanation must say so
    run = cli("consult", *G, "--set", "baseline=unknown", "--set", "current_alone=2", "--explain", "--format", "json")
    assert run.code == 0, run.err
    alert = json.loads(run.out)["explanation"]["alerts"][0]
    assert (alert["id"], alert["held"]) == ("baseline_missing", ['"Protein/creatinine ratio at the start" was not answered'])

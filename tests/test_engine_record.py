from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import edited_mini
from lnnav import __version__
from lnnav.base.errors import AnswersError
from lnnav.engine import record
from lnnav.engine.answers import Scripted, load_answers
from lnnav.engine.replay import compare
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.conditions import Answer
from lnnav.model.guideline import Guideline

SEVERE: dict[str, Answer] = {"situation": "flare", "upcr": 4.0}



def walk(g: Guideline, answers: dict[str, Answer]) -> Walk:
    return navigate(g, Scripted(g, answers))


def saved(tmp_path: Path, w: Walk, **meta: str) -> Path:
    path = tmp_path / "record.json"
    record.write(path, record.build(w, created="2026-01-02T03:04:05Z", **meta))
    return path


def test_a_record_holds_versions_time_answers_path_outcome_and_alerts(mini: Guideline) -> None:
    doc = record.build(walk(mini, SEVERE), title="Heavy", created="2026-01-02T03:04:05Z")
    assert doc == {
        "record_version": 1,
        "lnnav_version": __version__,
        "created": "2026-01-02T03:04:05Z",
        "guideline": {"id": "mini", "title": "Mini guideline for tests", "version": "1.0.0", "sha256": mini.sha256},
        "title": "Heavy",
        "answers": {"situation": "flare", "upcr": 4},
        "path": [
            {"node": "situation", "kind": "question", "answer": "flare", "label": "Worse after a response",
             "next": "upcr"},
            {"node": "upcr", "kind": "numeric", "answer": 4, "label": "4 g/g", "next": "rec_flare_severe"},
        ],
        "outcome": {"id": "rec_flare_severe", "title": "Re-induce",
                    "actions": ["Re-induce with the regimen that worked."]},
        "alerts": [{"id": "heavy", "title": "Nephrotic-range proteinuria", "text": "Consider anticoagulation risk."}],
    }


def test_the_creation_time_is_iso_8601_utc(mini: Guideline) -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record.build(walk(mini, SEVERE))["created"])


def test_fractional_answers_are_kept_as_written(mini: Guideline) -> None:
    assert record.build(walk(mini, {"situation": "flare", "upcr": 2.5}))["answers"]["upcr"] == 2.5


def test_a_record_reads_back_as_it_was_written(mini: Guideline, tmp_path: Path) -> None:
    rec = record.read(saved(tmp_path, walk(mini, SEVERE), title="Heavy", description="A vignette."))
    assert (rec.guideline_id, rec.guideline_version, rec.sha256) == ("mini", "1.0.0", mini.sha256)
    assert (rec.outcome, rec.outcome_title, rec.alerts, rec.created) == ("rec_flare_severe", "Re-induce", ("heavy",),
                                                                         "2026-01-02T03:04:05Z")
    assert [str(s) for s in rec.steps] == ["situation = Worse after a response -> upcr",
                                           "upcr = 4 g/g -> rec_flare_severe"]
    assert (rec.answers.title, rec.answers.description) == ("Heavy", "A vignette.")


def test_a_record_is_an_answers_file(mini: Guideline, tmp_path: Path) -> None:
    given = load_answers(saved(tmp_path, walk(mini, SEVERE)))
    assert {k: v.text for k, v in given.given.items()} == {"situation": "flare", "upcr": "4"}


def test_an_unchanged_replay_compares_equal(mini: Guideline, tmp_path: Path) -> None:
    rec = record.read(saved(tmp_path, walk(mini, SEVERE)))
    cmp = compare(rec, record.rederive(mini, rec))
    assert cmp.unchanged
    assert (cmp.content_changed, cmp.steps, cmp.outcome_changed) == (False, (), False)


def test_a_changed_threshold_shows_the_changed_step_outcome_and_alerts(mini: Guideline, tmp_path: Path) -> None:
    rec = record.read(saved(tmp_path, walk(mini, SEVERE)))
    g = load_or_raise(edited_mini(tmp_path, "ge: 3}", "ge: 5}"))
    cmp = compare(rec, record.rederive(g, rec))
    assert cmp.content_changed and cmp.outcome_changed and not cmp.unchanged
    assert [(c.number, str(c.recorded), str(c.now)) for c in cmp.steps] == [
        (2, "upcr = 4 g/g -> rec_flare_severe", "upcr = 4 g/g -> rec_flare_mild")]
    assert (cmp.alerts_removed, cmp.alerts_added) == (("heavy",), ())


def test_answers_that_no_longer_fit_a_changed_guideline_are_a_stale_record(mini: Guideline, tmp_path: Path) -> None:
    rec = record.read(saved(tmp_path, walk(mini, SEVERE)))
    g = load_or_raise(edited_mini(tmp_path, "upcr", "upcr_24h"))
    with pytest.raises(record.StaleRecord) as info:
        record.rederive(g, rec)
    assert info.value.exit_code == 1
    assert info.value.lines() == [
        f'{rec.path}:13:13: error: "upcr" is not a question of guideline "mini"',
        f'the answers in {rec.path} no longer fit guideline "mini" version 1.1.0 (recorded with version 1.0.0); '
        "the consult cannot be replayed",
    ]


def test_a_missing_record_is_an_answers_error(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as info:
        record.read(tmp_path / "nope.json")
    assert info.value.lines() == [f"{tmp_path / 'nope.json'}: record file not found"]


def test_a_file_that_is_not_a_record_names_each_problem_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"record_version": 2, "answers": {"a": "b"}, "path": [], "alerts": [],
                                "outcome": {"id": "x"}}, indent=2))
    with pytest.raises(AnswersError) as info:
        record.read(path)
    assert info.value.lines() == [
        f'{path}:1:1: error: a record is missing required key "guideline"',
        f"{path}:2:21: error: record_version 2 is not supported (this lnnav reads 1)",
        f"{path}: not a valid session record",
    ]


@pytest.mark.parametrize(("value", "problem"), [
    ("1" + "0" * 400, "number cannot be read: 1" + "0" * 39),
    ("1.0e+999", "1.0e+999 is not a finite number; write a number (quote it if it is text)"),
])
def test_a_record_version_beyond_float_range_is_a_clean_error(tmp_path: Path, value: str, problem: str) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"record_version": ' + value + ', "answers": {}}', encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        record.read(path)
    assert [str(i) for i in caught.value.issues] == [f"{path}:1:20: error: {problem}"]

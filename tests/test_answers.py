from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI
from lnnav.answers import AnswerSet, Scripted, load_answers, parse_sets, resolve
from lnnav.engine import navigate
from lnnav.errors import AnswersError
from lnnav.model import Guideline


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_flat_yaml_file_maps_question_ids_to_values_as_written(tmp_path: Path, mini: Guideline) -> None:
    given = load_answers(write(tmp_path, "a.yaml", "situation: no_response\nadherence: yes\n"))
    assert resolve(mini, given) == {"situation": "no_response", "adherence": "yes"}


def test_a_json_file_and_numbers_are_read(tmp_path: Path, mini: Guideline) -> None:
    given = load_answers(write(tmp_path, "a.json", '{"situation": "flare", "upcr": 3.5}'))
    assert resolve(mini, given) == {"situation": "flare", "upcr": 3.5}


def test_a_scenario_file_is_an_answers_file_with_its_title(mini: Guideline) -> None:
    given = load_answers(MINI / "scenarios" / "severe-flare.yaml")
    assert given.title == "Heavy proteinuric flare"
    assert given.description == "Proteinuria of 4 g/g after a response."
    assert resolve(mini, given) == {"situation": "flare", "upcr": 4.0}


def test_set_pairs_win_over_the_file(tmp_path: Path, mini: Guideline) -> None:
    given = load_answers(write(tmp_path, "a.yaml", "situation: no_response\nadherence: 'no'\n"))
    merged = given.merged(parse_sets(["adherence=yes"]))
    assert resolve(mini, merged) == {"situation": "no_response", "adherence": "yes"}


@pytest.mark.parametrize("pair", ["adherence", "=yes", "adherence="])
def test_a_set_without_id_and_value_is_refused(pair: str) -> None:
    with pytest.raises(AnswersError) as info:
        parse_sets([pair])
    assert info.value.message == f'--set takes ID=VALUE, got "{pair}"'


def test_every_bad_answer_is_reported_at_once_with_the_allowed_values(
    tmp_path: Path, mini: Guideline, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.yaml", "situaton: flare\nadherence: maybe\nupcr: 45\n")
    monkeypatch.chdir(tmp_path)
    given = load_answers(Path("a.yaml"))
    with pytest.raises(AnswersError) as info:
        resolve(mini, given)
    assert info.value.lines() == [
        'a.yaml:1:11: error: "situaton" is not a question of guideline "mini"; did you mean "situation"?',
        'a.yaml:2:12: error: "maybe" is not allowed for "adherence" (Is adherence confirmed?); allowed: yes, no',
        'a.yaml:3:7: error: "upcr" (Current 24-h urine protein/creatinine ratio?): 45 g/g is out of range: enter 0 to 30 g/g',
    ]


def test_a_calculated_or_outcome_node_cannot_be_answered(mini: Guideline) -> None:
    with pytest.raises(AnswersError) as info:
        resolve(mini, parse_sets(["rec_switch=x"]))
    assert info.value.lines() == ['--set: error: "rec_switch" is a recommendation, not a question, in guideline "mini"']


def test_a_missing_answer_names_the_question_and_how_to_give_it(mini: Guideline) -> None:
    lookup = Scripted(mini, resolve(mini, parse_sets(["situation=flare"])))
    with pytest.raises(AnswersError) as info:
        navigate(mini, lookup)
    assert info.value.message == (
        'no answer for question "upcr" (Current 24-h urine protein/creatinine ratio?); allowed: a number from 0 to '
        "30 g/g. Add it to the answers file or pass --set upcr=VALUE"
    )


def test_answers_off_the_path_are_listed_as_unused(mini: Guideline) -> None:
    lookup = Scripted(mini, resolve(mini, parse_sets(["situation=flare", "upcr=1", "adherence=yes"])))
    navigate(mini, lookup)
    assert lookup.unused() == ["adherence"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- situation\n", "a.yaml:1:1: error: answers must be a mapping of question id -> answer, got a list"),
        ("situation: [[flare]]\n", 'a.yaml:1:12: error: answer for "situation" must be an option id or a number, got a list'),
        ("answers: 3\n", 'a.yaml:1:10: error: "answers" must be a mapping, got a number (3)'),
        ("a: 1\na: 2\n", 'a.yaml:2:1: error: duplicate key "a" (first defined at line 1)'),
    ],
)
def test_malformed_answers_files_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    write(tmp_path, "a.yaml", text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnswersError) as info:
        load_answers(Path("a.yaml"))
    assert info.value.lines() == [message]


def test_a_missing_answers_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnswersError) as info:
        load_answers(Path("none.yaml"))
    assert info.value.message == "none.yaml: answers file not found"


def test_an_empty_answer_set_resolves_to_nothing(mini: Guideline) -> None:
    assert resolve(mini, AnswerSet()) == {}

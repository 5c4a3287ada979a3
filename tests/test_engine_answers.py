from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI
from lnnav.base.errors import AnswersError
from lnnav.engine.answers import AnswerSet, Scripted, load_answers, parse_sets, resolve
from lnnav.engine.walk import navigate
from lnnav.model.guideline import Guideline


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


def test_the_same_question_set_twice_is_a_usage_error() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_sets(["situation=flare", "situation=no_response"])
    assert caught.value.message == ('--set situation is given twice ("flare" and "no_response"); give each question '
                                    "one answer")


def test_thousands_of_unknown_answers_stop_after_twenty_with_a_count(tmp_path: Path, mini: Guideline) -> None:
    path = write(tmp_path, "many.yaml", "".join(f"k{i}: 1\n" for i in range(5000)))
    with pytest.raises(AnswersError) as caught:
        resolve(mini, load_answers(path))
    lines = caught.value.lines()
    assert len(lines) == 21
    assert lines[0].endswith('many.yaml:1:5: error: "k0" is not a question of guideline "mini"')
    assert lines[-1] == "... and 4,980 more"


def test_a_huge_value_is_echoed_shortened(mini: Guideline) -> None:
    with pytest.raises(AnswersError) as caught:
        resolve(mini, parse_sets(["situation=" + "x" * 100_000]))
    (line,) = caught.value.lines()
    assert len(line) < 400
    assert f'"{"x" * 200}... (100,000 characters)" is not allowed for "situation"' in line


def test_a_refused_number_names_the_value_not_a_fragment(mini: Guideline) -> None:
    with pytest.raises(AnswersError) as caught:
        resolve(mini, parse_sets(["upcr=1,5,5"]))
    assert caught.value.lines() == ['--set: error: "upcr" (Current 24-h urine protein/creatinine ratio?): "1,5,5": '
                                    'unknown unit ",5" for this question; accepted: g/g']


def test_minus_zero_is_read_and_shown_as_zero(mini: Guideline) -> None:
    walk = navigate(mini, Scripted(mini, resolve(mini, parse_sets(["situation=flare", "upcr=-0"]))))
    assert (str(walk.steps[1].answer), walk.steps[1].label) == ("0.0", "0 g/g")


def test_json_answers_with_surrogate_pair_escapes_load(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"title": "\\ud83d\\ude00", "answers": {"situation": "flare"}}')
    assert load_answers(path).title == "\U0001f600"

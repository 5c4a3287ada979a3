from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from conftest import BUNDLED, MINI, CliRunner
from lnnav.base.errors import UsageError
from lnnav.cli.commands.quiz import learner_walk
from lnnav.engine import quiz
from lnnav.engine.answers import Scripted
from lnnav.engine.scenarios import load
from lnnav.engine.walk import Walk, navigate
from lnnav.model.conditions import Answer
from lnnav.model.guideline import Guideline

MINI_ARGS = ("--guideline", "tests/data/mini")
DOWN, ENTER = "\x1b[B", "\r"




def walk(g: Guideline, answers: dict[str, Answer]) -> Walk:
    return navigate(g, Scripted(g, answers))


def test_the_same_path_scores_full_marks(mini: Guideline) -> None:
    r = quiz.compare(walk(mini, {"situation": "flare", "upcr": 4.0}), walk(mini, {"situation": "flare", "upcr": 4.0}))
    assert (r.matched, r.total, r.outcome_correct, r.divergence) == (2, 2, True, None)


def test_a_wrong_turn_marks_later_questions_not_asked_and_lists_the_detour(mini: Guideline) -> None:
    r = quiz.compare(walk(mini, {"situation": "flare", "upcr": 4.0}),
                     walk(mini, {"situation": "no_response", "adherence": "yes"}))
    assert [(q.node, q.status, q.given_label) for q in r.questions] == [
        ("situation", "wrong", "No response yet"), ("upcr", "not asked", "")]
    assert [(q.node, q.given_label) for q in r.extra] == [("adherence", "Confirmed")]
    # the question never asked because of the wrong turn is not counted against the learner
    assert (r.matched, r.total, r.not_asked, r.outcome_correct) == (0, 1, 1, False)
    assert r.divergence is not None and (r.divergence.step, r.divergence.question) == (1, 1)


def test_the_first_divergence_is_explained_both_ways(mini: Guideline) -> None:
    r = quiz.compare(walk(mini, {"situation": "flare", "upcr": 4.0}), walk(mini, {"situation": "flare", "upcr": 1.2}))
    d = r.divergence
    assert d is not None and d.expected is not None and d.given is not None
    assert d.step == 2
    assert d.expected.why == ('4 g/g matches ">= 3", the first branch that holds, which leads to the recommendation '
                              '"Re-induce".')
    assert d.given.why == ('1.2 g/g matches "otherwise", the first branch that holds, which leads to the '
                           'recommendation "Confirm and watch".')


def test_the_same_seed_picks_the_same_scenario() -> None:
    files = [Path(f"{n}.yaml") for n in range(20)]
    assert quiz.pick(files, 7) == quiz.pick(files, 7)
    assert len({quiz.pick(files, seed) for seed in range(30)}) > 1


def test_no_scenarios_to_pick_from_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        quiz.pick([], None)
    assert info.value.message == "no scenarios to choose from: give a SCENARIO file"


def test_a_scenario_is_found_by_name_or_the_names_are_listed() -> None:
    assert quiz.find("adherence", MINI / "scenarios") == MINI / "scenarios" / "adherence.yaml"
    with pytest.raises(UsageError) as info:
        quiz.find("nope", MINI / "scenarios")
    assert info.value.message == ('scenario "nope" not found (a file, or a name in tests/data/mini/scenarios: '
                                  "adherence, mild-flare, severe-flare, switch)")


def learner_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "learner.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_scripted_quiz_prints_each_question_the_divergence_and_the_score(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: flare\nupcr: 1.2\n")
    run = cli("quiz", "severe-flare", *MINI_ARGS, "--answers", answers)
    assert (run.code, run.err) == (0, "")
    assert run.out == """\
Quiz: Heavy proteinuric flare (tests/data/mini/scenarios/severe-flare.yaml)

1. Which situation applies?
   expected: Worse after a response; yours: Worse after a response: right
2. Current 24-h urine protein/creatinine ratio?
   expected: 4 g/g; yours: 1.2 g/g: wrong

First divergence:
   At question 2 ("Current 24-h urine protein/creatinine ratio?"), you answered "1.2 g/g", which
   leads to the recommendation "Confirm and watch"; the expected answer, "4 g/g", leads to the
   recommendation "Re-induce".

Outcome: expected "Re-induce", yours "Confirm and watch": wrong
Score: 1/2 decisive questions, outcome wrong
"""


def test_a_json_quiz_carries_the_score(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: no_response\nadherence: 'no'\n")
    run = cli("quiz", "tests/data/mini/scenarios/adherence.yaml", *MINI_ARGS, "--answers", answers, "--format", "json")
    doc = json.loads(run.out)
    assert doc["score"] == {"matched": 2, "total": 2, "outcome_correct": True}
    assert doc["first_divergence"] is None
    assert doc["scenario"] == {"file": "tests/data/mini/scenarios/adherence.yaml", "title": "Not adherent"}


def test_a_random_quiz_with_a_seed_is_reproducible(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: flare\nupcr: 1\nadherence: 'yes'\n")
    first = cli("quiz", *MINI_ARGS, "--seed", "5", "--answers", answers, "--format", "json")
    second = cli("quiz", *MINI_ARGS, "--seed", "5", "--answers", answers, "--format", "json")
    assert first.code == 0
    assert json.loads(first.out)["scenario"] == json.loads(second.out)["scenario"]


def test_a_missing_learner_answer_exits_2_as_in_consult(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: flare\n")
    run = cli("quiz", "severe-flare", *MINI_ARGS, "--answers", answers)
    assert (run.code, run.out) == (2, "")
    assert run.err == ('lnnav: error: no answer for question "upcr" (Current 24-h urine protein/creatinine ratio?); '
                       "allowed: a number from 0 to 30 g/g. Add it to the answers file or pass --set upcr=VALUE\n")


def test_a_quiz_without_answers_and_without_a_terminal_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("quiz", "severe-flare", *MINI_ARGS)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("lnnav: error: no answers given and standard input is not a terminal: use --answers FILE "
                       "(see lnnav quiz --help)\n")


def test_the_interactive_quiz_shows_the_vignette_and_takes_answers_with_back(mini: Guideline,
                                                                             pipe: PipeInput) -> None:
    sc = load(MINI / "scenarios" / "severe-flare.yaml")
    err = io.StringIO()
    # no_response, then Back (below the separator), then flare, then a number
    pipe.send_text(ENTER + DOWN + DOWN + ENTER + DOWN + ENTER + "4" + ENTER)
    learner = learner_walk(mini, sc, Console(file=err, no_color=True, width=100), input=pipe, output=DummyOutput())
    expected = walk(mini, {"situation": "flare", "upcr": 4.0})
    r = quiz.compare(expected, learner)
    assert (r.matched, r.total, r.outcome_correct) == (2, 2, True)
    assert err.getvalue().startswith("Quiz: Heavy proteinuric flare\nProteinuria of 4 g/g after a response.\n")


def test_an_interactive_quiz_runs_with_the_cycle_collector_on(mini: Guideline, pipe: PipeInput) -> None:
    """`run` turns the collector off for batch commands; at the terminal memory would grow each question."""
    import gc

    sc = load(MINI / "scenarios" / "severe-flare.yaml")
    pipe.send_text(DOWN + ENTER + "4" + ENTER)
    gc.disable()
    try:
        learner_walk(mini, sc, Console(file=io.StringIO(), no_color=True), input=pipe, output=DummyOutput())
        on = gc.isenabled()
    finally:
        gc.enable()
    assert on


BUNDLED_SCENARIOS = sorted((BUNDLED / "scenarios").glob("*.yaml"))


@pytest.mark.skipif(not BUNDLED_SCENARIOS, reason="the bundled guideline has no scenarios yet")
def test_a_learner_giving_a_bundled_scenarios_own_answers_scores_full_marks(cli: CliRunner) -> None:
    path = BUNDLED_SCENARIOS[len(BUNDLED_SCENARIOS) // 2]
    run = cli("quiz", str(path), "--answers", str(path), "--format", "json")
    assert run.code == 0, run.err
    score = json.loads(run.out)["score"]
    assert score["matched"] == score["total"] > 0 and score["outcome_correct"]


PREGNANCY = """nodes:
  - id: pregnancy
    kind: question
    text: Pregnancy plans?
    help: Asked of every patient.
    options:
      - id: possible
        label: Possible
        next: situation
      - id: none
        label: None
        next: situation
"""


@pytest.fixture
def teach(tmp_path: Path) -> Path:
    """Mini with a first question whose answer never changes the outcome."""
    import shutil

    folder = tmp_path / "teach"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8")
    nodes.write_text(text.replace("nodes:\n", PREGNANCY, 1), encoding="utf-8")
    manifest = folder / "guideline.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("start: situation", "start: pregnancy"),
                        encoding="utf-8")
    (folder / "scenarios" / "severe-flare.yaml").write_text(
        "title: Heavy flare\ndescription: Proteinuria of 4 g/g after a response.\n"
        "answers: {pregnancy: possible, situation: flare, upcr: 4}\n"
        "expect: {outcome: rec_flare_severe, alerts: [heavy], accept: [rec_flare_mild]}\n", encoding="utf-8")
    return folder


def test_a_question_whose_answer_never_changes_the_outcome_is_not_scored(teach: Path) -> None:
    from lnnav.format.loader import load_or_raise

    g = load_or_raise(teach)
    expected = walk(g, {"pregnancy": "possible", "situation": "flare", "upcr": 4.0})
    r = quiz.compare(expected, walk(g, {"pregnancy": "none", "situation": "flare", "upcr": 4.0}))
    assert [(q.node, q.status, q.decisive) for q in r.questions] == [
        ("pregnancy", "wrong", False), ("situation", "right", True), ("upcr", "right", True)]
    assert (r.matched, r.total, r.outcome_correct, r.divergence) == (2, 2, True, None)


def test_the_first_divergence_is_where_an_answer_led_elsewhere_not_where_it_first_differed(teach: Path) -> None:
    from lnnav.format.loader import load_or_raise

    g = load_or_raise(teach)
    expected = walk(g, {"pregnancy": "possible", "situation": "flare", "upcr": 4.0})
    r = quiz.compare(expected, walk(g, {"pregnancy": "none", "situation": "flare", "upcr": 1.0}))
    assert r.divergence is not None and r.divergence.step == 3


def test_an_accepted_alternative_outcome_is_right_and_said_to_be_another_valid_path(cli: CliRunner, teach: Path,
                                                                                   tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "pregnancy: none\nsituation: flare\nupcr: 2\n")
    run = cli("quiz", "severe-flare", "--guideline", str(teach), "--answers", answers)
    assert run.code == 0, run.err
    assert run.out.splitlines()[1:9] == [  # wrapped at COLUMNS (100), hanging under the text
        "",
        "1. Pregnancy plans?",
        "   expected: Possible; yours: None: wrong (not decisive: the outcome does not depend on it; not",
        "             scored)",
        "2. Which situation applies?",
        "   expected: Worse after a response; yours: Worse after a response: right",
        "3. Current 24-h urine protein/creatinine ratio?",
        "   expected: 4 g/g; yours: 2 g/g: wrong",
    ]
    assert run.out.splitlines()[-3:] == [
        'Outcome: expected "Re-induce", yours "Confirm and watch": right (another valid path: the scenario',
        "accepts this outcome too)",
        "Score: 1/2 decisive questions, outcome right",
    ]


def test_a_question_not_asked_is_said_once(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: no_response\nadherence: 'yes'\n")
    run = cli("quiz", "severe-flare", *MINI_ARGS, "--answers", answers)
    assert "   expected: 4 g/g; not asked on your path" in run.out.splitlines()
    assert "not asked: not asked" not in run.out


def test_list_names_each_scenario_with_its_title(cli: CliRunner) -> None:
    run = cli("quiz", "--list", *MINI_ARGS)
    assert (run.code, run.out) == (0, "adherence     Not adherent\n"
                                      "mild-flare    Mild proteinuric rise\n"
                                      "severe-flare  Heavy proteinuric flare\n"
                                      "switch        Adherent non-responder\n")


def test_a_misspelt_scenario_name_gets_a_suggestion() -> None:
    with pytest.raises(UsageError) as info:
        quiz.find("severe-flair", MINI / "scenarios")
    assert info.value.message == ('scenario "severe-flair" not found in tests/data/mini/scenarios; did you mean '
                                  '"severe-flare"? (lnnav quiz --list shows them all)')


def test_the_quiz_keeps_the_evidence_behind_its_key_as_a_consult_does(pipe: PipeInput) -> None:
    from lnnav.format.loader import load_or_raise

    g = load_or_raise(BUNDLED)
    sc = load(BUNDLED / "scenarios" / sorted(p.name for p in (BUNDLED / "scenarios").glob("*.yaml"))[0])
    err = io.StringIO()
    pipe.send_text("\x04")  # end of input at the first question: only what came before it is printed
    with pytest.raises(Exception):  # noqa: B017 - InputClosed or EOFError, whichever the prompt raises
        learner_walk(g, sc, Console(file=err, no_color=True, width=100), input=pipe, output=DummyOutput())
    first = g.nodes[g.start]
    evidence = first.help.split("\n\n", 1)[1].split()[0:6]  # type: ignore[union-attr]
    assert " ".join(evidence) not in " ".join(err.getvalue().split())


def test_the_quiz_is_wrapped_at_the_width_with_hanging_indents(mini: Guideline) -> None:
    from lnnav.cli.commands.quiz import result_text

    r = quiz.compare(walk(mini, {"situation": "flare", "upcr": 4.0}),
                     walk(mini, {"situation": "no_response", "adherence": "yes"}), title="Heavy", scenario="s.yaml")
    lines = result_text(r, 50).splitlines()
    assert all(len(line) <= 50 for line in lines), "\n".join(lines)
    assert lines[3:5] == ["   expected: Worse after a response; yours: No",
                          "             response yet: wrong"]  # hanging under the text, not under "expected"
    assert lines[11:15] == ["First divergence:",
                            '   At question 1 ("Which situation applies?"), you',
                            '   answered "No response yet", which leads to the',
                            '   question "Is adherence confirmed?"; the']


def test_questions_never_asked_after_a_wrong_turn_are_not_counted_wrong(cli: CliRunner, tmp_path: Path) -> None:
    answers = learner_file(tmp_path, "situation: no_response\nadherence: 'yes'\n")
    run = cli("quiz", "severe-flare", *MINI_ARGS, "--answers", answers)
    assert run.out.splitlines()[-3:] == [
        "Score: 0/1 decisive questions, outcome wrong",
        "Not scored: 1 question of the expected path that your path did not ask (an earlier answer led",
        "elsewhere).",
    ]
    doc = json.loads(cli("quiz", "severe-flare", *MINI_ARGS, "--answers", answers, "--format", "json").out)
    assert doc["score"] == {"matched": 0, "total": 1, "outcome_correct": False}
    assert [(q["node"], q["scored"]) for q in doc["questions"]] == [("situation", True), ("upcr", False)]


def test_a_divergence_at_a_decision_is_named_by_the_question_the_learner_saw_and_said_in_words(
        cli: CliRunner, tmp_path: Path) -> None:
    # two questions, then three computed values and a decision: the paths part at step 6, after question 2
    answers = learner_file(tmp_path, "potassium: 5.2\nbaseline: 1.8\n")
    run = cli("quiz", "above", "--guideline", "tests/data/units", "--answers", answers)
    assert run.code == 0, run.err
    assert "step 6" not in run.out
    assert " ".join(run.out.split("First divergence:\n", 1)[1].split("\n\n", 1)[0].split()) == (
        'After question 2, the decision "Decide on the rise" took you to the recommendation "Rise below 2.889 '
        'times" because of your answers to questions 1 and 2; with the expected answers it leads to the '
        'recommendation "Rise at least 2.889 times".')
    doc = json.loads(cli("quiz", "above", "--guideline", "tests/data/units", "--answers", answers,
                         "--format", "json").out)
    assert {k: doc["first_divergence"][k] for k in ("step", "question", "after_question")} == {
        "step": 6, "question": 2, "after_question": True}

"""lnnav.engine.lint: maintainer checks with exact places; warnings, except failing scenarios and review dates out of order."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DATA, CliRunner
from lnnav.engine.lint import PLACEHOLDER, lint
from lnnav.format.loader import display_path, load_guideline

MINI = Path(__file__).resolve().parent / "data" / "mini"
BEFORE_DUE = dt.date(2027, 1, 1)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warnings(folder: Path, today: dt.date = BEFORE_DUE) -> list[str]:
    """Every finding, as printed (severity included)."""
    guideline, _issues = load_guideline(folder)
    return [str(i) for i in lint(folder, guideline, today=today)]


def test_clean_guideline_has_no_warnings() -> None:
    assert warnings(MINI) == []


def test_review_past_due_names_the_date_and_its_place(mini: Path) -> None:
    root = display_path(mini)
    assert warnings(mini, dt.date(2027, 11, 11)) == [
        f"{root}/guideline.yaml:7:13: warning: review was due on 2027-11-01 (10 day(s) ago); review the content, "
        "then update last_reviewed, review_due and version"
    ]
    assert warnings(mini, dt.date(2027, 11, 1)) == []


def test_question_without_help_is_flagged_at_the_node(mini: Path) -> None:
    edit(mini / "nodes.yaml", "    help: Drug levels beat questionnaires.\n", "")
    assert warnings(mini) == [
        f'{display_path(mini)}/nodes.yaml:14:5: warning: question "adherence" has no help text; '
        "add the definitions and thresholds it relies on, with their source"
    ]


def test_empty_help_on_a_numeric_question_is_flagged(mini: Path) -> None:
    edit(mini / "nodes.yaml", "    help: A 24-h collection, not a spot sample.\n", '    help: ""\n')
    assert warnings(mini) == [
        f'{display_path(mini)}/nodes.yaml:25:5: warning: question "upcr" has no help text; '
        "add the definitions and thresholds it relies on, with their source"
    ]


@pytest.mark.parametrize(
    ("old", "new", "place", "word"),
    [
        ("    summary: Heavy proteinuria.", "    summary: Heavy proteinuria (TODO threshold).", "60:33", "TODO"),
        ("      - Measure drug levels.", "      - Measure drug levels; tbd", "53:30", "tbd"),
        ("    title: Confirm and watch", "    title: Lorem ipsum dolor", "68:12", "Lorem ipsum"),
        ("    summary: Lower proteinuria.", "    summary: |\n      Lower proteinuria.\n      FIXME cite it", "71:7",
         "FIXME"),
    ],
)
def test_placeholder_is_found_on_its_own_line(mini: Path, old: str, new: str, place: str, word: str) -> None:
    edit(mini / "nodes.yaml", old, new)
    assert warnings(mini) == [
        f'{display_path(mini)}/nodes.yaml:{place}: warning: "{word}" looks like a leftover placeholder; '
        "write the final text"
    ]


@pytest.mark.parametrize("text", ["todo_list", "TODOS", "XXXL", "lorem"])
def test_words_that_merely_contain_a_placeholder_are_not_flagged(text: str) -> None:
    assert PLACEHOLDER.search(text) is None


def test_placeholders_are_found_in_an_invalid_guideline_too(mini: Path) -> None:
    edit(mini / "bibliography.yaml", "    citation: Author B. Another paper.", "    citation: XXX Another paper.")
    edit(mini / "nodes.yaml", "        next: rec_switch", "        next: rec_nowhere")
    guideline, _issues = load_guideline(mini)
    assert guideline is None
    assert [str(i) for i in lint(mini, None, today=BEFORE_DUE)] == [
        f'{display_path(mini)}/bibliography.yaml:8:15: warning: "XXX" looks like a leftover placeholder; '
        "write the final text"
    ]


def test_outcome_no_scenario_reaches_is_flagged(mini: Path) -> None:
    (mini / "scenarios" / "switch.yaml").unlink()
    assert warnings(mini) == [
        f'{display_path(mini)}/nodes.yaml:36:5: warning: outcome "rec_switch" is not reached by any passing '
        f"scenario in {display_path(mini / 'scenarios')}; add one"
    ]


def test_failing_scenario_is_an_error_and_its_outcome_counts_as_unreached(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "  outcome: rec_switch", "  outcome: rec_adherence")
    root = display_path(mini)
    assert warnings(mini) == [
        f'{root}/scenarios/switch.yaml:8:12: error: scenario "Adherent non-responder" fails: '
        'expected outcome "rec_adherence", got "rec_switch"',
        f'{root}/nodes.yaml:36:5: warning: outcome "rec_switch" is not reached by any passing scenario in '
        f"{root}/scenarios; add one",
    ]


def test_scenario_that_cannot_be_loaded_is_an_error(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "expect:\n  outcome: rec_switch\n", "")
    root = display_path(mini)
    assert warnings(mini)[0] == (
        f'{root}/scenarios/switch.yaml:2:1: error: scenario cannot be loaded: a scenario is missing required key '
        '"expect"'
    )


def test_expected_outcome_that_does_not_exist_is_an_error_at_its_place_with_a_suggestion(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "  outcome: rec_switch", "  outcome: rec_swich")
    root = display_path(mini)
    assert warnings(mini)[:2] == [
        f'{root}/scenarios/switch.yaml:8:12: error: scenario "Adherent non-responder": expected outcome "rec_swich" '
        'does not exist in guideline "mini"; did you mean "rec_switch"?',
        f'{root}/nodes.yaml:36:5: warning: outcome "rec_switch" is not reached by any passing scenario in '
        f"{root}/scenarios; add one",
    ]


def test_expected_alert_that_does_not_exist_is_one_error_not_also_did_not_fire(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "  outcome: rec_switch", "  outcome: rec_switch\n  alerts: [heavvy]")
    root = display_path(mini)
    assert warnings(mini) == [
        f'{root}/scenarios/switch.yaml:9:12: error: scenario "Adherent non-responder": expected alert "heavvy" does '
        'not exist in guideline "mini"; did you mean "heavy"?',
        f'{root}/nodes.yaml:36:5: warning: outcome "rec_switch" is not reached by any passing scenario in '
        f"{root}/scenarios; add one",
    ]


def test_review_due_before_last_reviewed_is_an_error(mini: Path) -> None:
    edit(mini / "guideline.yaml", "review_due: 2027-11-01", "review_due: 2026-10-01")
    assert warnings(mini, today=dt.date(2026, 9, 1)) == [
        f"{display_path(mini)}/guideline.yaml:7:13: error: review_due 2026-10-01 is before last_reviewed 2026-11-01; "
        "the next review comes after the last one"
    ]


def test_no_scenarios_folder_leaves_every_outcome_unreached(mini: Path) -> None:
    shutil.rmtree(mini / "scenarios")
    found = warnings(mini)
    assert len(found) == 4
    assert all("is not reached by any passing scenario" in w for w in found)


def test_a_failing_scenario_answer_is_reported_at_the_answer(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "guarded"
    shutil.copytree(DATA / "guarded", folder)
    case = folder / "scenarios" / "high.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("potassium: 9", "potassium: 90"), encoding="utf-8")
    run = cli("validate", str(folder))
    assert run.code == 1
    assert f'{case}:5:14: error: scenario "High potassium" fails: "potassium" (Serum potassium): 90 mmol/L is out ' \
        "of range: enter 1 to 10 mmol/L" in run.out.splitlines()

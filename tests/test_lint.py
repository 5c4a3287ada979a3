"""lnnav.lint: maintainer warnings with exact places; never errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from lnnav.lint import PLACEHOLDER, lint
from lnnav.loader import display_path, load_guideline

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
    guideline, _issues = load_guideline(folder)
    found = lint(folder, guideline, today=today)
    assert all(i.severity == "warning" for i in found)
    return [str(i) for i in found]


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


def test_failing_scenario_is_reported_and_its_outcome_counts_as_unreached(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "  outcome: rec_switch", "  outcome: rec_adherence")
    root = display_path(mini)
    assert warnings(mini) == [
        f'{root}/scenarios/switch.yaml:2:1: warning: scenario "Adherent non-responder" fails: '
        'expected outcome "rec_adherence", got "rec_switch"',
        f'{root}/nodes.yaml:36:5: warning: outcome "rec_switch" is not reached by any passing scenario in '
        f"{root}/scenarios; add one",
    ]


def test_scenario_that_cannot_be_loaded_is_reported(mini: Path) -> None:
    edit(mini / "scenarios" / "switch.yaml", "expect:\n  outcome: rec_switch\n", "")
    root = display_path(mini)
    assert warnings(mini)[0] == (
        f'{root}/scenarios/switch.yaml:2:1: warning: scenario cannot be loaded: a scenario is missing required key '
        '"expect"'
    )


def test_no_scenarios_folder_leaves_every_outcome_unreached(mini: Path) -> None:
    shutil.rmtree(mini / "scenarios")
    found = warnings(mini)
    assert len(found) == 4
    assert all("is not reached by any passing scenario" in w for w in found)

"""`lnnav validate`: errors and warnings in one pass, exit code from errors only, JSON shape kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import edited_copy
from lnnav.cli.main import main
from lnnav.format.loader import display_path

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def stale(tmp_path: Path) -> Path:
    """Mini with a question left without help and an outcome no scenario reaches."""
    folder = tmp_path / "stale"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("    help: Pick the one that fits best.\n", ""),
                     encoding="utf-8")
    (folder / "scenarios" / "switch.yaml").unlink()
    return folder


def test_valid_guideline_prints_the_ok_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(MINI), "--today", "2027-01-01") == (
        0, f"{display_path(MINI)}: ok: mini 1.0.0: 7 nodes, 4 outcomes, 2 references, 0 warning(s)\n", "")


def test_warnings_are_listed_but_do_not_change_the_exit_code(stale: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(stale), "--today", "2028-01-01")
    root = display_path(stale)
    assert code == 0
    assert out.splitlines() == [
        f"{root}/guideline.yaml:7:13: warning: review was due on 2027-11-01 (61 day(s) ago); review the content, "
        "then update last_reviewed, review_due and version",
        f'{root}/nodes.yaml:3:5: warning: question "situation" has no help text; add the definitions and '
        "thresholds it relies on, with their source",
        f'{root}/nodes.yaml:35:5: warning: outcome "rec_switch" is not reached by any passing scenario in '
        f"{root}/scenarios; add one",
        f"{root}: ok: mini 1.0.0: 7 nodes, 4 outcomes, 2 references, 3 warning(s)",
    ]


def test_errors_and_warnings_come_in_one_pass(stale: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = stale / "bibliography.yaml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Another paper.", "TBD."), encoding="utf-8")
    nodes = stale / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("next: rec_switch", "next: rec_swich"),
                     encoding="utf-8")
    code, out, _err = run(capsys, str(stale), "--today", "2027-01-01")
    root = display_path(stale)
    assert code == 1
    assert out.splitlines() == [
        f'{root}/nodes.yaml:18:9: error: "next" names node "rec_swich", which does not exist; '
        'did you mean "rec_switch"?',
        f'{root}/nodes.yaml:35:5: error: node "rec_switch" is not reachable from the start node "situation" '
        "(this may follow from the error at line 18, column 9: fix that first)",
        f'{root}/bibliography.yaml:8:25: warning: "TBD" looks like a leftover placeholder; write the final text',
        f"{root}: 2 error(s), 1 warning(s)",
    ]


def test_json_keeps_its_shape_and_marks_severity(stale: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(stale), "--format", "json", "--today", "2027-01-01")
    doc = json.loads(out)
    assert code == 0
    assert list(doc) == ["guideline", "valid", "errors", "warnings", "issues"]
    assert (doc["valid"], doc["errors"], doc["warnings"]) == (True, 0, 2)
    assert doc["issues"][0] == {"file": f"{display_path(stale)}/nodes.yaml", "line": 3, "col": 5,
                                "severity": "warning",
                                "message": 'question "situation" has no help text; add the definitions and '
                                           "thresholds it relies on, with their source"}


def test_invalid_fixture_exits_1_with_located_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(DATA / "invalid-structural" / "bad-date"), "--today", "2027-01-01")
    assert code == 1
    assert out.splitlines()[0].endswith(
        'invalid-structural/bad-date/guideline.yaml:7:13: error: "review_due" must be a date written YYYY-MM-DD, '
        'got "next year"')


@pytest.mark.parametrize(("written", "message"), [
    ("2026-13-30", '"review_due" 2026-13-30: there is no month 13 (months are 01 to 12)'),
    ("2027-02-29", '"review_due" 2027-02-29: there is no day 29 in February 2027 (it has 28 days)'),
    ("30/11/2027", '"review_due" must be a date written YYYY-MM-DD, got "30/11/2027"'),
])
def test_a_date_error_says_what_is_wrong_with_the_date(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       written: str, message: str) -> None:
    folder = copy_of_mini(tmp_path, "review_due: 2027-11-01", f"review_due: {written}")
    code, out, _err = run(capsys, str(folder))
    assert code == 1
    assert out.splitlines()[0] == f"{display_path(folder)}/guideline.yaml:7:13: error: {message}"


def test_a_misspelt_file_gets_a_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of_mini(tmp_path, "  - nodes.yaml", "  - node.yaml")
    code, out, _err = run(capsys, str(folder))
    assert code == 1
    assert out.splitlines()[0] == (f'{display_path(folder)}/guideline.yaml:24:5: error: file "node.yaml" is listed '
                                   f'but not found in {display_path(folder)}; did you mean "nodes.yaml"?')


def test_a_failing_scenario_makes_the_guideline_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of_mini(tmp_path, "", "")
    switch = folder / "scenarios" / "switch.yaml"
    switch.write_text(switch.read_text(encoding="utf-8").replace("outcome: rec_switch", "outcome: rec_adherence"),
                      encoding="utf-8")
    code, out, _err = run(capsys, str(folder), "--today", "2027-01-01")
    assert code == 1
    assert out.splitlines()[-1] == f"{display_path(folder)}: 1 error(s), 1 warning(s)"


def test_the_summary_names_the_folder_read_and_stderr_stays_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(MINI), "--today", "2027-01-01")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith(f"{display_path(MINI)}: ok: mini 1.0.0: ")


def test_lnnav_guideline_names_the_default_folder(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LNNAV_GUIDELINE", str(MINI))
    code, out, _err = run(capsys, "--today", "2027-01-01")
    assert code == 0
    assert out.splitlines()[-1].startswith(f"{display_path(MINI)}: ok: mini 1.0.0: ")


def copy_of_mini(tmp_path: Path, old: str, new: str) -> Path:
    return edited_copy(tmp_path, MINI, "guideline.yaml", old, new)


def test_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(MINI), "--today", "soon") == (
        2, "", 'lnnav: error: --today must be a date written YYYY-MM-DD, got "soon"\n')

"""`lnnav refs`: each reference with what cites it; unused and undefined ones flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import split_guideline_line
from lnnav.cli.commands.refs import citations
from lnnav.cli.main import main

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


def test_text_lists_citers_per_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "--guideline", str(MINI)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ref_a: Author A. A paper. J Test. 2020;1:1-2.",
        "  cited by outcome rec_switch: Switch regimen",
        "  cited by outcome rec_adherence: Address adherence",
        "ref_b: Author B. Another paper. J Test. 2021;2:3-4.",
        "  cited by outcome rec_adherence: Address adherence",
        "  cited by outcome rec_flare_severe: Re-induce",
        "  cited by outcome rec_flare_mild: Confirm and watch",
        "  cited by alert heavy: Nephrotic-range proteinuria",
        "2 references, 0 unused, 0 undefined",
    ]


def test_unused_reference_is_flagged_with_its_location(capsys: pytest.CaptureFixture[str]) -> None:
    folder = DATA / "invalid" / "unused-reference"
    assert main(["refs", "--guideline", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  UNUSED: defined at {citations(folder)[0][1].source} but never cited" in out
    assert out[-1] == "2 references, 1 unused, 0 undefined"


def test_undefined_reference_is_flagged_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    folder = DATA / "invalid" / "undefined-reference"
    assert main(["refs", "--guideline", str(folder), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [u["id"] for u in doc["undefined"]] == ["ref9"]
    assert doc["undefined"][0]["cited_by"][0]["kind"] == "outcome"
    assert doc["undefined"][0]["cited_by"][0]["source"].endswith("undefined-reference/nodes.yaml:13:5")


def test_json_marks_each_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "--guideline", str(MINI), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["unused"] == [] and doc["undefined"] == []
    ref_a = doc["references"][0]
    assert (ref_a["id"], ref_a["doi"], ref_a["pmid"], ref_a["unused"]) == ("ref_a", "10.1000/test.1", "123456", False)
    assert [(c["kind"], c["id"]) for c in doc["references"][1]["cited_by"]][-1] == ("alert", "heavy")


def test_unreadable_guideline_is_reported_with_its_location(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "--guideline", str(DATA / "invalid" / "syntax-error")]) == 1
    err = split_guideline_line(capsys.readouterr().err)[0].splitlines()
    assert err[0].endswith("syntax-error/nodes.yaml:21:7: error: YAML syntax error: did not find expected ',' or ']'")
    assert err[-1] == "lnnav: error: the guideline cannot be read; run `lnnav validate` on it"


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "--guideline", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == (f"lnnav: guideline: {tmp_path / 'nope'}\n"
                                       f"lnnav: error: {tmp_path / 'nope'}: guideline folder not found\n")

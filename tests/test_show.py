"""`lnnav show`: the tree once per node, one node with its neighbours, JSON for scripts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import split_guideline_line
from lnnav.cli import main

MINI = Path(__file__).resolve().parent / "data" / "mini"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["show", *args])
    out, err = capsys.readouterr()
    return code, out, split_guideline_line(err)[0]


def shared_guideline(tmp_path: Path) -> Path:
    """Mini with a third adherence option that also leads to the numeric question."""
    folder = tmp_path / "shared"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(
        "        next: rec_adherence\n",
        "        next: rec_adherence\n      - id: unsure\n        label: Unsure\n        next: upcr\n"), encoding="utf-8")
    return folder


def test_whole_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--guideline", str(MINI), "--no-color")
    assert code == 0
    assert out.splitlines()[:5] == [
        "Mini guideline for tests (mini 1.0.0)",
        "└── situation [question] Which situation applies?",
        "    ├── No response yet -> adherence [question] Is adherence confirmed?",
        "    │   ├── Confirmed -> rec_switch [recommendation] Switch regimen",
        "    │   └── Not confirmed -> rec_adherence [recommendation] Address adherence",
    ]


def test_shared_node_is_shown_once_then_referred_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--guideline", str(shared_guideline(tmp_path)), "--no-color")
    assert code == 0
    assert out.count("rec_flare_severe") == 1
    assert sum("upcr [numeric]" in line for line in out.splitlines()) == 2
    assert out.splitlines()[-1] == "    └── Worse after a response -> upcr [numeric] (shown above)"


def test_one_node_with_where_it_comes_from_and_goes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "upcr", "--guideline", str(shared_guideline(tmp_path)), "--no-color")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "upcr [numeric] Current 24-h urine protein/creatinine ratio? (g/g, 0 to 30)"
    assert "├── reached from" in lines
    assert "│   ├── situation [question] Worse after a response ->" in lines
    assert "│   └── adherence [question] Unsure ->" in lines
    assert lines[-1] == "    └── otherwise -> rec_flare_mild [recommendation] Confirm and watch"


def test_start_node_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "situation", "--guideline", str(MINI), "--no-color")
    assert "│   └── (the start node)" in out.splitlines()


def test_outcome_lists_actions_grade_and_references(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "rec_switch", "--guideline", str(MINI), "--no-color")
    assert "├── grade: 1A; references: ref_a; pathway: perceived" in out.splitlines()
    assert "├── ! Check cumulative exposure first." in out.splitlines()
    assert "leads to" not in out


def test_json_lists_every_node_with_kind_text_options_and_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--guideline", str(MINI), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["start"] == "situation"
    assert [n["id"] for n in doc["nodes"]] == ["situation", "adherence", "upcr", "rec_switch", "rec_adherence",
                                               "rec_flare_severe", "rec_flare_mild"]
    situation = doc["nodes"][0]
    assert situation["kind"] == "question"
    assert situation["options"][0] == {"id": "no_response", "label": "No response yet", "next": "adherence",
                                       "help": ""}
    assert situation["targets"][1] == {"choice": "flare", "label": "Worse after a response", "next": "upcr"}
    assert situation["from"] == []
    assert doc["nodes"][3]["references"] == ["ref_a"]


def test_json_for_one_node(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "rec_flare_mild", "--guideline", str(MINI), "--format", "json")
    doc = json.loads(out)
    assert doc["from"] == [{"node": "upcr", "choice": "1", "label": "otherwise"}]
    assert doc["targets"] == []
    assert doc["source"].endswith("mini/nodes.yaml:65:5")


def test_unknown_node_suggests_a_close_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "upcrr", "--guideline", str(MINI))
    assert (code, out) == (2, "")
    assert err == 'lnnav: error: no node "upcrr" in guideline "mini"; did you mean "upcr"?\n'


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--guideline", str(MINI), "--format", "yaml")[2] == \
        'lnnav: error: --format must be text or json, got "yaml"\n'

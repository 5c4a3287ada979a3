"""`lnnav show`: the tree once per node, one node with its neighbours, JSON for scripts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import split_guideline_line
from lnnav.cli.main import main
from lnnav.model.guideline import Question

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


MINI_OUTLINE = [
    "Mini guideline for tests (mini 1.0.0); start: situation",
    "1 situation [question] Which situation applies?",
    "  - no_response: No response yet -> adherence",
    "  - flare: Worse after a response -> upcr",
    "  2 adherence [question] Is adherence confirmed?",
    "    - yes: Confirmed -> rec_switch",
    "    - no: Not confirmed -> rec_adherence",
    "    3 rec_switch [recommendation] Switch regimen",
    "    3 rec_adherence [recommendation] Address adherence",
    "  2 upcr [numeric] Current 24-h urine protein/creatinine ratio? (g/g, 0 to 30)",
    "    - >= 3 -> rec_flare_severe",
    "    - otherwise -> rec_flare_mild",
    "    3 rec_flare_severe [recommendation] Re-induce",
    "    3 rec_flare_mild [recommendation] Confirm and watch",
    "",
    "Alerts",
    "! heavy Nephrotic-range proteinuria",
    '    when: "Current 24-h urine protein/creatinine ratio?" >= 3 g/g',
]


def test_whole_guideline_as_an_outline_with_depths_option_ids_and_alerts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--guideline", str(MINI), "--no-color")
    assert (code, out.splitlines()) == (0, MINI_OUTLINE)


def test_a_node_reached_from_two_parents_is_listed_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--guideline", str(shared_guideline(tmp_path)), "--no-color")
    assert code == 0
    assert sum(line.lstrip(" 0123456789").startswith("upcr [numeric]") for line in out.splitlines()) == 1
    assert "    - unsure: Unsure -> upcr" in out.splitlines()


@pytest.mark.parametrize("columns", ["40", "60", "100"])
def test_every_bundled_node_is_shown_at_every_width(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    from lnnav.cli.paths import bundled_guideline
    from lnnav.format.loader import load_or_raise

    g = load_or_raise(bundled_guideline())
    monkeypatch.setenv("COLUMNS", columns)
    _code, out, _err = run(capsys, "--no-color")
    heads = {m.group(1) for m in re.finditer(r"^ *\d+ (\S+)\s+\[", out, re.MULTILINE)}
    assert heads == set(g.nodes)
    assert all(f"- {o.id}: " in out for n in g.nodes.values() if isinstance(n, Question) for o in n.options)
    assert out.count("\n    when: ") == len(g.alerts)


def chain(tmp_path: Path, length: int) -> Path:
    """The mini guideline with ``length`` yes/no questions chained in front of it."""
    folder = tmp_path / "deep"
    shutil.copytree(MINI, folder)
    manifest = folder / "guideline.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("start: situation", "start: q0")
                        .replace("  - nodes.yaml\n", "  - nodes.yaml\n  - deep.yaml\n"), encoding="utf-8")
    links = "".join(f"  - id: q{i}\n    kind: question\n    text: Step {i}?\n    help: Why.\n    options:\n"
                    f"      - id: go\n        label: Go on\n        next: {f'q{i + 1}' if i + 1 < length else 'situation'}\n"
                    f"      - id: stop\n        label: Stop\n        next: rec_switch\n" for i in range(length))
    (folder / "deep.yaml").write_text(f"nodes:\n{links}", encoding="utf-8")
    return folder


def test_depth_beyond_what_fits_is_shown_by_number(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = run(capsys, "--guideline", str(chain(tmp_path, 30)), "--no-color")
    assert code == 0, err
    lines = out.splitlines()
    assert "                    30 q29 [question] Step 29?" in lines  # ten levels of indent at 60 columns
    assert "                    31 situation [question] Which situation" in lines
    assert all(len(line) <= 60 for line in lines)


def test_one_node_with_where_it_comes_from_and_goes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "upcr", "--guideline", str(shared_guideline(tmp_path)), "--no-color")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "upcr [numeric] Current 24-h urine protein/creatinine ratio? (g/g, 0 to 30)"
    assert "reached from" in lines
    assert "  situation [question] flare: Worse after a response ->" in lines
    assert "  adherence [question] unsure: Unsure ->" in lines
    assert lines[-1] == "  otherwise -> rec_flare_mild [recommendation] Confirm and watch"


def test_start_node_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "situation", "--guideline", str(MINI), "--no-color")
    assert "  (the start node)" in out.splitlines()


def test_outcome_lists_actions_grade_and_references(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "rec_switch", "--guideline", str(MINI), "--no-color")
    assert "grade: 1A; references: ref_a; pathway: perceived" in out.splitlines()
    assert "! Check cumulative exposure first." in out.splitlines()
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


def test_v2_kinds_in_the_outline(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "--guideline", str(MINI.parent / "v2"), "--no-color")
    lines = out.splitlines()
    assert lines[1:7] == ["1 drugs [multi] Which drugs does the patient take now?", "  + mmf: Mycophenolate",
                          "  + cyc: Cyclophosphamide", "  + belimumab: Belimumab", "  + none: None of these (alone)",
                          "  - then -> creat"]
    assert "        - = cyc_prior + 3 (g) -> plan" in lines
    assert "          - otherwise -> rec_cyc" in lines


INVALID = Path(__file__).resolve().parent / "data" / "invalid"


@pytest.mark.parametrize(("fixture", "marked"), [
    ("cycle", "  - b: Option B -> q1 (cycle: leads back to an earlier step)"),
    ("dangling-next", "  - b: Option B -> rec_bb (missing: no such node)"),
])
def test_an_invalid_guideline_is_shown_as_far_as_it_loads_with_the_fault_marked(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fixture: str, marked: str) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = run(capsys, "--guideline", str(INVALID / fixture))
    assert code == 1
    assert marked in out.splitlines()
    assert "1 rec_b [recommendation] Do B" in out.splitlines()  # the node the fault left unreachable is shown too
    assert err.splitlines()[-1] == ("lnnav: error: guideline is invalid (2 error(s)); shown as far as it loads: "
                                    "missing nodes and cycles marked")


def test_a_guideline_whose_manifest_cannot_be_read_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--guideline", str(INVALID / "missing-schema-version"))
    assert (code, out) == (1, "")
    assert "guideline is invalid; run `lnnav validate` on it" in err


def test_a_plain_next_reads_then_not_otherwise(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--guideline", "tests/data/v2", "--no-pager"]) == 0
    out = capsys.readouterr().out
    creat = out.split("creat [numeric]", 1)[1].split("\n")[1]
    assert creat.strip() == "- then -> cyc_prior"
    assert "otherwise -> cyc_prior" not in out

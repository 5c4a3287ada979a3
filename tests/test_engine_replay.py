from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BUNDLED, MINI, CliRunner, edited_mini
from lnnav.engine import scenarios
from lnnav.format.loader import load_guideline

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


def save(cli: CliRunner, target: Path, *args: str) -> None:
    run = cli("consult", *MINI_ARGS, *args, "--format", "json", "--save", str(target))
    assert run.code == 0, run.err
    assert run.err == f"lnnav: record saved to {target}\n"


def test_saving_does_not_change_the_consult_output(cli: CliRunner, tmp_path: Path) -> None:
    plain = cli("consult", *MINI_ARGS, *SEVERE, "--format", "json").out
    saved = cli("consult", *MINI_ARGS, *SEVERE, "--format", "json", "--save", str(tmp_path / "r.json")).out
    assert saved == plain


def test_an_unchanged_record_replays_with_same_outcome(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    run = cli("replay", str(tmp_path / "r.json"), *MINI_ARGS)
    assert (run.code, run.out, run.err) == (0, "same outcome\n", "")


def test_a_record_is_a_valid_answers_file_for_consult(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    again = cli("consult", *MINI_ARGS, "--answers", str(tmp_path / "r.json"), "--format", "json")
    original = cli("consult", *MINI_ARGS, *SEVERE, "--format", "json")
    assert (again.code, again.err) == (0, "")
    assert json.loads(again.out) == json.loads(original.out)


def test_an_interrupted_set_of_answers_is_saved_in_the_order_given(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", "--set", "upcr=1.5", "--set", "situation=flare")
    doc = json.loads((tmp_path / "r.json").read_text())
    assert list(doc["answers"].items()) == [("situation", "flare"), ("upcr", 1.5)]
    assert "title" not in doc


def sha(folder: Path) -> str:
    g, _ = load_guideline(folder)
    assert g is not None
    return g.sha256


def test_changed_content_is_reported_with_both_versions_and_hashes_and_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    folder = edited_mini(tmp_path, "ge: 3}", "ge: 5}")
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(folder))
    assert run.code == 1
    assert run.out.splitlines() == [
        "guideline content changed",
        f"  recorded: version 1.0.0, sha256 {sha(MINI)}",
        f"  now:      version 1.1.0, sha256 {sha(folder)}",
        "path changed:",
        "  step 2: recorded upcr = 4 g/g -> rec_flare_severe; now upcr = 4 g/g -> rec_flare_mild",
        "outcome changed: rec_flare_severe (Re-induce) -> rec_flare_mild (Confirm and watch)",
        "alerts no longer fired: heavy",
    ]


def test_changed_content_with_the_same_result_still_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    folder = edited_mini(tmp_path, "summary: Heavy proteinuria.", "summary: Heavy proteinuria, confirmed.")
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(folder))
    assert run.code == 1
    assert run.out.splitlines()[0] == "guideline content changed"
    assert run.out.splitlines()[-1] == "same outcome"


@pytest.mark.parametrize(("old", "new", "report"), [
    ("title: Re-induce", "title: Re-induce now",
     ['outcome "rec_flare_severe" title changed:', "  - Re-induce", "  + Re-induce now"]),
    ("Re-induce with the regimen", "Re-induce promptly with the regimen",
     ['outcome "rec_flare_severe" actions changed:', "  - Re-induce with the regimen that worked.",
      "  + Re-induce promptly with the regimen that worked."]),
    ("text: Consider anticoagulation risk.", "text: Weigh anticoagulation.",
     ["same outcome", 'alert "heavy" text changed:', "  - Consider anticoagulation risk.",
      "  + Weigh anticoagulation."]),
])
def test_a_reworded_outcome_or_alert_is_not_the_same(cli: CliRunner, tmp_path: Path, old: str, new: str,
                                                     report: list[str]) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(edited_mini(tmp_path, old, new)))
    assert run.code == 1
    assert run.out.splitlines()[3:] == report


def test_changed_content_under_the_same_version_is_warned_about(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    folder = edited_mini(tmp_path, "summary: Heavy proteinuria.", "summary: Heavy proteinuria, confirmed.")
    manifest = folder / "guideline.yaml"
    manifest.write_text(manifest.read_text().replace('version: "1.1.0"', 'version: "1.0.0"'), encoding="utf-8")
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(folder))
    assert run.code == 1
    assert run.err == ("lnnav: warning: the guideline content changed but its version did not (still 1.0.0): "
                       "bump version in guideline.yaml and note the change in its CHANGELOG.md\n")


def test_an_older_record_with_alert_ids_only_still_replays(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    doc = json.loads((tmp_path / "r.json").read_text())
    doc["alerts"] = [a["id"] for a in doc["alerts"]]
    del doc["outcome"]["actions"]
    (tmp_path / "r.json").write_text(json.dumps(doc))
    run = cli("replay", str(tmp_path / "r.json"), *MINI_ARGS)
    assert (run.code, run.out) == (0, "same outcome\n")


def test_a_record_whose_question_was_removed_gives_a_clear_message(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    folder = edited_mini(tmp_path, "upcr", "upcr_24h")
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(folder))
    assert run.code == 1
    assert run.out.splitlines()[0] == "guideline content changed"
    assert run.err.splitlines() == [
        f'{tmp_path / "r.json"}:15:13: error: "upcr" is not a question of guideline "mini"',
        f'lnnav: error: the answers in {tmp_path / "r.json"} no longer fit guideline "mini" version 1.1.0 '
        "(recorded with version 1.0.0); the consult cannot be replayed",
    ]


def test_a_record_for_another_guideline_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    folder = edited_mini(tmp_path, "x", "x")
    manifest = folder / "guideline.yaml"
    manifest.write_text(manifest.read_text().replace("id: mini", "id: other"), encoding="utf-8")
    run = cli("replay", str(tmp_path / "r.json"), "--guideline", str(folder))
    assert (run.code, run.out) == (2, "")
    assert run.err == (f'lnnav: error: the record {tmp_path / "r.json"} is for guideline "mini", not "other"; '
                       "pass its folder with --guideline DIR\n")


def test_a_file_that_is_not_json_or_yaml_is_located(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text('{"answers": {"a": 1}\n')
    run = cli("replay", str(bad), *MINI_ARGS)
    assert run.code == 2
    assert run.err.startswith(f"{bad}:")
    assert "Traceback" not in run.err


BUNDLED_SCENARIOS = sorted(scenarios.default_dir(BUNDLED).glob("*.yaml"))


@pytest.mark.skipif(not BUNDLED_SCENARIOS, reason="the bundled guideline has no scenarios yet")
def test_every_bundled_scenario_replays_from_its_own_record(cli: CliRunner, tmp_path: Path) -> None:
    for n, path in enumerate(BUNDLED_SCENARIOS):
        target = tmp_path / f"{n}.json"
        made = cli("consult", "--answers", str(path), "--format", "json", "--save", str(target))
        assert made.code == 0, f"{path.name}: {made.err}"
        run = cli("replay", str(target))
        assert (run.code, run.out) == (0, "same outcome\n"), f"{path.name}: {run.out}{run.err}"


def test_a_record_given_as_a_pipe_replays_read_once(cli: CliRunner, tmp_path: Path) -> None:
    import os

    save(cli, tmp_path / "r.json", *SEVERE)
    reader, writer = os.pipe()  # what `lnnav replay <(cat r.json)` passes: /dev/fd/N, readable once
    os.write(writer, (tmp_path / "r.json").read_bytes())
    os.close(writer)
    try:
        run = cli("replay", f"/dev/fd/{reader}", *MINI_ARGS)
    finally:
        os.close(reader)
    assert (run.code, run.out) == (0, "same outcome\n")


def test_a_record_of_another_guideline_warns_when_used_as_answers(cli: CliRunner, tmp_path: Path) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    doc["guideline"]["id"] = "other"
    (tmp_path / "r.json").write_text(json.dumps(doc), encoding="utf-8")
    run = cli("consult", *MINI_ARGS, "--answers", str(tmp_path / "r.json"), "--format", "json")
    assert run.code == 0
    assert run.err == (f'lnnav: warning: {tmp_path}/r.json is a record of guideline "other", not "mini": its answers '
                       "are checked against this one\n")


@pytest.mark.parametrize("option", ["--save", "--output"])
def test_a_consult_never_writes_over_its_own_answers_file(cli: CliRunner, tmp_path: Path, option: str) -> None:
    save(cli, tmp_path / "r.json", *SEVERE)
    before = (tmp_path / "r.json").read_bytes()
    run = cli("consult", *MINI_ARGS, "--answers", str(tmp_path / "r.json"), option, str(tmp_path / "r.json"))
    assert (run.code, run.err) == (2, f"lnnav: error: {tmp_path}/r.json: is the --answers file; refusing to write "
                                      "over it (choose another file)\n")
    assert (tmp_path / "r.json").read_bytes() == before


def test_a_second_answers_file_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--answers", "tests/data/mini/scenarios/switch.yaml")
    assert (run.code, run.err) == (2, "lnnav: error: --answers is given 2 times (tests/data/mini/scenarios/"
                                      "severe-flare.yaml, tests/data/mini/scenarios/switch.yaml); give one file "
                                      "(--set adds single answers on top of it)\n")


def test_a_changed_answer_under_an_unchanged_label_shows_the_ids(cli: CliRunner, tmp_path: Path) -> None:
    """Labels alone would print the same thing on both sides of the change."""
    save(cli, tmp_path / "r.json", *SEVERE)
    doc = json.loads((tmp_path / "r.json").read_text())
    doc["path"][0]["answer"] = "no_response"  # the label stays "Worse after a response"
    (tmp_path / "r.json").write_text(json.dumps(doc), encoding="utf-8")
    run = cli("replay", str(tmp_path / "r.json"), *MINI_ARGS)
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "path changed:",
        "  step 1: recorded situation = Worse after a response (answer no_response) -> upcr; "
        "now situation = Worse after a response (answer flare) -> upcr",
    ]

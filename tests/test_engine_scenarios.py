"""Scenarios: the core (load, run, coverage) and `lnnav scenario check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BUNDLED, MINI, CliRunner
from lnnav.base.errors import AnswersError
from lnnav.engine import scenarios
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Guideline


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


WRONG_OUTCOME = """title: Wrong expectation
description: Expects the mild outcome for a heavy flare.
answers:
  situation: flare
  upcr: 4
expect:
  outcome: rec_flare_mild
  alerts: [heavy, nothing_like_it]
"""


def test_every_bundled_scenario_passes_and_every_outcome_and_alert_is_covered(cli: CliRunner) -> None:
    run = cli("scenario", "check", "--coverage")
    assert run.code == 0, run.out
    tail = run.out.splitlines()[-3:]
    n = len(list((BUNDLED / "scenarios").glob("*.yaml")))
    g = load_or_raise(BUNDLED)
    outcomes, alerts = len(scenarios.outcome_ids(g)), len(g.alerts)
    assert tail == [f"{n} passed, 0 failed", f"coverage: {outcomes}/{outcomes} outcomes reached",
                    f"coverage: {alerts}/{alerts} alerts shown firing, {alerts}/{alerts} shown holding back "
                    "(always-on alerts count as both)"]
    assert n >= 15


def test_the_bundled_guideline_has_a_scenario_per_outcome_with_a_real_vignette() -> None:
    g = load_or_raise(BUNDLED)
    loaded = [scenarios.load(p) for p in scenarios.find([BUNDLED / "scenarios"])]
    assert not scenarios.unreached(g, [scenarios.run(g, sc) for sc in loaded])
    for sc in loaded:
        assert len(sc.description.split()) >= 25, f"{sc.path.name}: the vignette is too thin to teach from"


def test_mini_scenarios_pass_with_full_coverage(cli: CliRunner) -> None:
    run = cli("scenario", "check", "--guideline", "tests/data/mini", "--coverage")
    assert run.code == 0
    assert run.out.splitlines()[-3:] == ["4 passed, 0 failed", "coverage: 4/4 outcomes reached",
                                         "coverage: 1/1 alerts shown firing, 1/1 shown holding back "
                                         "(always-on alerts count as both)"]


def test_a_wrong_expectation_fails_with_what_differs(cli: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path, "wrong.yaml", WRONG_OUTCOME)
    run = cli("scenario", "check", "--guideline", "tests/data/mini", str(bad), str(MINI / "scenarios" / "switch.yaml"))
    assert run.code == 1
    assert run.out.splitlines()[-3:] == [
        f'FAIL {bad}: {bad}:8:19: error: expected alert "nothing_like_it" does not exist in guideline "mini"',
        f'FAIL {bad}: expected outcome "rec_flare_mild", got "rec_flare_severe"',
        "1 passed, 1 failed",
    ]


def test_an_expected_alert_that_exists_but_did_not_fire_is_named(cli: CliRunner, tmp_path: Path) -> None:
    calm = write(tmp_path, "calm.yaml", WRONG_OUTCOME.replace("upcr: 4", "upcr: 1").replace(", nothing_like_it", ""))
    run = cli("scenario", "check", "--guideline", "tests/data/mini", str(calm))
    assert run.out.splitlines()[-2:] == [f'FAIL {calm}: expected alert "heavy" did not fire', "0 passed, 1 failed"]


def test_scenarios_are_checked_against_the_guideline_that_owns_their_folder(cli: CliRunner, tmp_path: Path) -> None:
    import shutil

    own = tmp_path / "own"
    shutil.copytree(MINI, own)
    for target in (own / "scenarios", own / "scenarios" / "switch.yaml", own):
        run = cli("scenario", "check", str(target))
        assert (run.code, run.guideline) == (0, str(own)), run.out
    assert cli("scenario", "check", "--guideline", str(BUNDLED), str(own / "scenarios" / "switch.yaml")).code == 1


def test_file_names_are_shown_whole_relative_to_the_current_folder(cli: CliRunner) -> None:
    run = cli("scenario", "check", "tests/data/mini/scenarios")
    names = [line.split()[1].rstrip(":") for line in run.out.splitlines() if line.startswith("PASS ")]
    assert names == [f"tests/data/mini/scenarios/{n}" for n in
                     ("adherence.yaml", "mild-flare.yaml", "severe-flare.yaml", "switch.yaml")]


def test_coverage_lists_the_outcomes_no_scenario_reaches(cli: CliRunner) -> None:
    run = cli("scenario", "check", "--guideline", "tests/data/mini", "--coverage", "tests/data/mini/scenarios/switch.yaml")
    assert run.code == 1
    assert run.out.splitlines()[-8:] == [
        "1 passed, 0 failed",
        "coverage: 1/4 outcomes reached",
        "unreached: rec_adherence",
        "unreached: rec_flare_severe",
        "unreached: rec_flare_mild",
        "coverage: 0/1 alerts shown firing, 0/1 shown holding back (always-on alerts count as both)",
        "never expected to fire: heavy",
        "never expected to stay silent: heavy",
    ]


def test_without_coverage_unreached_outcomes_do_not_fail(cli: CliRunner) -> None:
    run = cli("scenario", "check", "--guideline", "tests/data/mini", "tests/data/mini/scenarios/switch.yaml")
    assert run.code == 0
    assert run.out.splitlines()[-1] == "1 passed, 0 failed"


def test_an_unreadable_scenario_is_a_failure_reported_with_the_others(cli: CliRunner, tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", "title: No answers\ndescription: Forgot them.\nexpect:\n  outcome: rec_switch\n")
    run = cli("scenario", "check", "--guideline", "tests/data/mini", str(broken))
    assert run.code == 1
    assert run.out.splitlines()[-2:] == [
        f'FAIL {broken}: {broken}:1:1: error: a scenario is missing required key "answers"',
        "0 passed, 1 failed",
    ]


def test_json_output_for_scripts(cli: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path, "wrong.yaml", WRONG_OUTCOME)
    run = cli("scenario", "check", "--guideline", "tests/data/mini", "--format", "json", "--coverage", str(bad))
    doc = json.loads(run.out)
    assert run.code == 1
    assert (doc["passed"], doc["failed"]) == (0, 1)
    assert doc["scenarios"][0]["outcome"] == "rec_flare_severe"
    assert doc["coverage"] == {"reached": 0, "total": 4,
                               "unreached": ["rec_switch", "rec_adherence", "rec_flare_severe", "rec_flare_mild"],
                               "alerts": {"total": 1, "never_expected_to_fire": ["heavy"],
                                          "never_expected_silent": ["heavy"]}}


def test_a_missing_scenario_path_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("scenario", "check", "--guideline", "tests/data/mini", "tests/data/mini/scenarios/nope.yaml")
    assert run.code == 2
    assert run.err == "lnnav: error: tests/data/mini/scenarios/nope.yaml: scenario file or folder not found\n"


def test_load_reads_title_vignette_answers_and_expectations(mini: Guideline) -> None:
    sc = scenarios.load(MINI / "scenarios" / "severe-flare.yaml")
    assert (sc.title, sc.outcome, sc.alerts) == ("Heavy proteinuric flare", "rec_flare_severe", ("heavy",))
    result = scenarios.run(mini, sc)
    assert result.passed and result.walk is not None and result.walk.outcome.id == "rec_flare_severe"


def test_an_answer_the_guideline_refuses_is_a_failed_run_not_an_exception(mini: Guideline, tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", WRONG_OUTCOME.replace("situation: flare", "situation: relapse"))
    result = scenarios.run(mini, scenarios.load(path))
    assert not result.passed and result.walk is None
    assert result.problems[-1].endswith('"relapse" is not allowed for "situation" (Which situation applies?); '
                                       "allowed: no_response, flare")


def test_load_refuses_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "s.yaml", "- a\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnswersError) as info:
        scenarios.load(Path("s.yaml"))
    assert info.value.lines() == ["s.yaml:1:1: error: a scenario must be a mapping with title, description, answers, expect"]


def test_checking_a_folder_without_scenarios_fails_with_a_message(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    run = cli("scenario", "check", str(tmp_path / "none"), "--guideline", "tests/data/mini")
    assert (run.code, run.out) == (1, "")
    assert run.err.endswith(f"lnnav: error: no scenarios found in {tmp_path}/none (files ending .yaml, .yml or "
                            ".json)\n")


def test_an_unreadable_scenarios_folder_is_a_clean_error(cli: CliRunner, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any folder, so the refusal is simulated where the folder is listed."""
    (tmp_path / "locked").mkdir()

    def refuse(self: Path) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    run = cli("scenario", "check", str(tmp_path / "locked"), "--guideline", "tests/data/mini")
    assert (run.code, run.err.splitlines()[-1]) == (2, f"lnnav: error: {tmp_path}/locked: cannot read the folder: "
                                                       "Permission denied")


def test_a_folder_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    script = Path(sys.executable).parent / "lnnav"
    if not script.exists() or os.name != "posix":
        pytest.skip("needs the lnnav script and byte file names")
    folder = os.path.join(os.fsencode(tmp_path), b"mini\xff")
    shutil.copytree(MINI, os.fsdecode(folder))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([str(script), "scenario", "check", "--guideline", os.fsdecode(folder)], capture_output=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout.splitlines()[0].startswith(b"PASS " + os.fsencode(tmp_path) + b"/mini\\udcff/scenarios/")


def test_coverage_names_an_alert_never_shown_holding_back(cli: CliRunner, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    mild = folder / "scenarios" / "mild-flare.yaml"
    mild.write_text(mild.read_text(encoding="utf-8").replace("  not_alerts: [heavy]\n", ""), encoding="utf-8")
    run = cli("scenario", "check", str(folder / "scenarios"), "--coverage")
    assert run.code == 1
    assert run.out.splitlines()[-2:] == [
        "coverage: 1/1 alerts shown firing, 0/1 shown holding back (always-on alerts count as both)",
        "never expected to stay silent: heavy"]

"""README.md stays true: its example answers file and consult commands work as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    block = re.search(r"```yaml\n(# case\.yaml.*?)```", README, re.S)
    assert block, "README shows case.yaml"
    path = tmp_path / "case.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    return path


def test_the_readme_quick_start_commands_are_the_ones_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/lnnav" in README
    assert ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -q" in README
    assert ".venv/bin/pip install -q -e '.[test]'\n.venv/bin/python -m pytest -q\n" in ci


def test_the_quick_start_says_how_to_put_lnnav_on_path_before_examples_use_it() -> None:
    quick_start = README.index("## Quick start")
    activate = README.index("source .venv/bin/activate")
    first_plain = re.search(r"^lnnav ", README, re.M)
    assert first_plain is not None
    assert quick_start < activate < first_plain.start()


def test_the_readme_case_file_runs_a_consult(cli: CliRunner, case_file: Path) -> None:
    run = cli("consult", "--answers", str(case_file), "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["outcome"]["id"] == "rec_ppi_interaction"


def test_the_readme_set_example_changes_the_outcome(cli: CliRunner, case_file: Path) -> None:
    assert "--set dose=underdosed --format json" in README
    run = cli("consult", "--answers", str(case_file), "--set", "dose=underdosed", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["outcome"]["id"] == "rec_correct_dose"


def test_the_readme_scenario_example_exists() -> None:
    for path in re.findall(r"guidelines/lupus-nephritis/scenarios/[\w-]+\.yaml", README):
        assert (ROOT / path).is_file(), path

"""lnnav.cli.app: the guideline folder every command reads, and how it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI, CliRunner

SCENARIO = "tests/data/mini/scenarios/switch.yaml"


def commands(tmp_path: Path) -> list[tuple[str, ...]]:
    return [
        ("consult", "--answers", SCENARIO),
        ("show",),
        ("refs",),
        ("graph",),
        ("scenario", "check"),
        ("quiz", "switch", "--answers", SCENARIO),
        ("consult", "--answers", SCENARIO, "--save", str(tmp_path / "r.json")),
        ("replay", str(tmp_path / "r.json")),
    ]


def test_every_guideline_reading_command_names_the_folder_and_lnnav_guideline_sets_it(
        cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LNNAV_GUIDELINE", str(MINI))
    for argv in commands(tmp_path):
        run = cli(*argv)
        assert (run.code, run.guideline) == (0, "tests/data/mini"), (argv, run.err)


def test_guideline_option_wins_over_the_environment(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LNNAV_GUIDELINE", "no/such/folder")
    run = cli("show", "--guideline", "tests/data/mini")
    assert (run.code, run.guideline) == (0, "tests/data/mini")


def test_without_either_the_bundled_guideline_is_read_and_named(cli: CliRunner,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LNNAV_GUIDELINE", raising=False)
    run = cli("refs")
    assert (run.code, run.guideline) == (0, "guidelines/lupus-nephritis")

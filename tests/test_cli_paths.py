"""lnnav.cli.paths: which guideline folder a command reads, the one you stand in included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from lnnav.cli.main import main
from lnnav.cli.paths import bundled_guideline, guideline_folder, standing_in

COMMANDS = [
    ("validate",),
    ("scenario", "check"),
    ("consult", "--set", "potassium=3"),
    ("show",),
    ("graph",),
    ("refs",),
    ("quiz", "high", "--answers", "{answers}"),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a guideline folder in it, and no default set in the environment."""
    monkeypatch.delenv("LNNAV_GUIDELINE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    folder = tmp_path / "repo" / "content" / "guarded"
    shutil.copytree(DATA / "guarded", folder)
    (tmp_path / "learner.yaml").write_text("potassium: 9\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
@pytest.mark.parametrize("where", [".", "scenarios"])
def test_every_command_reads_the_guideline_the_current_folder_is_in(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...], where: str) -> None:
    monkeypatch.chdir(project / where)
    answers = str(project.parent.parent.parent / "learner.yaml")
    code = main([a.replace("{answers}", answers) for a in argv])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err  # quiz exits 1 for a learner who went wrong; never a usage error
    named = captured.out if argv[0] == "validate" else captured.err.splitlines()[0]
    assert str(project) in named
    assert "guidelines/lupus-nephritis" not in captured.err


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "guideline.yaml").write_text("not read\n", encoding="utf-8")
    inner = tmp_path / "repo" / "docs"
    inner.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    assert standing_in(inner) is None
    assert standing_in(tmp_path / "repo") is None
    assert standing_in(tmp_path) == tmp_path.resolve()


def test_the_option_and_the_environment_come_before_the_folder_you_stand_in(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(project)
    assert guideline_folder(None) == project.resolve()
    assert guideline_folder(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv("LNNAV_GUIDELINE", str(tmp_path / "env"))
    assert guideline_folder(None) == tmp_path / "env"


def test_outside_any_guideline_folder_the_bundled_one_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LNNAV_GUIDELINE", raising=False)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert guideline_folder(None) == bundled_guideline()

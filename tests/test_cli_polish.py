"""The command line as a whole: bare lnnav takes consult options, help reads plainly, completion works,
and every usage error has one prefix."""

from __future__ import annotations

import pytest

from conftest import CliRunner
from lnnav.cli.main import main

SEVERE = ("--guideline", "tests/data/mini", "--answers", "tests/data/mini/scenarios/severe-flare.yaml")


def test_bare_lnnav_takes_every_consult_option(cli: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    record = Path(str(tmp_path)) / "rec.json"
    run = cli(*SEVERE, "--brief", "--save", str(record))
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "Recommendation: Re-induce"
    assert record.exists()


def test_a_consult_option_before_another_command_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("--brief", "validate", "tests/data/mini")
    assert run.code == 2
    assert run.err.splitlines()[-1] == ("lnnav: error: --brief is a consult option: give it after `consult`, or with "
                                       "no command at all")


@pytest.mark.parametrize(("argv", "message"), [
    (("consult", "--bogus"), "lnnav: error: No such option: --bogus (see lnnav consult --help)"),
    (("validat",), "lnnav: error: No such command 'validat'. Did you mean 'validate'? (see lnnav --help)"),
    (("replay",), "lnnav: error: Missing argument 'FILE'. (see lnnav replay --help)"),
    (("consult", "--format", "pdf"), "lnnav: error: Invalid value for '--format': 'pdf' is not one of 'text', "
                                     "'markdown', 'json', 'html'. (see lnnav consult --help)"),
    (("graph", "--format", "svg"), "lnnav: error: Invalid value for '--format': 'svg' is not one of 'mermaid', "
                                   "'dot'. (see lnnav graph --help)"),
])
def test_every_usage_error_has_one_prefix(cli: CliRunner, argv: tuple[str, ...], message: str) -> None:
    run = cli(*argv)
    assert (run.code, run.err) == (2, message + "\n")


def test_the_command_list_shows_whole_summaries(cli: CliRunner) -> None:
    out = cli("--help").out
    commands = out[out.index("Commands:"):]
    assert "..." not in commands
    assert "  show      Show the guideline as an outline: every node with its depth and" in out.splitlines()


@pytest.mark.parametrize(("argv", "usage"), [
    (("validate",), "Usage: lnnav validate [OPTIONS] [DIR]"),
    (("scenario", "check"), "Usage: lnnav scenario check [OPTIONS] [PATH]..."),
    (("replay",), "Usage: lnnav replay [OPTIONS] FILE"),
    (("show",), "Usage: lnnav show [OPTIONS] [NODE]"),
])
def test_usage_lines_read_plainly(cli: CliRunner, argv: tuple[str, ...], usage: str) -> None:
    out = cli(*argv, "--help").out
    assert out.splitlines()[0] == usage
    assert "<list[" not in out and "<path>" not in out and "<str>" not in out


def complete(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, words: str) -> list[str]:
    monkeypatch.chdir(__import__("conftest").ROOT)
    monkeypatch.setenv("_LNNAV_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    assert main([]) == 0
    return capsys.readouterr().out.split()


@pytest.mark.parametrize(("words", "offered"), [
    ("lnnav consult --format ", ["text", "markdown", "json", "html"]),
    ("lnnav show --format ", ["text", "json"]),
    ("lnnav consult --guideline tests/data/mi", ["tests/data/mini/"]),
    ("lnnav --guideline tests/data/mi", ["tests/data/mini/"]),
    ("lnnav quiz --guideline tests/data/mini sw", ["switch"]),
    ("lnnav sch", ["schema"]),
])
def test_shell_completion_offers_formats_folders_and_scenario_names(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, words: str, offered: list[str]) -> None:
    assert complete(capsys, monkeypatch, words) == offered

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT, CliRunner

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


def test_validate_reports_a_clean_guideline(cli: CliRunner) -> None:
    run = cli("validate", "tests/data/mini", "--today", "2026-11-24")  # before its review_due
    assert (run.code, run.err) == (0, "")
    assert run.out == "tests/data/mini: ok: mini 1.0.0: 7 nodes, 4 outcomes, 2 references, 0 warning(s)\n"


def test_validate_prints_every_problem_and_exits_1(cli: CliRunner) -> None:
    run = cli("validate", "tests/data/invalid/multiple-errors")
    assert run.code == 1
    lines = run.out.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("tests/data/invalid/multiple-errors/nodes.yaml:5:5: error: unknown key")
    assert lines[-1] == "tests/data/invalid/multiple-errors: 4 error(s), 0 warning(s)"


def test_validate_json_lists_issues_for_editors(cli: CliRunner) -> None:
    run = cli("validate", "tests/data/invalid/duplicate-key", "--format", "json")
    doc = json.loads(run.out)
    assert run.code == 1
    assert doc["valid"] is False and doc["errors"] == 1
    assert doc["issues"][0] == {
        "file": "tests/data/invalid/duplicate-key/nodes.yaml", "line": 6, "col": 5, "severity": "error",
        "message": 'duplicate key "text" (first defined at line 4)',
    }


def test_validate_of_a_missing_folder_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("validate", "tests/data/nowhere")
    assert (run.code, run.out) == (2, "")
    assert run.err == "lnnav: error: tests/data/nowhere: guideline folder not found\n"


def test_the_bundled_guideline_is_valid(cli: CliRunner) -> None:
    run = cli("validate")
    assert run.code == 0, run.out
    assert ": error:" not in run.out


@pytest.mark.parametrize(("fmt", "golden_name"), [("text", "consult-mini.txt"), ("markdown", "consult-mini.md"),
                                                  ("json", "consult-mini.json")])
def test_scripted_consult_matches_its_golden(cli: CliRunner, golden: object, fmt: str, golden_name: str) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--format", fmt)
    assert (run.code, run.err) == (0, "")
    golden(golden_name, run.out)  # type: ignore[operator]


def test_json_output_has_the_documented_keys(cli: CliRunner) -> None:
    doc = json.loads(cli("consult", *MINI_ARGS, *SEVERE, "--format", "json").out)
    assert {"schema_version", "guideline", "answers", "path", "outcome", "alerts", "references"} <= set(doc)
    assert set(doc["guideline"]) >= {"id", "version", "sha256"}
    assert set(doc["outcome"]) >= {"id", "title", "grade", "actions", "cautions"}
    assert doc["answers"] == {"situation": "flare", "upcr": 4.0}
    assert doc["outcome"]["id"] == "rec_flare_severe"
    assert "does not replace" in doc["disclaimer"]


def test_output_goes_to_a_file_when_asked(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    run = cli("consult", *MINI_ARGS, *SEVERE, "--format", "markdown", "--output", str(target))
    assert (run.code, run.out) == (0, "")
    assert run.err == f"lnnav: written to {target}\n"
    assert target.read_text().startswith("# Case: Heavy proteinuric flare\n")


def test_set_wins_over_the_answers_file(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--set", "upcr=1", "--format", "json")
    assert json.loads(run.out)["outcome"]["id"] == "rec_flare_mild"


def test_answers_not_on_the_path_are_warned_about(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--set", "adherence=yes", "--format", "json")
    assert run.code == 0
    assert run.err == 'lnnav: warning: answer for "adherence" was not used: the consult did not ask it on this path\n'


def test_a_disallowed_value_exits_2_naming_question_text_and_allowed_values(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, "--set", "situation=relapse")
    assert (run.code, run.out) == (2, "")
    assert run.err == ('--set: error: "relapse" is not allowed for "situation" (Which situation applies?); '
                       "allowed: no_response, flare\n")


def test_a_missing_answer_exits_2(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, "--set", "situation=flare")
    assert run.code == 2
    assert run.err.startswith('lnnav: error: no answer for question "upcr" (Current 24-h urine protein/creatinine ratio?)')


def test_no_answers_and_no_terminal_exits_2_with_a_hint(cli: CliRunner) -> None:
    for argv in (("consult", *MINI_ARGS), ()):
        run = cli(*argv)
        assert run.code == 2
        assert run.err == ("lnnav: error: no answers given and standard input is not a terminal: use --answers FILE "
                           "or --set ID=VALUE (see lnnav consult --help)\n")


def test_a_consult_on_an_invalid_guideline_exits_1(cli: CliRunner) -> None:
    run = cli("consult", "--guideline", "tests/data/invalid/cycle", "--set", "q1=a")
    assert run.code == 1
    assert run.err.splitlines()[-1] == "lnnav: error: guideline is invalid; run `lnnav validate` on it"


def test_an_unknown_option_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("consult", "--bogus")
    assert run.code == 2
    assert "No such option: --bogus" in run.err


def test_colour_follows_no_color_flag(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    from lnnav.cli import app

    monkeypatch.setattr(app, "no_color_wanted", lambda flag: flag)  # the cli fixture sets NO_COLOR
    coloured = cli("consult", *MINI_ARGS, *SEVERE)
    plain = cli("consult", *MINI_ARGS, *SEVERE, "--no-color")
    assert "\x1b[" in coloured.out
    assert "\x1b[" not in plain.out


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "lnnav", "consult", *MINI_ARGS, *SEVERE, "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"]["id"] == "rec_flare_severe"


def test_the_mini_fixture_is_where_the_tests_expect_it() -> None:
    assert (MINI / "guideline.yaml").is_file()


def full_help(*argv: str) -> str:
    """Help text from Typer's own, whole build of the CLI: what the lazy build must match."""
    import contextlib
    import io

    import typer

    from lnnav.cli.main import app, load

    load()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        typer.main.get_command(app).main([*argv, "--help"], prog_name="lnnav", standalone_mode=False)
    return out.getvalue()


@pytest.mark.parametrize("argv", [(), ("consult",), ("validate",), ("scenario",), ("scenario", "check"), ("graph",),
                                  ("show",), ("refs",), ("schema",), ("replay",), ("quiz",)])
def test_help_from_the_partial_build_is_the_whole_builds_help(cli: CliRunner, argv: tuple[str, ...]) -> None:
    run = cli(*argv, "--help")
    assert run.code == 0
    assert run.out == full_help(*argv)


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(cli: CliRunner) -> None:
    run = cli("validat")
    assert (run.code, run.out) == (2, "")
    assert "No such command 'validat'. Did you mean 'validate'?" in run.err


def test_ask_missing_without_a_terminal_stops_on_a_missing_answer_as_usual(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, "--ask-missing", "--set", "situation=flare")
    assert run.code == 2
    assert run.err.startswith('lnnav: error: no answer for question "upcr"')


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "g"
    shutil.copytree(MINI, folder)
    # thousands of problems: far more output than a pipe buffers
    (folder / "nodes.yaml").write_text("".join(f"junk{i}: 1\n" for i in range(5000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "lnnav", "validate", str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert first.startswith(f"{folder}/nodes.yaml:1:1: error: unknown key")
    assert "Traceback" not in err and err == ""


@pytest.mark.parametrize(("fmt", "shown"), [("text", b"R?mmele"), ("markdown", b"R?mmele"),
                                           ("json", b"R\\u00f6mmele"), ("html", b"R&#246;mmele")])
def test_an_output_that_cannot_show_accents_gets_no_traceback_and_json_and_html_lose_nothing(
        fmt: str, shown: bytes) -> None:
    scenario = "guidelines/lupus-nephritis/scenarios/refractory-after-both-regimens.yaml"
    script = Path(sys.executable).parent / "lnnav"
    if not script.exists():
        pytest.skip("the lnnav script is not installed next to the interpreter")
    done = subprocess.run([str(script), "consult", "--answers", scenario, "--format", fmt], cwd=ROOT,
                          capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert shown in done.stdout
    if fmt == "json":
        assert "Römmele" in json.dumps(json.loads(done.stdout), ensure_ascii=False)


def test_every_command_module_is_listed_for_the_lazy_help() -> None:
    from pathlib import Path

    import lnnav.cli.commands as commands

    modules = {p.stem for p in Path(commands.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert modules == set(commands.SUMMARIES)


def test_a_sub_command_run_imports_only_its_own_command_module() -> None:
    import subprocess
    import sys

    code = ("import sys; from lnnav.cli.main import main; main(['validate', '--help']); "
            "print(sorted(m for m in sys.modules if m.startswith('lnnav.cli.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "['lnnav.cli.commands.consult', 'lnnav.cli.commands.validate']"


class _Ended(Exception):
    """What the stand-in for os._exit raises: the process would have ended here."""


class _Stream:
    def __init__(self, name: str, done: list[str], *, fails: bool = False) -> None:
        self.name, self.done, self.fails = name, done, fails

    def flush(self) -> None:
        if self.fails:
            raise BrokenPipeError(32, "Broken pipe")
        self.done.append(self.name)


@pytest.fixture
def ending(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `end` did, in order: atexit functions run, streams flushed, the process ended (with its code)."""
    import atexit

    done: list[str] = []

    def exit_now(code: int) -> None:
        done.append(f"exit {code}")
        raise _Ended

    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: done.append("atexit"))
    monkeypatch.setattr(os, "_exit", exit_now)
    return done


def _streams(monkeypatch: pytest.MonkeyPatch, done: list[str], *, stdout_fails: bool = False) -> None:
    # in the test itself: pytest sets its own capturing streams again as each phase starts
    monkeypatch.setattr(sys, "stdout", _Stream("stdout", done, fails=stdout_fails))
    monkeypatch.setattr(sys, "stderr", _Stream("stderr", done))


def test_the_process_ends_after_its_atexit_functions_and_both_streams_flushed(
        ending: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lnnav.cli.main import end

    _streams(monkeypatch, ending)
    with pytest.raises(_Ended):
        end(74)
    assert ending == ["atexit", "stdout", "stderr", "exit 74"]


def test_a_thread_still_running_gets_the_ordinary_exit(ending: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from lnnav.cli.main import end

    _streams(monkeypatch, ending)
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as stopped:
            end(3)
    finally:
        release.set()
        worker.join()
    assert stopped.value.code == 3
    assert ending == []  # atexit functions and the streams are left to the ordinary exit


def test_a_flush_that_fails_gets_the_ordinary_exit(ending: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lnnav.cli.main import end

    _streams(monkeypatch, ending, stdout_fails=True)
    with pytest.raises(SystemExit) as stopped:
        end(0)
    assert stopped.value.code == 0
    assert "exit 0" not in ending


def test_an_interpreter_without_the_atexit_hook_gets_the_ordinary_exit(ending: list[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit

    from lnnav.cli.main import end

    _streams(monkeypatch, ending)
    monkeypatch.delattr(atexit, "_run_exitfuncs")
    with pytest.raises(SystemExit) as stopped:
        end(1)
    assert stopped.value.code == 1
    assert ending == []


def test_a_whole_process_runs_its_atexit_functions_and_keeps_its_exit_code(tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    code = (f"import atexit, pathlib; atexit.register(pathlib.Path({str(mark)!r}).write_text, 'ran'); "
            "print('result', end=''); from lnnav.cli.main import end; end(5)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (5, "result", "")
    assert mark.read_text() == "ran"


def test_a_long_result_redirected_to_a_file_is_written_whole(cli: CliRunner, tmp_path: Path, mini_copy: Path) -> None:
    folder = mini_copy
    # far more than one buffer of output: what is still buffered at the end must reach the file
    (folder / "nodes.yaml").write_text("".join(f"junk{i}: 1\n" for i in range(3000)), encoding="utf-8")
    out = tmp_path / "out.txt"
    with out.open("w") as f:
        code = subprocess.run([sys.executable, "-m", "lnnav", "validate", str(folder)], cwd=ROOT, stdout=f,
                              stderr=subprocess.PIPE, timeout=60).returncode
    expected = cli("validate", str(folder))
    assert code == expected.code == 1
    assert out.read_text() == expected.out
    assert len(expected.out) > 100_000

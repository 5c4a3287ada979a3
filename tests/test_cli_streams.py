"""Standard streams full, closed or gone: one clean line and a documented exit code, never a traceback.

These run the installed script in a child process: closing or filling a standard
stream is something only a real process can have done to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner

SCRIPT = Path(sys.executable).parent / "lnnav"
CONSULT = ["consult", "--guideline", "tests/data/mini", "--set", "situation=flare", "--set", "upcr=4"]
FULL = Path("/dev/full")

pytestmark = pytest.mark.skipif(not SCRIPT.exists() or os.name != "posix",
                                reason="needs the lnnav script and POSIX file descriptors")


def last_line(err: bytes) -> bytes:
    """The error (the guideline folder read may be named first); nothing like a traceback before it."""
    assert b"Traceback" not in err and b"Exception ignored" not in err, err
    return err.splitlines()[-1] if err else b""


def run(args: list[str], **streams: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT), *args], cwd=ROOT, timeout=60, check=False, **streams)  # type: ignore[call-overload]


def closing(fd: int) -> dict[str, object]:
    """Popen options that start the child with descriptor ``fd`` closed, as `>&-` does."""
    return {"preexec_fn": lambda: os.close(fd)}


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_a_full_stdout_is_an_error_not_success(fmt: str) -> None:
    with FULL.open("wb") as full:
        done = run([*CONSULT, "--format", fmt], stdout=full, stderr=subprocess.PIPE)
    assert (done.returncode, last_line(done.stderr)) == (74, b"lnnav: error: cannot write the output: No space left "
                                                             b"on device")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["validate", "tests/data/mini"], ["show", "--guideline", "tests/data/mini"],
                                  ["schema"], ["--help"], ["refs", "--guideline", "tests/data/mini"]])
def test_every_command_reports_a_full_stdout(args: list[str]) -> None:
    with FULL.open("wb") as full:
        done = run(args, stdout=full, stderr=subprocess.PIPE)
    assert (done.returncode, last_line(done.stderr)) == (74, b"lnnav: error: cannot write the output: No space left "
                                                             b"on device")


def test_a_closed_stdout_is_an_error_not_a_silent_success() -> None:
    done = run(CONSULT, stderr=subprocess.PIPE, **closing(1))
    assert (done.returncode, last_line(done.stderr)) == (74, b"lnnav: error: cannot write the output: standard "
                                                             b"output is closed")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
def test_a_full_stderr_loses_the_warning_not_the_result() -> None:
    with FULL.open("wb") as full:
        done = run([*CONSULT, "--set", "adherence=yes", "--format", "json"], stdout=subprocess.PIPE, stderr=full)
    assert done.returncode == 0
    assert json.loads(done.stdout)["outcome"]["id"] == "rec_flare_severe"


def test_a_closed_stderr_still_gives_the_result_and_the_exit_code() -> None:
    ok = run([*CONSULT, "--format", "json"], stdout=subprocess.PIPE, **closing(2))
    bad = run([*CONSULT, "--set", "upcr=400"], stdout=subprocess.PIPE, **closing(2))
    assert (ok.returncode, json.loads(ok.stdout)["outcome"]["id"]) == (0, "rec_flare_severe")
    assert (bad.returncode, bad.stdout) == (2, b"")


def test_a_closed_stdin_is_no_terminal() -> None:
    done = run(["consult", "--guideline", "tests/data/mini"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
               **closing(0))
    assert done.returncode == 2
    assert last_line(done.stderr) == (b"lnnav: error: no answers given and standard input is not a terminal: use "
                                      b"--answers FILE or --set ID=VALUE (see lnnav consult --help)")


def test_a_reader_that_goes_away_ends_with_141_and_no_message(tmp_path: Path) -> None:
    proc = subprocess.Popen([str(SCRIPT), "show", "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # as `| head -c 10` does: 120 kB is more than a pipe holds
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert last_line(err).startswith(b"lnnav: guideline: ")  # the folder read, and nothing after it


def test_output_dash_is_stdout(cli: CliRunner) -> None:
    run_ = cli(*CONSULT, "--format", "json", "--output", "-")
    assert (run_.code, run_.err) == (0, "")
    assert json.loads(run_.out)["outcome"]["id"] == "rec_flare_severe"
    assert not (ROOT / "-").exists()


def test_an_unreadable_guideline_folder_is_a_usage_error(cli: CliRunner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any folder, so the refusal is simulated where the folder is first looked at."""
    real = Path.exists

    def refuse(self: Path, **kwargs: object) -> bool:
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "exists", refuse)
    run = cli("validate", str(tmp_path / "locked"))
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines()[-1] == f"lnnav: error: {tmp_path}/locked: Permission denied"

"""Files: a guideline's files stay in its folder; inputs are bounded; outputs are replaced atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MINI, ROOT, CliRunner, lnnav_script
from lnnav.base.files import Unreadable, inside, read_bytes, write_atomic


def mini_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def set_bibliography(folder: Path, name: str) -> None:
    manifest = folder / "guideline.yaml"
    text = manifest.read_text(encoding="utf-8").replace("bibliography: bibliography.yaml", f'bibliography: "{name}"')
    manifest.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("name", "problem"), [
    ("/etc/passwd", "must be a path relative to the guideline folder"),
    ("../mini/bibliography.yaml", 'must not contain ".."; keep the file inside the guideline folder'),
    ("~/bibliography.yaml", "must be a path relative to the guideline folder"),
])
def test_a_bibliography_outside_the_folder_is_refused_unread(cli: CliRunner, tmp_path: Path, name: str,
                                                             problem: str) -> None:
    folder = mini_copy(tmp_path)
    set_bibliography(folder, name)
    run = cli("validate", str(folder))
    assert run.code == 1
    assert run.out.splitlines()[0] == f'{folder}/guideline.yaml:25:15: error: file "{name}" {problem}'
    assert "root:" not in run.out


def test_refs_does_not_read_a_bibliography_outside_the_folder(cli: CliRunner, tmp_path: Path) -> None:
    folder = mini_copy(tmp_path)
    set_bibliography(folder, "/etc/passwd")
    run = cli("refs", "--guideline", str(folder))
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines()[0] == (f'{folder}/guideline.yaml: error: file "/etc/passwd" must be a path relative '
                                       "to the guideline folder")


def test_a_node_file_that_links_outside_the_folder_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    folder = mini_copy(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    (folder / "nodes.yaml").rename(outside)
    (folder / "nodes.yaml").symlink_to(outside)
    run = cli("validate", str(folder))
    assert run.out.splitlines()[0] == (f'{folder}/guideline.yaml:24:5: error: file "nodes.yaml" leads outside the '
                                       "guideline folder (a symbolic link?); keep the file inside it")


def test_a_link_that_stays_inside_the_folder_is_fine(tmp_path: Path) -> None:
    folder = mini_copy(tmp_path)
    (folder / "shared").mkdir()
    (folder / "nodes.yaml").rename(folder / "shared" / "nodes.yaml")
    (folder / "nodes.yaml").symlink_to(folder / "shared" / "nodes.yaml")
    assert inside(folder, "nodes.yaml") == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_node_file_is_refused_without_waiting(cli: CliRunner, tmp_path: Path) -> None:
    folder = mini_copy(tmp_path)
    (folder / "nodes.yaml").unlink()
    os.mkfifo(folder / "nodes.yaml")
    run = cli("validate", str(folder))
    assert run.out.splitlines()[0] == f"{folder}/nodes.yaml: error: is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("consult", "--guideline", "tests/data/mini", "--answers", "/dev/zero")
    assert (run.code, run.err) == (2, "/dev/zero: error: is a device or socket, not a regular file\n")


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 10)
    with pytest.raises(Unreadable) as caught:
        read_bytes(big, limit=20)
    assert str(caught.value) == "file is too large (50 bytes; the limit is 20)"


def test_a_pipe_is_read_within_the_limit_when_pipes_are_allowed(tmp_path: Path) -> None:
    reader, writer = os.pipe()  # as `<(cat answers.yaml)` gives /dev/fd/N
    os.write(writer, b"x" * 100)
    os.close(writer)
    try:
        with pytest.raises(Unreadable) as caught:
            read_bytes(Path(f"/dev/fd/{reader}"), pipes=True, limit=50)
    finally:
        os.close(reader)
    assert str(caught.value) == "input is too large (more than 50 bytes)"


def test_an_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "handout.md"
    target.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.md"]


def test_an_atomic_write_keeps_the_old_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "[]")
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("[]", 0o640)


def test_an_atomic_write_to_a_device_writes_to_it(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    try:
        write_atomic(Path(f"/dev/fd/{writer}"), "through\n")
        os.close(writer)
        assert os.read(reader, 100) == b"through\n"
    finally:
        os.close(reader)


def test_a_manifest_that_links_outside_the_folder_is_refused_unread(cli: CliRunner, tmp_path: Path) -> None:
    folder = mini_copy(tmp_path)
    (folder / "guideline.yaml").unlink()
    (folder / "guideline.yaml").symlink_to("/etc/passwd")
    for run in (cli("validate", str(folder)), cli("consult", "--guideline", str(folder), "--set", "situation=flare")):
        assert run.code == 1
        shown = (run.out + run.err).splitlines()
        assert f"{folder}/guideline.yaml: error: the manifest leads outside the guideline folder (a symbolic link?); " \
               "keep the file inside it" in shown
        assert "root:" not in run.out + run.err


# --- writing as the shell's `>` does -------------------------------------------------------------

SEVERE = ("consult", "--guideline", str(MINI), "--answers", str(MINI / "scenarios" / "severe-flare.yaml"))


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "out.md"
    link.symlink_to("real/out.md")
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == "real/out.md"
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("new\n", 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md", "real"]  # no temporary file left beside the link
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["out.md"]


def test_a_link_to_a_file_not_yet_there_makes_it_where_it_points(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "made.md")
    write_atomic(link, "new\n")
    assert link.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8") == "new\n"


def test_a_file_with_another_hard_link_is_written_in_place_for_both_names(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    first.write_text("{}", encoding="utf-8")
    os.link(first, tmp_path / "b.json")
    write_atomic(first, "[]")
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == "[]"
    assert os.path.samefile(first, tmp_path / "b.json")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_with_a_reader_is_written_to(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through\n")
    reader.join(timeout=20)
    assert got == [b"through\n"] and stat_kind(fifo) == "fifo"


def stat_kind(path: Path) -> str:
    import stat

    return "fifo" if stat.S_ISFIFO(os.stat(path).st_mode) else "other"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_that_nothing_reads_is_an_error_not_a_hang(cli: CliRunner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import lnnav.base.files

    monkeypatch.setattr(lnnav.base.files, "FIFO_WAIT", 0.2)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = cli(*SEVERE, "--output", str(fifo))
    assert (run.code, run.out) == (2, "")
    assert run.err == f"lnnav: error: {fifo}: cannot write: a named pipe (FIFO) that nothing reads (waited 0.2 s)\n"
    assert stat_kind(fifo) == "fifo"


NOBODY = 65534


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder anyone may write in (not sticky), for runs as another user; removed afterwards."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="lnnav-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def unprivileged(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed lnnav, run by a user file permissions apply to.

    The suite may run as root (CI does), and root writes over anything: then the run
    is made as nobody with setpriv, or the test is skipped, saying why.
    """
    script = lnnav_script()
    if not script.exists():
        pytest.skip(f"the lnnav script is not installed next to {sys.executable}")
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no unprivileged user to test file permissions with")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        probe = subprocess.run([*prefix, str(script), "--version"], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            pytest.skip(f"running as root, and nobody (uid {NOBODY}) cannot run {script}: {probe.stderr.strip()}")
    env = {k: v for k, v in os.environ.items() if k != "LNNAV_GUIDELINE"} | {"NO_COLOR": "1"}
    return subprocess.run([*prefix, str(script), *argv], capture_output=True, text=True, check=False, env=env,
                          cwd=ROOT, timeout=60)


def owned_by_runner(path: Path) -> None:
    """``path`` belongs to whoever ``unprivileged`` runs as."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions only")
@pytest.mark.parametrize("option", ["--output", "--save"])
def test_a_read_only_file_of_ones_own_is_refused_as_the_shell_refuses_it(shared: Path, option: str) -> None:
    target = shared / "out.json"
    target.write_text("kept\n", encoding="utf-8")
    owned_by_runner(target)
    target.chmod(0o444)
    run = unprivileged(*SEVERE, "--format", "json", option, str(target))
    assert run.returncode == 2, run.stderr
    assert f"{target}: cannot write" in run.stderr and run.stderr.rstrip().endswith("Permission denied")
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("kept\n", 0o444)
    assert sorted(p.name for p in shared.iterdir()) == ["out.json"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions only")
def test_another_users_file_in_a_writable_folder_is_not_taken_over(shared: Path) -> None:
    """The folder would let the file be replaced by a rename; the shell's `>` refuses, and so does lnnav."""
    if os.geteuid() != 0:
        pytest.skip("needs a file owned by another user: run the suite as root (the run itself is made as nobody)")
    target = shared / "out.txt"
    target.write_text("root's\n", encoding="utf-8")
    target.chmod(0o644)
    run = unprivileged(*SEVERE, "--output", str(target))
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == f"lnnav: error: {target}: cannot write: Permission denied"
    assert (target.read_text(encoding="utf-8"), target.stat().st_uid) == ("root's\n", 0)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions only")
def test_a_file_writable_by_others_keeps_its_owner_and_mode(shared: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs a file owned by another user: run the suite as root (the run itself is made as nobody)")
    target = shared / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o666)
    run = unprivileged(*SEVERE, "--output", str(target))
    assert run.returncode == 0, run.stderr
    assert target.read_text(encoding="utf-8").startswith("Recommendation: Re-induce")
    assert (target.stat().st_uid, target.stat().st_mode & 0o777) == (0, 0o666)

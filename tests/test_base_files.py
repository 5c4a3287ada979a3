"""Files: a guideline's files stay in its folder; inputs are bounded; outputs are replaced atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import MINI, CliRunner
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

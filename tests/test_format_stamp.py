"""The note that a guideline passed its checks: trusted only for the very same bytes, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, CliRunner
from lnnav.base.errors import GuidelineError, Issue
from lnnav.checks import semantic
from lnnav.format import stamp
from lnnav.format.loader import load_guideline, load_or_raise, load_partial


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the semantic checks ran on, in order."""
    ran: list[str] = []
    real = semantic.check

    def counting(g: object, *args: object, **kwargs: bool) -> list[Issue]:
        ran.append(getattr(g, "root", ""))
        return real(g, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(semantic, "check", counting)
    return ran


def notes(cache: Path) -> list[Path]:
    return sorted((cache / "checked").glob("*.json"))


def test_a_second_consult_of_an_unchanged_guideline_is_not_checked_again(cache: Path, mini_copy: Path,
                                                                           checked: list[str]) -> None:
    first = load_or_raise(mini_copy)
    second = load_or_raise(mini_copy)
    assert checked == [str(mini_copy)]
    assert second == first  # the same model, walked the same way
    note = json.loads(notes(cache)[0].read_text(encoding="utf-8"))
    assert note["format"] == stamp.FORMAT and note["errors"] == 0 and len(note["key"]) == 64


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("Re-induce", "Re-Induce", 1),  # one letter
    lambda text: text + "# a comment\n",  # changes nothing the checks read
    lambda text: text.replace("\n", "\r\n", 1),  # one byte that reading normalises away
], ids=["a letter", "a comment", "a line end"])
def test_editing_one_byte_of_any_file_means_checked_again(cache: Path, mini_copy: Path, checked: list[str],
                                                          edit: Callable[[str], str]) -> None:
    load_or_raise(mini_copy)
    changed = 0
    for name in ("nodes.yaml", "guideline.yaml", "bibliography.yaml"):
        path = mini_copy / name
        old = path.read_bytes().decode("utf-8")
        if edit(old) == old:
            continue
        changed += 1
        path.write_bytes(edit(old).encode("utf-8"))
        load_or_raise(mini_copy)
        load_or_raise(mini_copy)  # and noted again: the next consult trusts the new bytes
    assert changed and len(checked) == 1 + changed
    assert len(notes(cache)) == 1  # one note per folder, replaced


def test_adding_or_removing_a_file_beside_the_manifest_means_checked_again(cache: Path, mini_copy: Path,
                                                                           checked: list[str]) -> None:
    load_or_raise(mini_copy)
    (mini_copy / "extra.yaml").write_text("nodes: []\n", encoding="utf-8")
    load_or_raise(mini_copy)
    (mini_copy / "extra.yaml").unlink()
    load_or_raise(mini_copy)
    assert len(checked) == 3


def test_a_guideline_with_an_error_is_refused_and_never_noted(cache: Path, mini_copy: Path, checked: list[str]) -> None:
    load_or_raise(mini_copy)
    nodes = mini_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("next: rec_", "next: nowhere_", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GuidelineError) as info:
            load_or_raise(mini_copy)
        assert any('"nowhere_' in line for line in info.value.lines())
    assert len(checked) == 3  # checked every time it is asked for: an error is never noted
    key_now = _key(mini_copy)
    assert all(json.loads(p.read_text(encoding="utf-8"))["key"] != key_now for p in notes(cache))


def test_a_note_for_the_broken_files_would_still_not_let_a_reading_error_through(cache: Path, mini_copy: Path) -> None:
    nodes = mini_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8") + "  - {id: &x anchored}\n", encoding="utf-8")
    _forge(cache, mini_copy)
    with pytest.raises(GuidelineError):
        load_or_raise(mini_copy)


@pytest.mark.parametrize("bad", [
    b"", b"not json", b"\xff\xfe binary", b"[1, 2]", b'{"format": 1}', b"[" * 100_000,
    b'{"format": 1, "lnnav": "0.1.0", "key": "0000", "errors": 0}',  # another guideline's, or older bytes
    b'{"format": 99, "key": "KEY", "errors": 0}',  # a later lnnav's
    b'{"format": 1, "key": "KEY", "errors": 3}',
    b" " * 10_000,  # larger than any note
], ids=["empty", "text", "binary", "a list", "no key", "deep", "other key", "other format", "errors", "huge"])
def test_a_corrupt_or_foreign_note_is_ignored_and_rewritten(cache: Path, mini_copy: Path, checked: list[str],
                                                           bad: bytes) -> None:
    load_or_raise(mini_copy)
    (path,) = notes(cache)
    path.write_bytes(bad.replace(b"KEY", _key(mini_copy).encode()))
    load_or_raise(mini_copy)
    assert len(checked) == 2
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == _key(mini_copy)
    load_or_raise(mini_copy)
    assert len(checked) == 2


def test_an_unreadable_note_is_ignored(cache: Path, mini_copy: Path, checked: list[str]) -> None:
    load_or_raise(mini_copy)
    (path,) = notes(cache)
    path.unlink()
    path.mkdir()  # a folder where the note should be: neither readable nor replaceable
    load_or_raise(mini_copy)
    load_or_raise(mini_copy)
    assert len(checked) == 3
    if hasattr(os, "mkfifo"):  # a named pipe there must not hang the consult
        path.rmdir()
        os.mkfifo(path)
        load_or_raise(mini_copy)
        assert path.is_file() and len(checked) == 4


@pytest.mark.parametrize("where", ["a file", "unwritable"])
def test_a_cache_that_cannot_be_written_means_no_cache_silently(tmp_path: Path, mini_copy: Path, checked: list[str],
                                                                monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    cache = tmp_path / "cache"
    if where == "a file":
        cache.write_text("not a folder\n", encoding="utf-8")
    else:
        (cache / "checked").mkdir(parents=True)
        (cache / "checked").chmod(0o500)
        if os.access(cache / "checked", os.W_OK):  # root writes anywhere
            pytest.skip("this user can write a read-only folder")
    monkeypatch.setenv(stamp.CACHE_ENV, str(cache))
    load_or_raise(mini_copy)
    load_or_raise(mini_copy)
    assert len(checked) == 2


def test_validate_always_checks_in_full_and_notes_a_pass(cache: Path, mini_copy: Path, checked: list[str],
                                                         cli: CliRunner) -> None:
    load_or_raise(mini_copy)
    assert cli("validate", str(mini_copy)).code == 0
    assert cli("validate", str(mini_copy)).code == 0
    load_guideline(mini_copy)
    load_partial(mini_copy)
    assert len(checked) == 5  # validate, load_guideline and load_partial never read a note
    load_or_raise(mini_copy)
    assert len(checked) == 5


def test_a_validate_pass_spares_the_next_consult_its_checks(cache: Path, mini_copy: Path, checked: list[str],
                                                            cli: CliRunner) -> None:
    assert cli("validate", str(mini_copy)).code == 0
    load_or_raise(mini_copy)
    assert len(checked) == 1


def test_a_scripted_consult_prints_the_same_with_or_without_a_note(cache: Path, mini_copy: Path, cli: CliRunner) -> None:
    args = ("consult", "--guideline", str(mini_copy), "--set", "situation=flare", "--set", "upcr=2", "--format", "json")
    first, second = cli(*args), cli(*args)
    assert notes(cache)
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(stamp.CACHE_ENV, raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    monkeypatch.setattr(stamp.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert stamp.cache_dir() == tmp_path / "xdg" / "lnnav"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec: ignored
    assert stamp.cache_dir() == tmp_path / "home" / ".cache" / "lnnav"
    monkeypatch.setattr(stamp.sys, "platform", "darwin")
    assert stamp.cache_dir() == tmp_path / "home" / "Library" / "Caches" / "lnnav"
    monkeypatch.setattr(stamp.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert stamp.cache_dir() == tmp_path / "local" / "lnnav" / "Cache"
    monkeypatch.setenv(stamp.CACHE_ENV, str(tmp_path / "mine"))
    assert stamp.cache_dir() == tmp_path / "mine"


def test_no_home_and_no_override_means_no_cache(monkeypatch: pytest.MonkeyPatch, mini_copy: Path,
                                                checked: list[str]) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(stamp.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(stamp.sys, "platform", "linux")
    monkeypatch.setattr(Path, "home", no_home)
    assert stamp.cache_dir() is None
    load_or_raise(mini_copy)
    load_or_raise(mini_copy)
    assert len(checked) == 2


def test_the_suite_never_writes_to_the_users_cache() -> None:
    assert Path(os.environ[stamp.CACHE_ENV]).name.startswith("lnnav-test-cache-")


def _key(mini_copy: Path) -> str:
    """The key a loader computes for the mini guideline's copy as it is now: each file in the order it is read."""
    note = stamp.Stamp(mini_copy)
    for name in ("guideline.yaml", "nodes.yaml", "bibliography.yaml"):
        note.read(name, (mini_copy / name).read_bytes())
    return note.key()


def _forge(cache: Path, mini_copy: Path) -> None:
    """A note, with the right key, for the files as they are now: what a stale or hostile cache could hold."""
    path = stamp.Stamp(mini_copy).entry("checked")
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": stamp.FORMAT, "key": _key(mini_copy), "errors": 0}), encoding="utf-8")


def test_a_folder_or_file_name_that_is_not_utf8_is_noted_like_any_other(cache: Path, tmp_path: Path,
                                                                        checked: list[str]) -> None:
    mini_copy = tmp_path / os.fsdecode(b"mini\xff")
    try:
        shutil.copytree(MINI, mini_copy)
        (mini_copy / os.fsdecode(b"extra\xfe.yaml")).write_text("nodes: []\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    load_or_raise(mini_copy)
    load_or_raise(mini_copy)
    assert len(checked) == 1

"""The model kept in the cache: used only for the very files the checks passed, never a traceback, never code."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
from pathlib import Path
from typing import Any

import pytest

import lnnav.model
from conftest import BUNDLED, DATA, MINI, CliRunner
from lnnav.base.errors import GuidelineError
from lnnav.base.source import Source
from lnnav.format import loader, snapshot, stamp
from lnnav.format.loader import load_guideline, load_or_raise
from lnnav.model.guideline import Guideline


@pytest.fixture
def yaml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The guideline files read as YAML, in order."""
    reads: list[str] = []
    real = loader.load_file

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        reads.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loader, "load_file", counting)
    return reads


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "parsed").glob("*.json"))


def fresh(mini_copy: Path) -> Guideline:
    """The guideline as read from its YAML, with no cache at all."""
    guideline, issues = load_guideline(mini_copy)
    assert guideline is not None, issues
    return guideline


def test_a_consult_after_the_first_reads_no_yaml_and_gets_the_same_model(cache: Path, mini_copy: Path,
                                                                         yaml_reads: list[str]) -> None:
    first = load_or_raise(mini_copy)
    assert yaml_reads == ["guideline.yaml", "nodes.yaml", "bibliography.yaml"]
    second = load_or_raise(mini_copy)
    third = load_or_raise(mini_copy)
    assert len(yaml_reads) == 3
    assert second == first == third == fresh(mini_copy)
    assert len(entries(cache)) == 1


@pytest.mark.parametrize("where", [BUNDLED, DATA / "v2", MINI], ids=["bundled", "v2", "mini"])
def test_a_guideline_comes_back_from_the_cache_equal_record_for_record(cache: Path, where: Path) -> None:
    load_or_raise(where)
    kept = snapshot.load(where, loader.display_path(where))
    assert kept is not None  # every record type it holds is one an entry can build
    assert kept == fresh(where)
    assert all(type(a) is type(b) for a, b in zip(kept.nodes.values(), fresh(where).nodes.values(), strict=True))


# the model's records that a guideline never holds: what one consult computes, or reads from a patient
NOT_IN_A_GUIDELINE = {"Fact", "PatientRecord", "DrugNote", "NotOffered", "Offer", "Withheld"}


def test_every_record_of_the_model_can_be_kept() -> None:
    """A record type added to the model and not to RECORDS would silently mean no cache for its guidelines."""
    found = set()
    for module in pkgutil.iter_modules(lnnav.model.__path__):
        names = vars(importlib.import_module(f"lnnav.model.{module.name}"))
        found |= {v for v in names.values() if isinstance(v, type) and issubclass(v, tuple) and hasattr(v, "_fields")
                  and v.__module__.startswith("lnnav.model.")}
    assert {c.__name__ for c in found - set(snapshot.RECORDS)} == NOT_IN_A_GUIDELINE


def test_the_entry_is_json_and_builds_only_the_models_records(cache: Path, mini_copy: Path) -> None:
    load_or_raise(mini_copy)
    head, _nl, body = entries(cache)[0].read_bytes().partition(b"\n")
    header = json.loads(head)
    assert header["format"] == snapshot.FORMAT and header["files"] == ["guideline.yaml", "nodes.yaml", "bibliography.yaml"]
    assert isinstance(json.loads(body), list)
    shown = [os.path.join(str(mini_copy), name) for name in header["files"]]
    with pytest.raises(snapshot.Bad):
        snapshot.decode('[99, "os.system", "echo"]', shown, str(mini_copy))  # no such record
    with pytest.raises(snapshot.Bad):
        snapshot.decode('[1, 0, 1]', shown, str(mini_copy))  # a location of another shape
    with pytest.raises(snapshot.Bad):
        snapshot.decode('[2, "only", "two"]', shown, str(mini_copy))  # a guideline of another shape
    with pytest.raises(snapshot.Bad):
        snapshot.decode('{"id": "x"}', shown, str(mini_copy))  # not a guideline
    model = json.loads(body)
    assert snapshot.decode(json.dumps(model), shown, str(mini_copy)) == fresh(mini_copy)
    for where in (-1, [1, -1, 1, 1], [1, None, 1, 1], "nodes.yaml"):  # a location pointing at no file, or not one
        model[1 + Guideline._fields.index("source")] = where
        with pytest.raises(snapshot.Bad):
            snapshot.decode(json.dumps(model), shown, str(mini_copy))


@pytest.mark.parametrize("name", ["guideline.yaml", "nodes.yaml", "bibliography.yaml"])
def test_editing_one_byte_of_any_file_means_read_and_checked_again(cache: Path, mini_copy: Path, yaml_reads: list[str],
                                                                   name: str) -> None:
    load_or_raise(mini_copy)
    path = mini_copy / name
    data = path.read_bytes()
    at = data.index({"guideline.yaml": b"title:", "nodes.yaml": b"text:", "bibliography.yaml": b"citation:"}[name]) + 12
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])  # one letter's case
    yaml_reads.clear()
    again = load_or_raise(mini_copy)
    assert yaml_reads == ["guideline.yaml", "nodes.yaml", "bibliography.yaml"]
    assert again == fresh(mini_copy)
    yaml_reads.clear()
    assert load_or_raise(mini_copy) == again and yaml_reads == []  # kept again, for the new bytes
    assert len(entries(cache)) == 1


def test_an_added_file_beside_the_manifest_means_read_again(cache: Path, mini_copy: Path, yaml_reads: list[str]) -> None:
    load_or_raise(mini_copy)
    (mini_copy / "extra.yaml").write_text("nodes: []\n", encoding="utf-8")
    yaml_reads.clear()
    load_or_raise(mini_copy)
    assert yaml_reads


def test_a_guideline_with_an_error_is_refused_whatever_the_cache_holds(cache: Path, mini_copy: Path) -> None:
    load_or_raise(mini_copy)
    kept = entries(cache)[0].read_bytes()
    nodes = mini_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("next: rec_", "next: nowhere_", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GuidelineError):
            load_or_raise(mini_copy)
    assert entries(cache)[0].read_bytes() == kept  # nothing kept for the broken files


def test_an_entry_without_the_note_is_not_trusted(cache: Path, mini_copy: Path, yaml_reads: list[str]) -> None:
    load_or_raise(mini_copy)
    for note in (cache / "checked").glob("*.json"):
        note.unlink()
    yaml_reads.clear()
    load_or_raise(mini_copy)
    assert yaml_reads  # the note says the checks passed; the entry alone says nothing


def _flip_last(data: bytes) -> bytes:
    return data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]


@pytest.mark.parametrize("spoil", [
    lambda data: b"",
    lambda data: b"not json\n" + data,
    lambda data: data[: len(data) // 2],  # torn
    _flip_last,  # one byte of the body: its hash no longer matches
    lambda data: data.replace(b'"format": 1', b'"format": 99', 1),
    lambda data: data.replace(b'"key": "', b'"key": "0', 1),
    lambda data: b"[" * 100_000,
    lambda data: b"\xff\xfe" + data,
], ids=["empty", "text", "torn", "a byte", "other format", "other key", "deep", "binary"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(cache: Path, mini_copy: Path, yaml_reads: list[str],
                                                            spoil: Any) -> None:
    first = load_or_raise(mini_copy)
    (path,) = entries(cache)
    good = path.read_bytes()
    path.write_bytes(spoil(good))
    yaml_reads.clear()
    assert load_or_raise(mini_copy) == first
    assert yaml_reads  # read from the YAML
    assert path.read_bytes() == good  # and written again
    yaml_reads.clear()
    load_or_raise(mini_copy)
    assert yaml_reads == []


def test_a_body_that_is_not_ours_behind_a_matching_hash_is_ignored(cache: Path, mini_copy: Path,
                                                                  yaml_reads: list[str]) -> None:
    load_or_raise(mini_copy)
    (path,) = entries(cache)
    head, _nl, _body = path.read_bytes().partition(b"\n")
    for body in (b'[99, "x"]', b"[2]", b'{"a": 1}', b"[1, [0], 1, 1]"):
        header = json.loads(head) | {"body": snapshot.digest(body).hexdigest()}
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)
        yaml_reads.clear()
        assert load_or_raise(mini_copy) == fresh(mini_copy)
        assert yaml_reads


def test_an_unreadable_or_unwritable_entry_means_reading_the_yaml(tmp_path: Path, mini_copy: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   yaml_reads: list[str]) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(stamp.CACHE_ENV, str(cache))
    (cache / "parsed").mkdir(parents=True)
    (cache / "parsed").chmod(0o500)
    writable = os.access(cache / "parsed", os.W_OK)  # root writes anywhere
    try:
        for _ in range(2):
            assert load_or_raise(mini_copy) == fresh(mini_copy)
    finally:
        (cache / "parsed").chmod(0o700)
    if not writable:
        assert len(yaml_reads) == 6  # each consult read the YAML (the note still spared it the checks)
    shutil.rmtree(cache / "parsed")
    (cache / "parsed").write_text("a file where the folder should be\n", encoding="utf-8")
    assert load_or_raise(mini_copy) == fresh(mini_copy)
    (cache / "parsed").unlink()
    (cache / "parsed").mkdir()
    load_or_raise(mini_copy)
    (path,) = entries(cache)
    path.unlink()
    path.mkdir()  # a folder where the entry should be
    assert load_or_raise(mini_copy) == fresh(mini_copy)
    if hasattr(os, "mkfifo"):  # a named pipe there must not hang the consult
        path.rmdir()
        os.mkfifo(path)
        assert load_or_raise(mini_copy) == fresh(mini_copy)
        assert path.is_file()


def test_locations_follow_the_folder_as_it_is_named_now(cache: Path, mini_copy: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy.parent)
    relative = Path(mini_copy.name)
    first = load_or_raise(relative)
    assert first.node(first.start).source.file == os.path.join("mini", "nodes.yaml")
    monkeypatch.chdir(mini_copy)  # the same folder, from inside it: its files are shown as ./nodes.yaml
    kept = snapshot.load(Path("."), ".")
    assert kept is not None
    assert kept == fresh(Path("."))
    assert kept.root == "." and kept.node(kept.start).source == Source(os.path.join(".", "nodes.yaml"), *first.node(first.start).source[1:])


def test_a_scripted_consult_prints_the_same_read_from_yaml_or_from_the_cache(cache: Path, mini_copy: Path,
                                                                              cli: CliRunner) -> None:
    args = ("consult", "--guideline", str(mini_copy), "--set", "situation=flare", "--set", "upcr=2", "--format", "json")
    first, second, third = cli(*args), cli(*args), cli(*args)
    assert entries(cache)
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err) == (third.code, third.out,
                                                                                           third.err)


@pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes")
@pytest.mark.parametrize("which", ["the entry", "its folder"])
def test_an_entry_others_may_write_is_not_trusted(cache: Path, mini_copy: Path, yaml_reads: list[str], which: str) -> None:
    load_or_raise(mini_copy)
    (path,) = entries(cache)
    where = path if which == "the entry" else path.parent
    where.chmod(where.stat().st_mode | 0o002)  # a planted model could carry other recommendations under the right key
    yaml_reads.clear()
    assert load_or_raise(mini_copy) == fresh(mini_copy)
    assert yaml_reads

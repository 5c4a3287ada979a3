"""Hostile input: every broken file is refused with a located message and a documented exit code.

The corpus is tests/data/hostile/ (one file per kind of damage); the large cases (5 MB,
a 2 MB line, 20,000 levels of nesting) are generated here into tmp_path. Each file is
tried as the manifest, a node file and the bibliography of a copy of tests/data/mini,
and as an answers file. The large cases also run once in a fresh interpreter, where the
peak memory of the whole batch is read back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, MINI, ROOT, CliRunner

HOSTILE = DATA / "hostile"
ACCEPTED = "bom-crlf.yaml"
CORPUS = sorted(p.name for p in HOSTILE.glob("*.yaml") if p.name != ACCEPTED)
PLACES = ("guideline.yaml", "nodes.yaml", "bibliography.yaml")
UNLOCATED = {"empty.yaml", "only-comment.yaml"}  # nothing to point at: the message names the file alone

INDENT = ('This line is indented differently from the lines it belongs with: line up the keys of one mapping, '
          'and the "- " items of one list, in the same column, with spaces.')

# The first line `lnnav validate` prints with the file as the node file, after the folder.
AS_NODE_FILE = {
    "alias-only.yaml": "nodes.yaml:1:1: error: aliases are not allowed (*nothing); write the value out",
    "bad-indent.yaml": "nodes.yaml:3:2: error: YAML syntax error: did not find expected key. " + INDENT,
    "billion-laughs.yaml": "nodes.yaml:1:4: error: anchors are not allowed (&a); write the value out",
    "binary.yaml": "nodes.yaml:3:1: error: binary data (NUL byte); expected a UTF-8 text file",
    "complex-key.yaml": "nodes.yaml:1:3: error: a key must be a plain word, not a list or mapping",
    "control-character.yaml": "nodes.yaml:1:13: error: YAML error: unacceptable character #x0007: "
                              "control characters are not allowed",
    "duplicate-keys.yaml": 'nodes.yaml:3:1: error: duplicate key "references" (first defined at line 1)',
    "empty.yaml": "nodes.yaml: error: file is empty",
    "huge-number.yaml": "nodes.yaml:1:17: error: number cannot be read: 1000000000000000000000000000000000000000",
    "include-tag.yaml": "nodes.yaml:1:8: error: tags are not allowed (!include); write plain YAML",
    "latin-1.yaml": "nodes.yaml:1:11: error: not valid UTF-8 text; save the file as UTF-8",
    "mapping-in-scalar.yaml": "nodes.yaml:1:6: error: YAML syntax error: mapping values are not allowed in this "
                              'context. The value of "id" contains ": ", which YAML reads as the start of another '
                              'key: put the whole value in quotes (id: "a: b").',
    "merge-key.yaml": "nodes.yaml:2:5: error: merge keys ('<<') are not allowed; write the keys out",
    "only-comment.yaml": "nodes.yaml: error: file is empty",
    "python-object.yaml": "nodes.yaml:1:8: error: tags are not allowed (!!python/object/apply:os.system); "
                          "write plain YAML",
    "several-documents.yaml": "nodes.yaml:2:1: error: more than one YAML document in the file ('---'); keep one",
    "surrogate.yaml": "nodes.yaml:2:7: error: not valid UTF-8 text; save the file as UTF-8",
    "tab-indent.yaml": "nodes.yaml:2:1: error: YAML syntax error: found character that cannot start any token "
                       "(the line has a tab: indent with spaces)",
    "tag-directive.yaml": "nodes.yaml:3:8: error: tags are not allowed (tag:example.com,2000:thing); write plain YAML",
    "top-level-list.yaml": "nodes.yaml:1:1: error: a node file must be a mapping, got a list",
    "top-level-scalar.yaml": 'nodes.yaml:1:1: error: a node file must be a mapping, got a string ("just some text")',
    "unclosed-bracket.yaml": "nodes.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']'",
    "unterminated-quote.yaml": 'nodes.yaml:1:8: error: YAML syntax error: the quote " opened here is never closed '
                               '(found unexpected end of stream). Add the closing " where the text ends.',
    "yes-no-on-keys.yaml": 'nodes.yaml:1:1: error: key yes is read as a boolean (yes), not text; quote it: "yes"',
}


def generated() -> dict[str, Callable[[], bytes]]:
    """The large hostile files, made at run time rather than committed."""
    node = "  - id: n{0}\n    kind: question\n    text: Question {0}?\n    help: " + "padding " * 60 + "\n"
    return {
        "five-megabytes.yaml": lambda: ("nodes:\n" + "".join(node.format(i) for i in range(10_500))).encode()[
            : 5 * 1024 * 1024].rsplit(b"\n  - id:", 1)[0] + b"\n",
        "two-megabyte-line.yaml": lambda: b"title: " + b"x" * (2 * 1024 * 1024) + b"\n",
        "deep-flow.yaml": lambda: b"nodes: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
        "deep-block.yaml": lambda: b"nodes:\n  " + b"- " * 20_000 + b"x\n",
    }


def folder_with(tmp_path: Path, place: str, data: bytes) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / place).write_bytes(data)
    return folder


def assert_refused(run_out: str, folder: Path, place: str, *, located: bool) -> None:
    assert "Traceback" not in run_out
    first = run_out.splitlines()[0]
    assert first.startswith(f"{folder}/{place}"), first
    if located:
        assert re.match(rf"{re.escape(str(folder))}/{re.escape(place)}:\d+:\d+: error: ", first), first


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", CORPUS)
def test_a_hostile_file_anywhere_in_a_guideline_is_refused_with_its_place(
    cli: CliRunner, tmp_path: Path, name: str, place: str
) -> None:
    folder = folder_with(tmp_path, place, (HOSTILE / name).read_bytes())
    run = cli("validate", str(folder))
    assert run.code == 1
    assert_refused(run.out + run.err, folder, place, located=name not in UNLOCATED)
    if place == "nodes.yaml":
        assert run.out.splitlines()[0] == f"{folder}/{AS_NODE_FILE[name]}"


@pytest.mark.parametrize("name", CORPUS)
def test_a_consult_refuses_a_guideline_with_a_hostile_node_file(cli: CliRunner, tmp_path: Path, name: str) -> None:
    folder = folder_with(tmp_path, "nodes.yaml", (HOSTILE / name).read_bytes())
    run = cli("consult", "--guideline", str(folder), "--set", "situation=flare", "--set", "upcr=2", "--format", "json")
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines()[0] == f"{folder}/{AS_NODE_FILE[name]}"
    assert run.err.splitlines()[-1] == "lnnav: error: guideline is invalid; run `lnnav validate` on it"


@pytest.mark.parametrize("name", [*CORPUS, ACCEPTED])
def test_a_hostile_answers_file_exits_2_naming_the_file(cli: CliRunner, name: str) -> None:
    run = cli("consult", "--guideline", "tests/data/mini", "--answers", f"tests/data/hostile/{name}", "--format", "json")
    assert (run.code, run.out) == (2, "")
    assert "Traceback" not in run.err
    assert run.err.startswith(f"tests/data/hostile/{name}"), run.err


def test_a_bom_and_crlf_line_ends_are_accepted_in_every_file(cli: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "nodes.yaml", (HOSTILE / ACCEPTED).read_bytes())
    for name in ("guideline.yaml", "bibliography.yaml"):
        text = (folder / name).read_bytes().replace(b"\r\n", b"\n")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    run = cli("validate", str(folder))
    assert run.code == 0
    assert run.out.splitlines()[-1] == f"{folder}: ok: mini 1.0.0: 7 nodes, 4 outcomes, 2 references, 0 warning(s)"


BATCH = """
import io, json, resource, sys, contextlib
from lnnav.cli.main import main
out = []
for argv in json.loads(sys.argv[1]):
    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        code = main(argv)
    err = "".join(line for line in e.getvalue().splitlines(True) if not line.startswith("lnnav: guideline: "))
    text = o.getvalue() + err
    out.append([code, text.splitlines()[0] if text else "", "Traceback" in text])
print(json.dumps({"runs": out, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_large_and_deep_files_are_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    """One fresh interpreter runs every large case in every place, and as answers."""
    cases: list[tuple[list[str], str]] = []
    for name, make in generated().items():
        data = make()
        for place in PLACES:
            folder = folder_with(tmp_path / name / place, place, data)
            cases.append((["validate", str(folder)], f"{folder}/{place}"))
        answers = tmp_path / name / "answers.yaml"
        answers.write_bytes(data)
        cases.append((["consult", "--guideline", str(MINI), "--answers", str(answers)], str(answers)))
    argv = json.dumps([c for c, _ in cases])
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", BATCH, argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env=env, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for (argv_case, named), (code, first, traceback) in zip(cases, result["runs"], strict=True):
        assert code == (2 if argv_case[0] == "consult" else 1), (argv_case, first)
        assert first.startswith(named), (argv_case, first)
        assert not traceback
    assert result["peak_mb"] < 200


def test_nesting_beyond_the_limit_is_named_at_its_place(cli: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "nodes.yaml", generated()["deep-block.yaml"]())
    run = cli("validate", str(folder))
    assert run.out.splitlines()[0] == f"{folder}/nodes.yaml:2:401: error: nesting is deeper than 200 levels"


def test_a_missing_guideline_folder_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("validate", "tests/data/no-such-folder")
    assert (run.code, run.out, run.err) == (2, "", "lnnav: error: tests/data/no-such-folder: guideline folder not found\n")


def test_a_file_given_as_the_guideline_folder_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("consult", "--guideline", "README.md", "--set", "situation=flare")
    assert (run.code, run.err) == (
        2, "lnnav: error: README.md: not a folder; give the guideline folder (it holds guideline.yaml)\n")


def test_a_folder_where_a_node_file_should_be_is_named(cli: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bibliography.yaml", b"")
    (folder / "nodes.yaml").unlink()
    (folder / "nodes.yaml").mkdir()
    run = cli("validate", str(folder))
    assert (run.code, run.out.splitlines()[0]) == (1, f"{folder}/nodes.yaml: error: is a folder, expected a YAML file")


def test_a_folder_without_a_manifest_says_which_file_is_missing(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path))
    assert (run.code, run.out) == (1, f"{tmp_path}/guideline.yaml: error: file not found\n{tmp_path}: 1 error(s), "
                                      "0 warning(s)\n")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="running as root: file permissions do not stop reads")
def test_an_unreadable_node_file_is_named(cli: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bibliography.yaml", (MINI / "bibliography.yaml").read_bytes())
    (folder / "nodes.yaml").chmod(0)
    try:
        run = cli("validate", str(folder))
    finally:
        (folder / "nodes.yaml").chmod(0o644)
    assert (run.code, run.out.splitlines()[0]) == (1, f"{folder}/nodes.yaml: error: cannot read file: permission denied")


def test_an_unreadable_file_is_named_whoever_runs_the_tests(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads anything, so the refusal is simulated where the file is read."""
    folder = folder_with(tmp_path, "bibliography.yaml", (MINI / "bibliography.yaml").read_bytes())
    import lnnav.format.yamlio

    real = lnnav.format.yamlio.read_bytes

    def refuse(path: Path, **kwargs: Any) -> bytes:
        if path.name == "nodes.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, **kwargs)

    monkeypatch.setattr(lnnav.format.yamlio, "read_bytes", refuse)
    run = cli("validate", str(folder))
    assert (run.code, run.out.splitlines()[0]) == (1, f"{folder}/nodes.yaml: error: cannot read file: permission denied")


def test_a_missing_answers_file_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("consult", "--guideline", "tests/data/mini", "--answers", "tests/data/no-such.yaml")
    assert (run.code, run.err) == (2, "lnnav: error: tests/data/no-such.yaml: answers file not found\n")


def test_an_answers_file_of_a_million_unknown_keys_stops_being_read_early(tmp_path: Path) -> None:
    """12 MB of `kNNNNNNN: 1` took 859 MB when every key was composed, then refused one by one."""
    keys = tmp_path / "keys.yaml"
    keys.write_text("".join(f"k{i:07d}: 1\n" for i in range(1_000_000)), encoding="utf-8")
    items = tmp_path / "items.yaml"
    items.write_text("situation:\n" + "  - flare\n" * 1_000_000, encoding="utf-8")
    cases = [["consult", "--guideline", str(MINI), "--answers", str(keys)],
             ["consult", "--guideline", str(MINI), "--answers", str(items)],
             ["graph", "--guideline", str(MINI), "--highlight", str(keys)]]
    done = subprocess.run([sys.executable, "-c", BATCH, json.dumps(cases)], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env=os.environ | {"NO_COLOR": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [run[:2] for run in result["runs"]] == [
        [2, f'{keys}:1017:1: error: more than 1,016 entries in one mapping (guideline "mini" has 7 nodes); the rest '
            "of the file is not read"],
        [2, f'{items}:1018:5: error: more than 1,016 entries in one list (guideline "mini" has 7 nodes); the rest '
            "of the file is not read"],
        [2, f'{keys}:1017:1: error: more than 1,016 entries in one mapping (guideline "mini" has 7 nodes); the rest '
            "of the file is not read"],
    ]
    assert result["peak_mb"] < 200, result["peak_mb"]  # as above: it was 859 MB

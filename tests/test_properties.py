"""Property-based hardening: damaged copies of shipped files only ever give lnnav's own errors.

Mutations of the mini guideline's files and scenarios (lines deleted, duplicated or
swapped, values swapped for another YAML type, text truncated, random bytes put in)
run through `lnnav validate` and scripted consults in-process. Whatever the damage,
the result is a documented exit code with messages, never an exception escaping
main(). Examples are derandomized and few, so the suite stays fast and repeatable.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, split_guideline_line
from lnnav.cli.main import main
from lnnav.format.yamlio import decode, parse

SETTINGS = settings(max_examples=120, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FILES = ("guideline.yaml", "nodes.yaml", "bibliography.yaml")
SCENARIOS = sorted((MINI / "scenarios").glob("*.yaml"))
OTHER_VALUES = ("[1, 2]", "{a: 1}", "42", "-1e999", "yes", "~", '""', "'x'", "!!str x", "&a x", "*a", "|\n  block",
                "[", "}", "\t", "2026-13-45", "0x1F", ".nan", "<<: {a: 1}", "- a")


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """One or a few kinds of damage to a file's bytes."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "truncate", "bytes"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "value" and b":" in lines[i]:
            key = lines[i].split(b":", 1)[0]
            lines[i] = key + b": " + draw(st.sampled_from(OTHER_VALUES)).encode()
        elif kind == "truncate":
            return b"\n".join(lines)[: draw(st.integers(0, len(data)))]
        elif kind == "bytes":
            at = draw(st.integers(0, len(data)))
            joined = b"\n".join(lines)
            return joined[:at] + draw(st.binary(min_size=1, max_size=8)) + joined[at:]
        data = b"\n".join(lines)
    return data


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def damaged_copy(folder: Path, name: str, data: bytes) -> Path:
    target = folder / "mini"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MINI, target)
    (target / name).write_bytes(data)
    return target


@SETTINGS
@given(st.data())
def test_a_damaged_guideline_file_is_valid_or_refused_with_messages(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(FILES))
    damaged = data.draw(mutated((MINI / name).read_bytes()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = damaged_copy(Path(tmp), name, damaged)
        code, text = run("validate", str(folder))
        assert code in (0, 1), text
        assert "Traceback" not in text
        if code == 1:
            assert f"{folder}/" in text  # the problem is placed in a file
        consult_code, consult_text = run("consult", "--guideline", str(folder), "--set", "situation=flare",
                                         "--set", "upcr=4", "--format", "json")
        assert consult_code in (0, 1, 2), consult_text
        assert (consult_code == 1) == (code == 1), (text, consult_text)


@SETTINGS
@given(st.data())
def test_a_damaged_answers_file_is_used_or_refused_with_exit_2(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(SCENARIOS))
    damaged = data.draw(mutated(source.read_bytes()))
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / source.name
        answers.write_bytes(damaged)
        code, text = run("consult", "--guideline", str(MINI), "--answers", str(answers), "--format", "json")
        assert code in (0, 2), text
        assert "Traceback" not in text
        if code == 2:
            text = split_guideline_line(text)[0]
            assert text.startswith((str(answers), "lnnav: error: ")), text


@SETTINGS
@given(st.data())
def test_a_damaged_scenario_fails_its_check_rather_than_the_run(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(SCENARIOS))
    damaged = data.draw(mutated(source.read_bytes()))
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / source.name
        scenario.write_bytes(damaged)
        code, text = run("scenario", "check", str(scenario), "--guideline", str(MINI), "--format", "json")
        assert code in (0, 1), text
        assert "Traceback" not in text


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_to_text_or_to_a_located_issue(data: bytes) -> None:
    text, issues = decode(data, "f.yaml")
    assert (text is None) == bool(issues)
    assert all(str(i).startswith("f.yaml:") for i in issues)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}?,'\"!&*#|>%@` \t\n0.yes")), max_size=60))
def test_any_text_parses_to_a_tree_or_to_issues_never_an_exception(text: str) -> None:
    _root, issues = parse(text, "f.yaml")
    assert all(str(i).startswith("f.yaml") for i in issues)


def test_the_shipped_fixture_is_the_unmutated_baseline() -> None:
    """The properties start from a valid guideline: an unchanged copy validates."""
    code, text = run("validate", str(MINI))
    assert code == 0, text

"""Hostile text: whatever a guideline, scenario or record says is shown exactly as written, everywhere.

One guideline (a copy of tests/data/mini) carries a payload in every text field at once:
question text and help, option labels and help, numeric text and unit, outcome title,
summary, actions, cautions and rationale, grades, alert title and text, citation, DOI,
URL and note, scenario title and description, manifest title and version. Each field
is written ``<as before> «field» <payload>``, so that every place a field is shown can
be found in an output and checked: what follows the marker must be the payload itself.

Payloads with control characters must be refused by ``validate`` with a location; the
others (rich markup, Markdown, HTML, Mermaid and DOT breakers) must be accepted and
then shown literally by every command in every format, with no traceback.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import MINI, CliRunner
from lnnav.base.text import CONTROL

REFUSED = {
    "escape and CSI": "\x1b[2J\x1b[31mred",
    "OSC title and clipboard": "\x1b]0;owned\x07 \x1b]52;c;aGk=\x07",
    "C1 CSI": "\x9b31m",
    "bidi override": "abc\u202edef",
    "DEL, CR and BS": "a\x7fb\rc\x08d",
}
ACCEPTED = {
    "balanced rich markup": "[bold red]boom[/bold red]",
    "unbalanced rich markup": "x [/] y [/kg] z",
    "a unit in brackets": "(max 40 [mg/day])",
    "rich link": "[link=file:///etc/passwd]click[/link]",
    "raw HTML and script": "<script>alert(1)</script><b>x</b>&amp;",
    "Markdown structure": "# H\n| a | b |\n- item\n[x](javascript:alert(1)) **b** `c` _i_",
    "Mermaid breaker": "\"]; click n_situation href \"javascript:alert(1)\"\n%%{init: {'securityLevel':'loose'}}%%",
    "DOT breaker": "\"]; evil [label=\"x\\\" \\n } digraph {",
}
MARK = re.compile(r"«([a-z_.]+)» ")


def _mark(value: str, field: str, payload: str) -> str:
    return f"{value} «{field}» {payload}"


V2 = MINI.parent / "v2"


def hostile_copy(tmp_path: Path, payload: str, base: Path = MINI, scenario_file: str = "severe-flare.yaml") -> Path:
    """A copy of ``base`` with ``payload`` in every text field and in one scenario.

    Units are marked in the v1 fixture only: in v2 a compute node's unit must agree
    with its inputs', so the same payload in every unit would no longer validate.
    """
    folder = tmp_path / "hostile"
    shutil.copytree(base, folder)
    units = base == MINI

    def edit(name: str, change: Callable[[dict[str, Any]], None]) -> None:
        path = folder / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")

    def grade(value: str) -> str:
        return _mark(value, "grade", payload)

    def manifest(doc: dict[str, Any]) -> None:
        doc["title"] = _mark(doc["title"], "manifest.title", payload)
        doc["version"] = _mark(doc["version"], "manifest.version", payload)
        for g in doc["grading"]["grades"]:
            g["id"] = grade(g["id"])

    def nodes(doc: dict[str, Any]) -> None:
        for node in doc["nodes"]:
            kind = node["kind"]
            for key in ("text", "help", "unit", "title", "summary"):
                if key in node and (key != "unit" or units):
                    node[key] = _mark(node[key], f"{kind}.{key}", payload)
            for o in node.get("options", []):
                o["label"] = _mark(o["label"], "option.label", payload)
                o["help"] = _mark(o.get("help", "Option help."), "option.help", payload)
            if kind == "recommendation":
                node["actions"] = [_item(a, "action", payload) for a in node["actions"]]
                node["cautions"] = [_item(c, "caution", payload) for c in node.get("cautions", ["Watch."])]
                node["rationale"] = _mark(node.get("rationale", "Because."), "rationale", payload)
                node["grade"] = grade(node["grade"])
        for alert in doc["alerts"]:
            alert["title"] = _mark(alert["title"], "alert.title", payload)
            alert["text"] = _mark(alert["text"], "alert.text", payload)

    def bibliography(doc: dict[str, Any]) -> None:
        for ref in doc["references"]:
            ref["citation"] = _mark(ref["citation"], "citation", payload)
            ref["doi"] = _mark(ref.get("doi", "10.1000/x"), "doi", payload)
            ref["url"] = _mark(ref.get("url", "https://example.org/x"), "url", payload)
            ref["note"] = _mark(ref.get("note", "A note."), "note", payload)

    def scenario(doc: dict[str, Any]) -> None:
        doc["title"] = _mark(doc["title"], "scenario.title", payload)
        doc["description"] = _mark(doc["description"], "scenario.description", payload)

    edit("guideline.yaml", manifest)
    edit("nodes.yaml", nodes)
    edit("bibliography.yaml", bibliography)
    edit(f"scenarios/{scenario_file}", scenario)
    return folder


def _item(item: str | dict[str, Any], field: str, payload: str) -> str | dict[str, Any]:
    """An action or caution: a string, or (v2) ``{text, when}``."""
    if isinstance(item, dict):
        return {**item, "text": _mark(item["text"], field, payload)}
    return _mark(item, field, payload)


def flat(text: str) -> str:
    return " ".join(text.split())


def strings(doc: object) -> Iterator[str]:
    """Every string in a JSON document, keys left out."""
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for value in doc.values():
            yield from strings(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from strings(item)


def md_plain(text: str) -> str:
    """What a Markdown renderer shows for escaped text: each backslash escape is the character itself,
    and a quoted vignette's lines without their "> " (the quote is the document's structure)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"(?m)^> ?", "", text))


MERMAID_CODES = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "35": "#", "37": "%", "59": ";", "96": "`",
                 "124": "|"}


def mermaid_plain(text: str) -> str:
    return re.sub(r"#(quot|lt|gt|amp|35|37|59|96|124);", lambda m: MERMAID_CODES[m.group(1)], text)


def dot_plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


DECODE: dict[str, Callable[[str], str]] = {
    "text": lambda s: s,
    "markdown": md_plain,
    "html": html.unescape,
    "json": lambda s: "\n".join(strings(json.loads(s))),
}


def assert_literal(output: str, payload: str, fmt: str) -> set[str]:
    """Every marked field in ``output`` is followed by the payload as written; the fields seen."""
    shown = flat(DECODE[fmt](output))
    want = flat(payload)
    seen: set[str] = set()
    for m in MARK.finditer(shown):
        seen.add(m.group(1))
        assert shown[m.end():].startswith(want), f"{m.group(1)} in {fmt}: {shown[m.start():m.end() + 80]!r}"
    assert seen, f"no marked field in the {fmt} output"
    return seen


def unescaped_quotes(line: str) -> int:
    return len(re.findall(r'(?<!\\)(?:\\\\)*"', line))


CONSULT = ["--answers"]  # completed with the hostile scenario file


def run_ok(cli: CliRunner, *args: str) -> str:
    run = cli(*args)
    assert "Traceback" not in run.err and "MarkupError" not in run.err, run.err
    assert run.code == 0, (args, run.err)
    return run.out


@pytest.fixture(params=list(ACCEPTED), ids=list(ACCEPTED))
def accepted(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    payload = ACCEPTED[request.param]
    return hostile_copy(tmp_path, payload), payload


@pytest.mark.parametrize("name", list(REFUSED))
def test_validate_refuses_control_characters_with_a_location(cli: CliRunner, tmp_path: Path, name: str) -> None:
    folder = hostile_copy(tmp_path, REFUSED[name])
    run = cli("validate", str(folder))
    assert run.code == 1
    first = run.out.splitlines()[0]
    assert re.match(rf"{re.escape(str(folder))}/guideline\.yaml:\d+:\d+: error: (bidirectional )?control character "
                    r"\\(x[0-9a-f]{2}|u202e) is not allowed in text", first), first
    assert CONTROL.search(run.out + run.err) is None, "a control character reached the output"


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_consult_refuses_a_guideline_with_control_characters(cli: CliRunner, tmp_path: Path, name: str) -> None:
    folder = hostile_copy(tmp_path, REFUSED[name])
    run = cli("consult", "--guideline", str(folder), "--set", "situation=flare", "--set", "upcr=4")
    assert (run.code, run.out) == (1, "")
    assert "Traceback" not in run.err
    assert CONTROL.search(run.err) is None


def test_validate_accepts_the_printable_payloads(cli: CliRunner, accepted: tuple[Path, str]) -> None:
    folder, _payload = accepted
    run = cli("validate", str(folder), "--format", "json")
    doc = json.loads(run.out)
    assert doc["valid"] is True, doc["issues"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_consult_format_shows_every_field_literally(cli: CliRunner, accepted: tuple[Path, str],
                                                         fmt: str) -> None:
    folder, payload = accepted
    scenario = str(folder / "scenarios" / "severe-flare.yaml")
    out = run_ok(cli, "consult", "--guideline", str(folder), "--answers", scenario, "--explain", "--format", fmt)
    seen = assert_literal(out, payload, fmt)
    assert {"recommendation.title", "action", "alert.title", "citation"} <= seen
    if fmt in ("markdown", "html"):  # markup only as escaped text: "\<b>" in Markdown, "&lt;b&gt;" in HTML
        assert re.search(r"(?<!\\)<(script|b)>", out) is None
    if fmt == "markdown":
        assert not any(line.startswith(("# H", "| a |", "- item")) for line in out.splitlines())


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("part", ["--worksheet", "--answer-key"])
def test_worksheets_and_answer_keys_show_every_field_literally(cli: CliRunner, accepted: tuple[Path, str], fmt: str,
                                                               part: str) -> None:
    folder, payload = accepted
    scenario = str(folder / "scenarios" / "severe-flare.yaml")
    out = run_ok(cli, "consult", "--guideline", str(folder), "--answers", scenario, part, "--format", fmt)
    assert "scenario.title" in assert_literal(out, payload, fmt)
    assert re.search(r"(?<!\\)<(script|b)>", out) is None


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_shows_the_tree_and_each_node_literally(cli: CliRunner, accepted: tuple[Path, str], fmt: str) -> None:
    folder, payload = accepted
    assert_literal(run_ok(cli, "show", "--guideline", str(folder), "--format", fmt, "--no-pager"), payload, fmt)
    for node in ("situation", "upcr", "rec_switch"):
        out = run_ok(cli, "show", node, "--guideline", str(folder), "--format", fmt, "--no-pager")
        assert_literal(out, payload, fmt)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_refs_shows_citations_literally(cli: CliRunner, accepted: tuple[Path, str], fmt: str) -> None:
    folder, payload = accepted
    assert "citation" in assert_literal(run_ok(cli, "refs", "--guideline", str(folder), "--format", fmt), payload, fmt)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_scenario_check_shows_titles_literally(cli: CliRunner, accepted: tuple[Path, str], fmt: str) -> None:
    folder, payload = accepted
    out = run_ok(cli, "scenario", "check", "--guideline", str(folder), "--format", fmt)
    assert "scenario.title" in assert_literal(out, payload, fmt)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_quiz_shows_questions_and_titles_literally(cli: CliRunner, accepted: tuple[Path, str], fmt: str) -> None:
    folder, payload = accepted
    scenario = str(folder / "scenarios" / "severe-flare.yaml")
    out = run_ok(cli, "quiz", scenario, "--guideline", str(folder), "--answers", scenario, "--format", fmt)
    assert assert_literal(out, payload, fmt) >= {"scenario.title"}


def test_replay_and_a_record_keep_the_text(cli: CliRunner, accepted: tuple[Path, str], tmp_path: Path) -> None:
    folder, payload = accepted
    scenario = str(folder / "scenarios" / "severe-flare.yaml")
    record = tmp_path / "record.json"
    run_ok(cli, "consult", "--guideline", str(folder), "--answers", scenario, "--save", str(record), "--format", "json")
    assert_literal(record.read_text(encoding="utf-8"), payload, "json")
    assert run_ok(cli, "replay", str(record), "--guideline", str(folder)) == "same outcome\n"


def test_mermaid_gains_no_statement_and_keeps_the_text(cli: CliRunner, accepted: tuple[Path, str]) -> None:
    folder, payload = accepted
    clean = run_ok(cli, "graph", "--guideline", str(MINI), "--format", "mermaid")
    out = run_ok(cli, "graph", "--guideline", str(folder), "--format", "mermaid")
    assert len(out.splitlines()) == len(clean.splitlines())
    assert not any(line.lstrip().startswith(("click", "%%{")) for line in out.splitlines())
    assert "%%{" not in out and "<script" not in out
    assert flat(payload) in flat(mermaid_plain(out))


def test_dot_gains_no_statement_and_keeps_the_text(cli: CliRunner, accepted: tuple[Path, str]) -> None:
    folder, payload = accepted
    clean = run_ok(cli, "graph", "--guideline", str(MINI), "--format", "dot")
    out = run_ok(cli, "graph", "--guideline", str(folder), "--format", "dot")
    assert len(out.splitlines()) == len(clean.splitlines())
    assert all(unescaped_quotes(line) % 2 == 0 for line in out.splitlines())
    assert flat(payload) in flat(dot_plain(out))


def test_control_characters_in_user_input_are_echoed_visibly(cli: CliRunner) -> None:
    run = cli("consult", "--guideline", str(MINI), "--set", "situation=\x1b[2Jflare\u202e", "--set", "upcr=4")
    assert run.code == 2
    assert "\x1b" not in run.err and "\u202e" not in run.err
    assert '"\\x1b[2Jflare\\u202e" is not allowed for "situation"' in run.err


def test_control_characters_in_a_node_name_asked_for_are_echoed_visibly(cli: CliRunner) -> None:
    run = cli("show", "\x1b]0;owned\x07", "--guideline", str(MINI))
    assert run.code == 2
    assert run.err.endswith('lnnav: error: no node "\\x1b]0;owned\\x07" in guideline "mini"\n')


def test_control_characters_in_a_file_name_are_echoed_visibly(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("consult", "--guideline", str(MINI), "--answers", str(tmp_path / "a\x1b[2J.yaml"))
    assert run.code == 2
    assert "\x1b" not in run.err and "a\\x1b[2J.yaml" in run.err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_v2_kinds_show_their_text_literally(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    """Multi options, a route, a compute node and conditional actions: the same rendering paths."""
    for n, payload in enumerate(ACCEPTED.values()):
        folder = hostile_copy(tmp_path / str(n), payload, V2, "dual.yaml")
        scenario = str(folder / "scenarios" / "dual.yaml")
        out = run_ok(cli, "consult", "--guideline", str(folder), "--answers", scenario, "--explain", "--format", fmt)
        assert {"multi.text", "route.text", "compute.text", "action"} <= assert_literal(out, payload, fmt)


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
@pytest.mark.parametrize("name", list(REFUSED))
def test_a_drawing_of_a_guideline_refused_for_control_characters_writes_them_out(
    cli: CliRunner, tmp_path: Path, name: str, fmt: str
) -> None:
    """graph draws an invalid guideline as far as it loads: its labels and tooltips still reach a terminal."""
    folder = hostile_copy(tmp_path, REFUSED[name])
    run = cli("graph", "--guideline", str(folder), "--format", fmt)
    assert run.code == 1 and "Traceback" not in run.err
    assert CONTROL.search(run.out + run.err) is None, "a control character reached the drawing"
    assert "«recommendation.title»" in run.out


def test_validate_names_a_folder_with_escapes_in_its_name_visibly(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "a\x1b]0;owned\x07\x1b[2Jb"
    shutil.copytree(MINI, folder)
    run = cli("validate", str(folder))
    assert run.code == 0
    assert CONTROL.search(run.out + run.err) is None
    assert run.out.endswith(f"{tmp_path}/a\\x1b]0;owned\\x07\\x1b[2Jb: ok: mini 1.0.0: 7 nodes, 4 outcomes, "
                            "2 references, 0 warning(s)\n")

"""Where a result goes decides its format and layout: the --output name, `-`, and an explicit --format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CliRunner

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


@pytest.mark.parametrize(("name", "opening"), [("handout.html", "<!DOCTYPE html>"), ("notes.md", "# Case: Heavy proteinuric flare"),
                                               ("case.json", "{"), ("case.txt", "Recommendation: Re-induce"),
                                               ("case.out", "Recommendation: Re-induce"),
                                               ("HANDOUT.HTML", "<!DOCTYPE html>")])
def test_the_output_file_name_picks_the_format(cli: CliRunner, tmp_path: Path, name: str, opening: str) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--output", str(tmp_path / name))
    assert (run.code, run.out) == (0, "")
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(opening)


def test_an_explicit_format_wins_over_the_file_name(cli: CliRunner, tmp_path: Path) -> None:
    cli("consult", *MINI_ARGS, *SEVERE, "--output", str(tmp_path / "x.html"), "--format", "json")
    assert json.loads((tmp_path / "x.html").read_text(encoding="utf-8"))["outcome"]["id"] == "rec_flare_severe"


def test_output_dash_is_standard_output(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--output", "-", "--format", "json")
    assert (run.code, run.err) == (0, "")
    assert json.loads(run.out)["outcome"]["id"] == "rec_flare_severe"
    assert not Path("-").exists()


@pytest.mark.parametrize(("name", "opening"), [("tree.dot", "digraph"), ("tree.gv", "digraph"),
                                               ("tree.mmd", "flowchart"), ("tree.txt", "flowchart")])
def test_graph_output_name_picks_dot_or_mermaid(cli: CliRunner, tmp_path: Path, name: str, opening: str) -> None:
    run = cli("graph", *MINI_ARGS, "--output", str(tmp_path / name))
    assert run.code == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(opening)


def test_graph_explicit_format_wins(cli: CliRunner, tmp_path: Path) -> None:
    cli("graph", *MINI_ARGS, "--output", str(tmp_path / "tree.dot"), "--format", "mermaid")
    assert (tmp_path / "tree.dot").read_text(encoding="utf-8").startswith("flowchart")


@pytest.mark.parametrize("fmt", [(), ("--format", "text"), ("--format", "html")])
@pytest.mark.parametrize(("name", "kind"), [("x.pdf", "PDF"), ("case.SVG", "SVG"), ("card.png", "PNG"),
                                            ("notes.docx", "Word")])
def test_a_file_name_asking_for_a_rendered_format_is_refused_before_anything_is_written(
    cli: CliRunner, tmp_path: Path, name: str, kind: str, fmt: tuple[str, ...]
) -> None:
    """Text in a file named x.pdf is a result lost to whoever opens it, whatever --format said."""
    run = cli("consult", *MINI_ARGS, *SEVERE, *fmt, "--output", str(tmp_path / name))
    assert (run.code, run.out) == (2, "")
    assert run.err.endswith(f"lnnav: error: --output {tmp_path / name}: lnnav does not write {kind}; it writes text "
                            "(.txt), Markdown (.md), JSON (.json) or HTML (.html): name the file for one of them"
                            + (" (an HTML page prints to PDF from a browser)" if kind == "PDF" else "") + "\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", [(), ("--format", "dot"), ("--format", "mermaid")])
def test_graph_refuses_a_picture_file_name_and_says_how_to_draw_one(cli: CliRunner, tmp_path: Path,
                                                                   fmt: tuple[str, ...]) -> None:
    run = cli("graph", *MINI_ARGS, *fmt, "--output", str(tmp_path / "g.svg"))
    assert (run.code, run.out) == (2, "")
    assert run.err == (f"lnnav: error: --output {tmp_path / 'g.svg'}: lnnav does not write SVG; it writes Mermaid "
                       "(.mmd) or DOT (.dot, .gv) text: name the file for one of them (Graphviz draws a DOT file: "
                       "dot -Tsvg tree.dot -o tree.svg)\n")
    assert list(tmp_path.iterdir()) == []


def test_the_quiz_refuses_a_rendered_file_name_too(cli: CliRunner, tmp_path: Path) -> None:
    scenario = "tests/data/mini/scenarios/severe-flare.yaml"
    run = cli("quiz", scenario, *MINI_ARGS, "--answers", scenario, "--output", str(tmp_path / "score.pdf"))
    assert run.code == 2
    assert run.err.endswith("lnnav does not write PDF; it writes text or JSON: name the file for one of them\n")

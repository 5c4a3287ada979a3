"""`lnnav graph` and lnnav.graph: deterministic drawings, golden-tested; labels escaped."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import split_guideline_line
from lnnav.cli import main
from lnnav.commands.consult import scripted_walk
from lnnav.graph import dot_quote, edges, incoming, mermaid_text, taken, to_dot, to_mermaid
from lnnav.loader import display_path, load_or_raise

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
GOLDEN = ROOT / "tests" / "golden"
CASES = [
    ("graph-mini.mmd", ["--format", "mermaid"]),
    ("graph-mini.dot", ["--format", "dot"]),
    ("graph-mini-highlight.mmd", ["--highlight", str(MINI / "scenarios" / "severe-flare.yaml")]),
    ("graph-mini-highlight.dot", ["--format", "dot", "--highlight", str(MINI / "scenarios" / "switch.yaml")]),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_graph_matches_golden(
    name: str, args: list[str], capsys: pytest.CaptureFixture[str], golden: Callable[[str, str], None]
) -> None:
    # `pytest --update-goldens` rewrites them on purpose; review the diff
    assert main(["graph", "--guideline", str(MINI), *args]) == 0
    golden(name, capsys.readouterr().out)


def test_default_format_is_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--guideline", str(MINI)]) == 0
    assert capsys.readouterr().out == (GOLDEN / "graph-mini.mmd").read_text(encoding="utf-8")


def test_output_option_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tree.dot"
    assert main(["graph", "--guideline", str(MINI), "--format", "dot", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "graph-mini.dot").read_text(encoding="utf-8")
    assert split_guideline_line(capsys.readouterr().err) == (f"lnnav: written to {out}\n", display_path(MINI))


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--guideline", str(MINI), "--format", "svg"]) == 2
    assert "'svg' is not one of 'mermaid', 'dot'" in capsys.readouterr().err


def test_highlight_with_a_bad_answer_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("situation: maybe\n", encoding="utf-8")
    assert main(["graph", "--guideline", str(MINI), "--highlight", str(answers)]) == 2
    assert split_guideline_line(capsys.readouterr().err)[0] == (
        f'{answers}:1:12: error: "maybe" is not allowed for "situation" (Which situation applies?); '
        "allowed: no_response, flare\n"
    )


def test_edges_follow_guideline_order_with_choices() -> None:
    g = load_or_raise(MINI)
    assert [(e.source, e.target, e.label, e.choice) for e in edges(g)][:2] == [
        ("situation", "adherence", "No response yet", "no_response"),
        ("situation", "upcr", "Worse after a response", "flare"),
    ]
    assert [(e.source, e.label) for e in incoming(g)["rec_flare_mild"]] == [("upcr", "otherwise")]
    assert incoming(g)["situation"] == []


def test_taken_names_the_numeric_branch_by_position() -> None:
    g = load_or_raise(MINI)
    walk = scripted_walk(g, MINI / "scenarios" / "mild-flare.yaml", [])
    assert taken(walk) == ({"situation", "upcr", "rec_flare_mild"}, {("situation", "flare"), ("upcr", "1")})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "no"', "say #quot;no#quot;"),
        ("a < b > c & d", "a #lt; b #gt; c #amp; d"),
        ("#1 | `x`", "#35;1 #124; #96;x#96;"),
    ],
)
def test_mermaid_text_escapes_what_mermaid_parses(text: str, expected: str) -> None:
    assert mermaid_text(text) == expected


def test_dot_quote_escapes_backslashes_quotes_and_newlines() -> None:
    assert dot_quote('a\\n "b"\nc') == '"a\\\\n \\"b\\"\\nc"'


def _awkward_guideline(tmp_path: Path) -> Path:
    folder = tmp_path / "awkward"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8")
    text = text.replace("text: Which situation applies?", "text: 'Which \"situation\" <applies> & #1 | C:\\path?'")
    text = text.replace("label: Confirmed", "label: 'Confirmed \"yes\" \\n'")
    nodes.write_text(text, encoding="utf-8")
    return folder


def test_awkward_labels_stay_inside_their_quotes(tmp_path: Path) -> None:
    g = load_or_raise(_awkward_guideline(tmp_path))
    mermaid = to_mermaid(g)
    expected = ('  n_situation{"situation<br/>Which #quot;situation#quot; #lt;applies#gt; #amp; #35;1 #124;'
                '<br/>C:\\path?"}')
    assert expected in mermaid.splitlines()
    dot = to_dot(g)
    assert '  "adherence" -> "rec_switch" [label="Confirmed \\"yes\\" \\\\n"];' in dot.splitlines()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed (CI installs it)")
@pytest.mark.parametrize("highlight", [False, True])
def test_graphviz_renders_the_dot_output(tmp_path: Path, highlight: bool) -> None:
    g = load_or_raise(_awkward_guideline(tmp_path))
    walk = scripted_walk(g, MINI / "scenarios" / "switch.yaml", []) if highlight else None
    proc = subprocess.run(["dot", "-Tsvg"], input=to_dot(g, walk), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.count('class="node"') == len(g.nodes)
    assert proc.stdout.count('class="edge"') == len(edges(g))


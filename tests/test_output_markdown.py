"""Markdown output: every value is shown as written, whatever Markdown or HTML it holds."""

from __future__ import annotations

import pytest

from conftest import DATA
from lnnav.engine.answers import Scripted
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_or_raise
from lnnav.output.markdown import md, to_markdown


@pytest.mark.parametrize(("text", "shown"), [
    ("Re-induce with the regimen that worked.", "Re-induce with the regimen that worked."),
    ("version 1.0.0", "version 1.0.0"),
    (">= 3 g/g", "\\>= 3 g/g"),
    ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
    ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    ("**bold** _it_ `code` ~~gone~~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~"),
    ("a | b", "a \\| b"),
    ("&lt;b&gt;", "\\&lt;b\\&gt;"),
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("=====", "\\====="),
    ("C:\\path", "C:\\\\path"),
])
def test_markdown_specials_are_escaped(text: str, shown: str) -> None:
    assert md(text) == shown


def test_a_newline_cannot_start_a_heading_or_a_table_row() -> None:
    assert md("Title\n# injected\n| a | b |") == "Title # injected \\| a \\| b \\|"


def test_control_characters_are_written_out_not_emitted() -> None:
    assert md("red\x1b[31m alert\u202e") == "red\\\\x1b\\[31m alert\\\\u202e"


def test_a_finding_heads_the_recommendation_and_a_rule_label_fills_the_path_escaped() -> None:
    g = load_or_raise(DATA / "labels")
    text = to_markdown(navigate(g, Scripted(g, {"drugs": ("mmf",), "creat": 1.0, "cyc_prior": 33.0})))
    shown = r"Exposure \*36 g\* or more \<b>\[bold\]reached\[/bold\]\</b> - no more cyclophosphamide"
    lines = text.splitlines()
    assert lines.index(f"**{shown}**") < lines.index("## What to do")
    assert f"| 5 | Choose the next step from the regimen and exposure | {shown} |" in lines

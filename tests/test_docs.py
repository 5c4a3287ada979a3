"""The documents render as written: every table row belongs to a table, words name what exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "guidelines" / "FORMAT.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_table_row_follows_its_table(doc: Path) -> None:
    """A paragraph in the middle of a table ends it: the rows after it rendered as text."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    fenced = False
    for n, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not line.startswith("|"):
            continue
        before = lines[n - 1] if n else ""
        starts = n + 1 < len(lines) and lines[n + 1].startswith("|---")
        assert before.startswith("|") or starts, f"{doc.name}:{n + 1}: a table row outside a table: {line[:60]}"


def test_format_md_names_no_calculators_in_the_graph_table() -> None:
    text = (ROOT / "guidelines" / "FORMAT.md").read_text(encoding="utf-8")
    graph_row = next(line for line in text.splitlines() if line.startswith("| `lnnav graph"))
    assert "calculator" not in graph_row

"""Handouts: Markdown and HTML for a teaching session, checked against goldens."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CliRunner

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "handout-mini.md"), ("html", "handout-mini.html")])
def test_an_explained_scenario_handout_matches_its_golden(cli: CliRunner, golden: Callable[[str, str], None],
                                                         fmt: str, name: str) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--explain", "--format", fmt)
    assert (run.code, run.err) == (0, "")
    golden(name, run.out)


def test_a_markdown_handout_opens_with_the_case_as_the_html_does(cli: CliRunner) -> None:
    out = cli("consult", *MINI_ARGS, *SEVERE, "--format", "markdown").out
    assert out.startswith("# Case: Heavy proteinuric flare\n\n> Proteinuria of 4 g/g after a response.\n\n# Re-induce\n")
    assert "## Explanation" not in out


def test_a_plain_markdown_consult_has_no_case_section(cli: CliRunner) -> None:
    out = cli("consult", *MINI_ARGS, "--set", "situation=flare", "--set", "upcr=4", "--format", "markdown").out
    assert out.startswith("# Re-induce\n")
    assert "## Case" not in out


def test_markdown_follows_the_html_order(cli: CliRunner) -> None:
    md = cli("consult", *MINI_ARGS, *SEVERE, "--explain", "--format", "markdown").out
    page = cli("consult", *MINI_ARGS, *SEVERE, "--explain", "--format", "html").out
    heads = ["Case: Heavy proteinuric flare", "Re-induce", "What to do", "Alerts", "Explanation", "References"]
    assert [md.index(f"# {h}\n") for h in heads] == sorted(md.index(f"# {h}\n") for h in heads)
    assert [page.index(f">{h}</h") for h in heads] == sorted(page.index(f">{h}</h") for h in heads)
    assert ("- **Nephrotic-range proteinuria:** Consider anticoagulation risk. [1] *This alert fired because "
            "\"Current 24-h urine protein/creatinine ratio?\" was 4 g/g (>= 3 g/g).*") in md

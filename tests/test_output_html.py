from __future__ import annotations

import re

import pytest

from conftest import MINI, CliRunner
from lnnav.engine.answers import Scripted
from lnnav.engine.explain import explain
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.output.html import to_html

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


@pytest.fixture(scope="module")
def severe() -> Walk:
    g = load_or_raise(MINI)
    return navigate(g, Scripted(g, {"situation": "flare", "upcr": 4.0}))


def test_text_is_escaped_everywhere(severe: Walk) -> None:
    page = to_html(severe, title="<script>alert(1)</script>", description='A & B said "<b>"')
    assert "<script>" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - Re-induce</title>" in page
    assert '<div class="vignette">A &amp; B said &quot;&lt;b&gt;&quot;</div>' in page


def test_the_page_is_self_contained_and_print_friendly(severe: Walk) -> None:
    page = to_html(severe, explanation=explain(severe))
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert re.findall(r"<(?:script|link|img|iframe)\b|\bsrc=|https?://|url\(", page) == []
    assert "@media print" in page and '<meta charset="utf-8">' in page


def test_sections_appear_in_handout_order(severe: Walk) -> None:
    page = to_html(severe, title="Heavy", description="Vignette.", explanation=explain(severe))
    order = ["<h1>Case: Heavy</h1>", "<h1>Re-induce</h1>", "<h2>Alerts</h2>", "<h2>Explanation</h2>",
             "<h2>References</h2>", "<footer>"]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "<h2>Path taken</h2>" not in page  # the explanation goes step by step with each answer


def test_a_plain_consult_page_has_no_case_and_no_explanation(severe: Walk) -> None:
    page = to_html(severe)
    assert "Case:" not in page and "Explanation" not in page
    assert "<tr><td>2</td><td>Current 24-h urine protein/creatinine ratio?</td><td>4 g/g</td></tr>" in page


def test_format_html_writes_the_page_to_stdout(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--format", "html")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("<!DOCTYPE html>")
    assert "<h1>Case: Heavy proteinuric flare</h1>" in run.out


def test_a_finding_on_the_card_and_a_rule_label_in_the_path_are_escaped() -> None:
    g = load_or_raise(MINI.parent / "labels")
    page = to_html(navigate(g, Scripted(g, {"drugs": ("mmf",), "creat": 1.0, "cyc_prior": 33.0})))
    shown = "Exposure *36 g* or more &lt;b&gt;[bold]reached[/bold]&lt;/b&gt; - no more cyclophosphamide"
    assert f'<p class="finding"><strong>{shown}</strong></p>' in page
    assert f"<td>{shown}</td>" in page
    assert "<b>" not in page
    assert page.index('class="finding"') < page.index("<h2>What to do</h2>")

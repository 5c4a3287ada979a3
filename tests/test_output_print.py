"""Handouts on paper: the HTML printed to A4 by headless Chromium (a Debian package, installed by .ci/run).

Skips, with the reason, where Chromium or poppler-utils is missing. Printing every
bundled scenario would take a minute, so the longest handouts (by their text) are
printed: if they fit, the shorter ones do.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUNDLED, MINI, CliRunner
from lnnav.engine.scenarios import default_dir, find, load

CHROMIUM = next((c for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)
TOOLS = CHROMIUM is not None and shutil.which("pdfinfo") is not None and shutil.which("pdftotext") is not None
pytestmark = pytest.mark.skipif(not TOOLS, reason="headless Chromium and poppler-utils (pdfinfo, pdftotext) are "
                                                   "needed to print handouts: apt-get install chromium poppler-utils "
                                                   "(.ci/run does)")
MAX_PAGES = 4
LONGEST = 5


def print_pdf(page: Path, tmp_path: Path, *, browser_headers: bool = False) -> Path:
    """``page`` printed to PDF; ``browser_headers`` leaves Chromium's own header and footer switched on,
    as a print dialog has them by default."""
    assert CHROMIUM is not None
    pdf = page.with_suffix(".pdf")
    quiet = [] if browser_headers else ["--no-pdf-header-footer"]
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium'}", *quiet, f"--print-to-pdf={pdf}",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match and "A4" in info, info
    return int(match.group(1))


def page_text(pdf: Path, number: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def handout(cli: CliRunner, scenario: Path, target: Path, *extra: str) -> Path:
    run = cli("consult", "--guideline", str(scenario.parent.parent), "--answers", str(scenario), "--explain",
              "--format", "html", "--output", str(target), *extra)
    assert run.code == 0, run.err
    return target


def text_length(page: Path) -> int:
    return len(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split()))


def test_the_longest_bundled_explained_handouts_print_on_at_most_four_a4_pages_title_on_page_1(
        cli: CliRunner, tmp_path: Path) -> None:
    scenarios = find([default_dir(BUNDLED)])
    assert scenarios, "the bundled guideline has scenarios"
    made = [handout(cli, s, tmp_path / f"{s.stem}.html") for s in scenarios]
    longest = sorted(made, key=text_length, reverse=True)[:LONGEST]
    for page in longest:
        pdf = print_pdf(page, tmp_path)
        title = re.search(r"<section><h1>([^<]*)</h1>\n<p class=\"meta\">", page.read_text(encoding="utf-8"))
        assert title is not None
        assert pages(pdf) <= MAX_PAGES, page.name
        assert " ".join(html.unescape(title.group(1)).split()) in page_text(pdf, 1), page.name


def test_a_worksheet_prints_the_case_and_questions_without_the_recommendation(cli: CliRunner,
                                                                             tmp_path: Path) -> None:
    scenario = MINI / "scenarios" / "severe-flare.yaml"
    pdf = print_pdf(handout(cli, scenario, tmp_path / "worksheet.html", "--worksheet"), tmp_path)
    first = page_text(pdf, 1)
    assert load(scenario).title in first and "Which situation applies?" in first
    assert "Re-induce" not in first


def test_a_handout_prints_without_the_browser_header_and_footer(cli: CliRunner, tmp_path: Path) -> None:
    """The page's @page margin boxes replace the date, title, file address and page numbers a browser
    prints in the margins when its print dialog is left as it is."""
    scenario = MINI / "scenarios" / "severe-flare.yaml"
    page = handout(cli, scenario, tmp_path / "handout.html")
    pdf = print_pdf(page, tmp_path, browser_headers=True)
    text = page_text(pdf, 1)
    assert "Re-induce" in text
    assert "file:" not in text and "handout.html" not in text, text
    assert re.search(r"\b1/1\b|\d{1,2}/\d{1,2}/\d{2}", text) is None, text
    assert text.count("Heavy proteinuric flare") == 1, text  # the page title is not printed above the case

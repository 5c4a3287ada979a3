"""Handouts in two parts: lnnav.output.worksheet, and `consult --worksheet` / `--answer-key` in HTML and Markdown."""

from __future__ import annotations

from conftest import MINI, CliRunner
from lnnav.engine.answers import Scripted
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_or_raise
from lnnav.output.worksheet import WorksheetQuestion, first_paragraph, questions

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")


def test_the_questions_are_those_asked_with_their_choices_and_no_answer() -> None:
    g = load_or_raise(MINI)
    walk = navigate(g, Scripted(g, {"situation": "flare", "upcr": 4.0}))
    assert questions(walk) == (
        WorksheetQuestion(1, "Which situation applies?", "Pick the one that fits best.",
                          ("No response yet", "Worse after a response"), False, ""),
        WorksheetQuestion(2, "Current 24-h urine protein/creatinine ratio?", "A 24-h collection, not a spot sample.",
                          (), False, "g/g, 0 to 30"),
    )


def test_the_definition_is_the_first_paragraph_of_the_help() -> None:
    assert first_paragraph("Short definition\non two lines.\n\nThe evidence, at length.") == (
        "Short definition on two lines.")


def test_an_html_worksheet_has_the_case_and_questions_but_no_answer(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--format", "html")
    assert run.code == 0, run.err
    page = run.out
    assert "<h1>Case: Heavy proteinuric flare</h1>" in page
    assert '<ul class="choices">' in page and "<li>Worse after a response</li>" in page
    for answer in ("Re-induce", "Nephrotic-range proteinuria", "Path taken", "References"):
        assert answer not in page


def test_an_html_answer_key_has_the_rest_but_not_the_vignette(cli: CliRunner) -> None:
    page = cli("consult", *MINI_ARGS, *SEVERE, "--answer-key", "--explain", "--format", "html").out
    assert "<h1>Answer key: Heavy proteinuric flare</h1>" in page
    assert "Proteinuria of 4 g/g after a response." not in page
    for part in ("<h1>Re-induce</h1>", "<h2>Explanation</h2>", "<h2>References</h2>"):
        assert part in page


def test_a_markdown_worksheet_has_tick_boxes_and_a_blank_for_numbers(cli: CliRunner) -> None:
    out = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--format", "markdown").out
    assert "- [ ] No response yet\n- [ ] Worse after a response\n" in out
    assert "Answer: ______ g/g, 0 to 30\n" in out
    assert "Re-induce" not in out


def test_the_two_halves_cannot_be_asked_together_or_as_text(cli: CliRunner) -> None:
    both = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--answer-key", "--format", "html")
    assert (both.code, both.err) == (2, "lnnav: error: --worksheet and --answer-key are the two halves of a handout: "
                                        "give one of them\n")
    text = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet")
    assert (text.code, text.err) == (2, "lnnav: error: --worksheet makes a handout: use --format html or markdown\n")


def test_the_resume_line_of_an_interrupted_handout_consult_asks_for_the_same_half() -> None:
    from lnnav.cli.app import Format
    from lnnav.cli.commands.consult import Again

    assert Again(fmt=Format.html, part="worksheet").args() == ["--format", "html", "--worksheet"]
    assert Again(fmt=Format.html).args() == ["--format", "html"]
    assert Again(fmt=Format.html, part="worksheet", listing="none").args() == [
        "--format", "html", "--worksheet", "--worksheet-questions", "none"]


def test_by_default_a_worksheet_lists_every_branch_so_it_does_not_show_the_way(cli: CliRunner) -> None:
    # the severe flare never asks about adherence: listing only its path told the learner it was a flare
    out = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--format", "markdown").out
    assert [line for line in out.splitlines() if line.startswith("### ")] == [
        "### 1. Which situation applies?", "### 2. Is adherence confirmed?",
        "### 3. Current 24-h urine protein/creatinine ratio?"]
    assert "every branch of the guideline is here" in out


def test_a_worksheet_can_list_the_path_taken_or_the_case_facts_only(cli: CliRunner) -> None:
    path = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--worksheet-questions", "path", "--format", "markdown")
    assert [line for line in path.out.splitlines() if line.startswith("### ")] == [
        "### 1. Which situation applies?", "### 2. Current 24-h urine protein/creatinine ratio?"]
    facts = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet", "--worksheet-questions", "none", "--format", "html")
    assert facts.code == 0, facts.err
    assert "Proteinuria of 4 g/g after a response." in facts.out and "Your recommendation" in facts.out
    assert "Which situation applies?" not in facts.out and "Re-induce" not in facts.out


def test_the_question_listing_needs_a_worksheet(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--worksheet-questions", "path", "--format", "html")
    assert (run.code, run.err) == (2, "lnnav: error: --worksheet-questions says which questions a worksheet lists: "
                                      "add --worksheet\n")


def test_every_question_of_a_guideline_is_listed_once_in_branch_order() -> None:
    from lnnav.output.worksheet import every_question

    g = load_or_raise(MINI)
    assert [q.text for q in every_question(g)] == ["Which situation applies?", "Is adherence confirmed?",
                                                  "Current 24-h urine protein/creatinine ratio?"]

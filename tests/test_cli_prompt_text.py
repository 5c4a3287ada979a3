"""lnnav.cli.prompt_text: the definition line, the evidence, and labels wrapped under themselves."""

from __future__ import annotations

from lnnav.cli.prompt_text import definition, evidence, has_evidence, label, question

V2_HELP = "Tick every drug taken now.\n\nEvidence: the regimen decides the next step.\n"


def test_the_definition_is_the_first_paragraph() -> None:
    assert definition(V2_HELP) == "Tick every drug taken now."
    assert has_evidence(V2_HELP)


def test_a_short_single_paragraph_is_a_definition_with_no_evidence_behind_it() -> None:
    assert definition("Drug levels beat\n questionnaires.") == "Drug levels beat questionnaires."
    assert not has_evidence("Drug levels beat questionnaires.")
    assert (definition(""), has_evidence("")) == ("", False)


def test_a_long_first_paragraph_gives_its_first_sentence_or_nothing() -> None:
    long = "KDIGO 2024 thresholds apply. " + "More evidence follows here. " * 20
    assert definition(long) == "KDIGO 2024 thresholds apply."
    assert has_evidence(long)
    assert definition("x" * 300) == ""


def test_a_label_wraps_under_itself_after_the_pointer() -> None:
    text = "6 months or more without a partial response, a partial response no longer improving"
    assert label(text, 40) == ("6 months or more without a partial\n"
                               "   response, a partial response no\n"
                               "   longer improving")


def test_a_label_is_never_cut() -> None:
    text = "see doi:10.1093/ndt/gfaa111-an-identifier-longer-than-the-line ok"
    assert "".join(label(text, 30).split()) == "".join(text.split())


def test_the_question_wraps_under_its_first_word() -> None:
    assert question("12.", "How long has the current regimen been given?", 30) == (
        "How long has the current\n    regimen been given?")


def test_the_evidence_is_the_help_after_the_definition_line_indented() -> None:
    assert evidence(V2_HELP, 80) == "   Evidence: the regimen decides the next step."
    long = "KDIGO 2024 thresholds apply. " + "More. " * 60
    assert evidence(long, 80).startswith("   KDIGO 2024 thresholds apply. More.")  # a long first paragraph, whole

"""The installed `lnnav` command in a real pseudo-terminal, driven by pexpect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("pexpect")

# after the skip: pty_helpers imports pexpect itself
from pty_helpers import DOWN, expect_prompt, finish

MINI = ("consult", "--guideline", "tests/data/mini", "--no-color")
Spawn = Callable[..., Any]


def test_arrow_keys_choose_and_the_panel_shows_the_outcome(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*MINI)
    expect_prompt(child, "Which situation applies?")
    child.send(DOWN + "\r")  # Worse after a response
    expect_prompt(child, "Current 24-h urine protein/creatinine ratio?")
    child.send("3.5\r")
    expect_prompt(child, "Recommendation: Re-induce")
    expect_prompt(child, "does not replace, clinical judgement")
    assert finish(child) == 0


def test_back_returns_to_the_previous_question(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*MINI)
    expect_prompt(child, "Which situation applies?")
    child.send("\r")  # No response yet
    expect_prompt(child, "Is adherence confirmed?")
    expect_prompt(child, "Back to the previous question")
    child.send(DOWN + DOWN + "\r")  # Back
    expect_prompt(child, "Which situation applies?")
    child.send(DOWN + "\r")
    expect_prompt(child, "Current 24-h urine protein/creatinine ratio?")
    child.send("1\r")
    expect_prompt(child, "Recommendation: Confirm and watch")
    assert finish(child) == 0


def test_a_bad_number_is_refused_at_the_prompt(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*MINI)
    expect_prompt(child, "Which situation applies?")
    child.send(DOWN + "\r")
    expect_prompt(child, "[g/g]")
    child.send("45\r")
    expect_prompt(child, "45 g/g is out of range: enter 0 to 30 g/g")
    child.send("\x7f\x7f4\r")
    expect_prompt(child, "Recommendation: Re-induce")
    assert finish(child) == 0


def test_ctrl_c_exits_130_with_one_clean_line_and_a_resume_hint(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*MINI)
    expect_prompt(child, "Which situation applies?")
    child.send("\r")
    expect_prompt(child, "Is adherence confirmed?")
    child.sendintr()
    expect_prompt(child, "to resume where you stopped: lnnav consult --ask-missing --set situation=no_response")
    expect_prompt(child, "lnnav: interrupted")
    assert finish(child) == 130
    assert "Traceback" not in (child.before or "")


def test_the_resume_line_at_a_terminal_asks_only_what_is_still_open(pty_lnnav: Spawn) -> None:
    child = pty_lnnav("consult", "--ask-missing", "--set", "situation=no_response", "--guideline", "tests/data/mini",
                      "--no-color")
    expect_prompt(child, "Is adherence confirmed?")  # the first question was answered by --set
    child.send(DOWN + DOWN + "\r")  # Back: the answered question is asked, its answer offered
    expect_prompt(child, "Which situation applies?")
    child.send("\r")
    expect_prompt(child, "Is adherence confirmed?")
    child.send("\r")
    expect_prompt(child, "Recommendation: Switch regimen")
    assert finish(child) == 0

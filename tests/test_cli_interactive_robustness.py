"""An interactive consult under a real pseudo-terminal: stopped, narrowed, stripped of colour.

End of input and Ctrl-C at each kind of prompt give the documented exit codes (2 and
130), one clean message and the line that resumes the consult; running that line with
the remaining answers finishes it. A 40-column terminal, TERM=dumb and NO_COLOR still
give a clean consult. Prompts and keys live in tests/pty_helpers.py.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

import pytest
from pty_helpers import (
    CHOICE,
    CTRL_D,
    INPUT_ENDED,
    MINI_CONSULT,
    NUMERIC,
    OUTCOME,
    RESUME,
    colours,
    expect_prompt,
    finish,
    record,
    resume_line,
    to_numeric_prompt,
)

from conftest import CliRunner

Spawn = Callable[..., Any]


@pytest.fixture
def lnnav(pty_lnnav: Spawn) -> Spawn:
    """The lead's pty fixture, without the cursor-position query a pty never answers (a 2 s wait)."""

    def spawn(*args: str, env: dict[str, str] | None = None, **kw: Any) -> Any:
        return pty_lnnav(*args, env={"PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}, **kw)

    return spawn


def test_end_of_input_at_the_first_choice_exits_2_with_one_message(lnnav: Spawn) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    expect_prompt(child, CHOICE)
    child.send(CTRL_D)
    expect_prompt(child, INPUT_ENDED)
    assert finish(child) == 2
    assert "Traceback" not in log.getvalue()
    assert RESUME not in log.getvalue()  # nothing was answered, nothing to resume


def test_end_of_input_at_a_number_exits_2_and_keeps_the_answers(lnnav: Spawn) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    to_numeric_prompt(child)
    child.sendeof()
    expect_prompt(child, INPUT_ENDED)
    assert finish(child) == 2
    text = log.getvalue()
    assert "Traceback" not in text
    assert resume_line(text) == "lnnav consult --ask-missing --set situation=flare --guideline tests/data/mini"


def test_ctrl_c_at_the_first_choice_exits_130_cleanly(lnnav: Spawn) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    expect_prompt(child, CHOICE)
    child.sendintr()
    expect_prompt(child, "lnnav: interrupted")
    assert finish(child) == 130
    assert "Traceback" not in log.getvalue()


def test_ctrl_c_at_a_number_prints_the_line_that_resumes_the_consult(lnnav: Spawn, cli: CliRunner) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    to_numeric_prompt(child)
    child.sendintr()
    expect_prompt(child, "lnnav: interrupted")
    assert finish(child) == 130
    text = log.getvalue()
    assert "Traceback" not in text
    line = resume_line(text)
    assert line == "lnnav consult --ask-missing --set situation=flare --guideline tests/data/mini"
    # the line, with the answer still missing, finishes the consult where it stopped
    argv = shlex.split(line)[1:]
    run = cli(*argv, "--set", "upcr=4", "--format", "json")
    assert run.code == 0, run.err
    assert '"id": "rec_flare_severe"' in run.out


def test_the_resume_line_alone_names_the_question_still_to_answer(lnnav: Spawn, cli: CliRunner) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    to_numeric_prompt(child)
    child.sendintr()
    assert finish(child) == 130
    run = cli(*shlex.split(resume_line(log.getvalue()))[1:])
    assert run.code == 2
    assert run.err.startswith('lnnav: error: no answer for question "upcr"')


@pytest.mark.parametrize(("env", "cols"), [({}, 40), ({"TERM": "dumb"}, 80), ({"NO_COLOR": "1"}, 80)],
                         ids=["40-columns", "TERM=dumb", "NO_COLOR"])
def test_a_whole_consult_is_clean_in_a_narrow_plain_or_colourless_terminal(
    lnnav: Spawn, env: dict[str, str], cols: int
) -> None:
    child = lnnav(*MINI_CONSULT, env=env, cols=cols)
    log = record(child)
    to_numeric_prompt(child)
    child.send("4\r")
    expect_prompt(child, OUTCOME)
    assert finish(child) == 0
    text = log.getvalue()
    assert "Traceback" not in text
    assert "judgement" in text  # the panel's last lines, however narrow the terminal
    if "NO_COLOR" in env:
        assert colours(text) == []


def test_the_same_consult_has_colour_when_colour_is_allowed(lnnav: Spawn) -> None:
    """The NO_COLOR check above can fail: without it, the terminal does get colour."""
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    to_numeric_prompt(child)
    child.send("4\r")
    expect_prompt(child, OUTCOME)
    assert finish(child) == 0
    assert colours(log.getvalue()) != []


def test_a_refused_number_then_ctrl_c_keeps_only_the_accepted_answers(lnnav: Spawn) -> None:
    child = lnnav(*MINI_CONSULT)
    log = record(child)
    to_numeric_prompt(child)
    child.send("99\r")
    expect_prompt(child, "out of range")
    child.sendintr()
    assert finish(child) == 130
    assert resume_line(log.getvalue()) == "lnnav consult --ask-missing --set situation=flare --guideline tests/data/mini"
    assert NUMERIC in log.getvalue()

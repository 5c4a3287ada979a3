"""Nothing is lost on interrupt: the resume line gives every option again, --save keeps the answers so far."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pty_helpers import INPUT_ENDED, MINI_CONSULT, expect_prompt, finish, record, resume_line, to_numeric_prompt

from conftest import CliRunner
from lnnav.base.errors import AnswersError
from lnnav.engine import record as records
from lnnav.engine.answers import load_answers
from lnnav.model.guideline import Guideline

Spawn = Callable[..., Any]


@pytest.fixture
def lnnav(pty_lnnav: Spawn) -> Spawn:
    def spawn(*args: str, **kw: Any) -> Any:
        return pty_lnnav(*args, env={"PROMPT_TOOLKIT_NO_CPR": "1"}, **kw)

    return spawn


def test_the_resume_line_carries_every_option_given(lnnav: Spawn, tmp_path: Path) -> None:
    save, out = tmp_path / "rec.json", tmp_path / "out.html"
    child = lnnav(*MINI_CONSULT, "--save", str(save), "--output", str(out), "--format", "markdown", "--explain",
                  "--no-color")
    log = record(child)
    to_numeric_prompt(child)
    child.sendintr()
    assert finish(child) == 130
    assert resume_line(log.getvalue()) == (
        f"lnnav consult --ask-missing --set situation=flare --guideline tests/data/mini --save {save} "
        f"--output {out} --format markdown --explain --no-color")


def test_an_interrupted_save_writes_the_answers_so_far_as_an_incomplete_record(lnnav: Spawn, tmp_path: Path,
                                                                               cli: CliRunner) -> None:
    save = tmp_path / "rec.json"
    child = lnnav(*MINI_CONSULT, "--save", str(save))
    log = record(child)
    to_numeric_prompt(child)
    child.sendeof()
    expect_prompt(child, INPUT_ENDED)
    assert finish(child) == 2
    doc = json.loads(save.read_text(encoding="utf-8"))
    assert (doc["complete"], doc["answers"], doc["guideline"]["id"]) == (False, {"situation": "flare"}, "mini")
    assert f"lnnav: answers so far saved to {save}" in log.getvalue()
    # the resume line still works as before
    assert shlex.split(resume_line(log.getvalue()))[:5] == ["lnnav", "consult", "--ask-missing", "--set",
                                                            "situation=flare"]


def test_consult_answers_resumes_an_incomplete_record_at_the_question_left_open(lnnav: Spawn, mini: Guideline,
                                                                                 tmp_path: Path) -> None:
    save = tmp_path / "rec.json"
    records.write(save, records.build_partial(mini, {"situation": "flare"}))
    child = lnnav("consult", "--guideline", "tests/data/mini", "--answers", str(save), "--no-color", "--no-pager")
    expect_prompt(child, "[g/g]")  # the first question is answered by the record
    child.send("4\r")
    expect_prompt(child, "Recommendation: Re-induce")
    assert finish(child) == 0


def test_an_incomplete_record_is_an_answers_file(mini: Guideline, tmp_path: Path) -> None:
    save = tmp_path / "rec.json"
    records.write(save, records.build_partial(mini, {"situation": "flare", "upcr": 4.0}))
    given = load_answers(save)
    assert given.incomplete
    assert {k: v.text for k, v in given.given.items()} == {"situation": "flare", "upcr": "4"}


def test_replay_of_an_incomplete_record_says_how_to_resume_it(mini: Guideline, tmp_path: Path) -> None:
    save = tmp_path / "rec.json"
    records.write(save, records.build_partial(mini, {"situation": "flare"}))
    with pytest.raises(AnswersError) as caught:
        records.read(save)
    assert caught.value.message == (f"{save}: an incomplete record (the consult was stopped before its end) has "
                                    f"nothing to replay; lnnav consult --answers {save} resumes it")


def test_ask_missing_with_a_prefilled_first_answer_is_unchanged(lnnav: Spawn) -> None:
    child = lnnav(*MINI_CONSULT[:1], "--ask-missing", "--set", "situation=flare", *MINI_CONSULT[1:], "--no-pager")
    expect_prompt(child, "[g/g]")
    child.send("4\r")
    expect_prompt(child, "Re-induce")
    assert finish(child) == 0


STOPS = [("SIGINT", 130, "lnnav: interrupted"), ("SIGTERM", 143, "lnnav: stopped by SIGTERM"),
         ("SIGHUP", 129, "lnnav: stopped by SIGHUP")]


@pytest.mark.parametrize(("name", "code", "said"), STOPS, ids=[s[0] for s in STOPS])
def test_a_signal_from_outside_keeps_the_answers_given_as_ctrl_c_does(lnnav: Spawn, tmp_path: Path, name: str,
                                                                     code: int, said: str) -> None:
    """kill -INT, -TERM or -HUP while a question is open: the record is saved, the resume line printed."""
    import signal

    save = tmp_path / "rec.json"
    child = lnnav(*MINI_CONSULT, "--save", str(save))
    log = record(child)
    to_numeric_prompt(child)
    child.kill(getattr(signal, name))
    expect_prompt(child, said)
    assert finish(child) == code
    doc = json.loads(save.read_text(encoding="utf-8"))
    assert (doc["complete"], doc["answers"]) == (False, {"situation": "flare"})
    assert resume_line(log.getvalue()).startswith("lnnav consult --ask-missing --set situation=flare")


@pytest.mark.parametrize(("name", "code", "said"), STOPS, ids=[s[0] for s in STOPS])
def test_a_signal_at_a_choice_list_stops_the_consult(lnnav: Spawn, tmp_path: Path, name: str, code: int,
                                                     said: str) -> None:
    """A choice list ignored `kill -INT` (only the Ctrl-C key stopped it); nothing answered, nothing saved."""
    import signal

    from pty_helpers import CHOICE

    save = tmp_path / "rec.json"
    child = lnnav(*MINI_CONSULT, "--save", str(save))
    expect_prompt(child, CHOICE)
    child.kill(getattr(signal, name))
    expect_prompt(child, said)
    assert finish(child) == code
    assert not save.exists()


def test_a_closed_terminal_keeps_the_answers(lnnav: Spawn, tmp_path: Path) -> None:
    """The window closes: the terminal goes away under the prompt (SIGHUP, then a terminal that cannot be written)."""
    save = tmp_path / "rec.json"
    child = lnnav(*MINI_CONSULT, "--save", str(save))
    to_numeric_prompt(child)
    child.ptyproc.fileobj.close()  # the terminal's end: the kernel hangs the consult up
    child.ptyproc.closed = True
    child.ptyproc.wait()
    assert child.ptyproc.exitstatus == 129
    doc = json.loads(save.read_text(encoding="utf-8"))
    assert (doc["complete"], doc["answers"]) == (False, {"situation": "flare"})

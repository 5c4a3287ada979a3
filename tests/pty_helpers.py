"""Driving the installed `lnnav` in a pseudo-terminal: the mini guideline's prompts, keys, and waits.

Named pty_helpers, not pty: tests/ is on sys.path and pexpect imports the standard
library's pty module.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")  # the test extra has it; a bare install skips these tests

MINI_CONSULT = ("consult", "--guideline", "tests/data/mini")
DOWN, ENTER, CTRL_D = "\x1b[B", "\r", "\x04"

# The mini guideline's prompts, by kind, and the keys that answer them.
CHOICE = "Which situation applies?"  # first question: single choice
NUMERIC = "[g/g]"  # after choosing "Worse after a response": a number in g/g
TO_NUMERIC = DOWN + ENTER
OUTCOME = "Re-induce"  # the outcome's title, after 4 g/g (styled apart from its label)
RESUME = "lnnav: to resume where you stopped: "
INPUT_ENDED = "lnnav: error: input ended before the consult was finished"

# SGR parameters that set a colour (foreground, background, 256-colour and bright forms)
_COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def record(child: Any) -> io.StringIO:
    """Keep everything the terminal shows, for checks after the run."""
    log = io.StringIO()
    child.logfile_read = log
    return log


def expect_prompt(child: Any, text: str) -> None:
    """Wait for text on the terminal; on failure, show what it did say."""
    try:
        child.expect_exact(text)
    except (pexpect.TIMEOUT, pexpect.EOF):  # pragma: no cover - diagnostic path
        pytest.fail(f"never saw {text!r}; the terminal showed:\n{child.before}")


def to_numeric_prompt(child: Any) -> None:
    expect_prompt(child, CHOICE)
    child.send(TO_NUMERIC)
    expect_prompt(child, NUMERIC)


def finish(child: Any) -> int:
    """Wait for the end; the exit status (128 + signal when killed)."""
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0))


def colours(text: str) -> list[str]:
    return _COLOUR.findall(text)


def resume_line(text: str) -> str:
    """The command a stopped consult printed to resume it."""
    for line in text.splitlines():
        if line.startswith(RESUME):
            return line[len(RESUME):].strip()
    raise AssertionError(f"no resume line in:\n{text}")

"""What a pseudo-terminal shows on its screen (pyte), and the keys that answer a scenario at the prompts.

A scenario's answers become key presses (arrow keys to an option, space to tick,
a number typed) by walking the guideline with them and noting what each prompt
offered, so the tests drive the consult as a person would, not through --answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from lnnav.engine.answers import Scripted, load_answers, resolve
from lnnav.engine.walk import Prompt, navigate
from lnnav.model.guideline import Guideline, MultiQuestion, NumericQuestion, Question, fmt_num
from lnnav.model.units import Measured

pyte = pytest.importorskip("pyte")
pexpect = pytest.importorskip("pexpect")

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


class Screen:
    """A pyte screen fed with everything the child writes."""

    def __init__(self, cols: int, rows: int) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)

    def write(self, data: str) -> None:  # pexpect's logfile_read
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        """The screen as one line of words: wrapped text reads whole again."""
        return " ".join(" ".join(self.lines()).split())


def watch(child: Any, cols: int, rows: int) -> Screen:
    screen = Screen(cols, rows)
    child.logfile_read = screen
    return screen


def wait_for(child: Any, screen: Screen, ready: Callable[[], bool], what: str, timeout: float = 15) -> None:
    """Read the child's output until ``ready()`` holds for the screen."""
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            pytest.fail(f"the screen never showed {what}; it showed:\n" + "\n".join(screen.lines()))
        try:
            child.expect(pexpect.TIMEOUT, timeout=0.05)
        except pexpect.EOF:
            if not ready():
                pytest.fail(f"lnnav ended before the screen showed {what}:\n" + "\n".join(screen.lines()))
            return


class Key(NamedTuple):
    """One question as the scenario answers it: its text, the labels offered, the keys to press."""

    text: str
    labels: tuple[str, ...]
    keys: str


def keys_for(g: Guideline, scenario: Path) -> list[Key]:
    """The key presses that answer ``scenario`` at the prompts, question by question."""
    values = resolve(g, load_answers(scenario))
    lookup = Scripted(g, values)
    out: list[Key] = []

    def ask(prompt: Prompt) -> Any:
        node, answer = prompt.node, lookup(prompt)
        if isinstance(node, Question):
            index = [o.id for o in node.options].index(str(answer))
            keys = DOWN * index + ENTER
        elif isinstance(node, MultiQuestion):
            ticked = answer if isinstance(answer, tuple) else tuple(str(answer).split(","))
            # no Down after the last option: that is Back, and Enter on Back goes back
            keys = DOWN.join(SPACE if o.id in ticked else "" for o in node.options) + ENTER
        else:
            assert isinstance(node, NumericQuestion)
            keys = (answer.typed if isinstance(answer, Measured) else fmt_num(float(answer))) + ENTER  # type: ignore[arg-type]
        labels = tuple(o.label for o in node.options) if isinstance(node, (Question, MultiQuestion)) else ()
        out.append(Key(node.text, labels, keys))
        return answer

    navigate(g, ask)
    return out


def words(text: str) -> str:
    return " ".join(text.split())

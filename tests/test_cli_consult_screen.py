"""A consult as a clinician sees it in a real terminal (pexpect + pyte), driven by keys.

Done-when of issue 13: at 80x24, the first screen after the last answer shows the
recommendation's title and its first action (the card opens the result, and a result
taller than the screen goes through the pager); at 80 and 60 columns no option label
is cut at the screen edge.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from pty_screen import keys_for, wait_for, watch, words

from conftest import BUNDLED
from lnnav.engine.answers import Scripted, load_answers, resolve
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Guideline

Spawn = Callable[..., Any]


def bundled() -> Guideline:
    return load_or_raise(BUNDLED)


def scenarios(count: int, *, longest: bool = False) -> list[Path]:
    """Bundled scenarios whose numbers need no second look (no "unusually ..." question in between):
    the first few in name order, or those with the most questions."""
    g = bundled()
    plain = []
    for path in sorted((BUNDLED / "scenarios").glob("*.yaml")):
        walk = navigate(g, Scripted(g, resolve(g, load_answers(path))))
        if not walk.warnings:
            plain.append((len(walk.steps), path))
    if longest:
        plain.sort(key=lambda item: -item[0])
    return [path for _, path in plain[:count]]


def consult(pty_lnnav: Spawn, scenario: Path, cols: int, rows: int, *, check_labels: bool) -> tuple[Any, Any]:
    g = bundled()
    child = pty_lnnav("consult", env={"PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "", "LESS": "FRX"}, rows=rows, cols=cols)
    screen = watch(child, cols, rows)
    for key in keys_for(g, scenario):
        start = words(key.text)[:24]
        wait_for(child, screen, lambda s=start: s in screen.text(), f"the question {start!r}")  # type: ignore[misc]
        if check_labels:
            for text in key.labels:
                whole = words(text)
                wait_for(child, screen, lambda w=whole: w in screen.text(), f"the whole label {whole!r}")  # type: ignore[misc]
        child.send(key.keys)
    return child, screen


@pytest.mark.parametrize("scenario", scenarios(3), ids=lambda p: p.stem)
def test_the_first_screen_after_the_last_answer_shows_the_title_and_first_action(pty_lnnav: Spawn,
                                                                                   scenario: Path) -> None:
    g = bundled()
    walk = navigate(g, Scripted(g, resolve(g, load_answers(scenario))))
    child, screen = consult(pty_lnnav, scenario, 80, 24, check_labels=False)
    title, action = words(walk.outcome.title), words(walk.actions[0])
    wait_for(child, screen, lambda: f"Recommendation: {title}" in screen.text() and action in screen.text(),
             "the recommendation's title and first action")
    child.send("q")  # leave the pager (it ends by itself when the result fits)
    child.expect(__import__("pexpect").EOF, timeout=20)


@pytest.mark.parametrize("cols", [80, 60])
def test_option_labels_wrap_and_are_never_cut(pty_lnnav: Spawn, cols: int) -> None:
    (scenario,) = scenarios(1, longest=True)
    child, screen = consult(pty_lnnav, scenario, cols, 60, check_labels=True)
    wait_for(child, screen, lambda: "Recommendation:" in screen.text(), "the result")
    child.send("q")

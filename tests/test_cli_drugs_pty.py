"""An interactive consult in a real 80x24 terminal shows what this patient is not offered, and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from pty_screen import keys_for, wait_for, watch, words

from conftest import DATA
from lnnav.format.loader import load_or_raise

DRUGS = DATA / "drugs"


def test_the_first_screen_shows_the_not_offered_block_at_80x24(pty_lnnav: Callable[..., Any]) -> None:
    g = load_or_raise(DRUGS)
    child = pty_lnnav("consult", "--guideline", "tests/data/drugs",
                      env={"PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "", "LESS": "FRX"}, rows=24, cols=80)
    screen = watch(child, 80, 24)
    for key in keys_for(g, DRUGS / "scenarios" / "low-egfr.yaml"):
        start = words(key.text)[:24]
        wait_for(child, screen, lambda s=start: s in screen.text(), f"the question {start!r}")  # type: ignore[misc]
        child.send(key.keys)
    wanted = ["Not offered for this patient", "Belimumab - not studied below eGFR 30 mL/min/1.73 m2 [1]",
              "Calcineurin inhibitor - not listed as an option at eGFR 45 or below [1]"]
    wait_for(child, screen, lambda: all(w in screen.text() for w in wanted), "the not-offered block")
    lines = screen.lines()
    assert lines.index("Not offered for this patient") > lines.index("What to do")
    child.send("q")
    child.expect(__import__("pexpect").EOF, timeout=20)

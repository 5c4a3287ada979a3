"""Back and the ends of a list in a real 80x24 terminal, one key at a time.

Back is chosen the same way at every kind of question (point at it, Enter), Up at the first
choice stays there (questionary wrapped to the last choice, Back, so one Up too many went
back a question), and a question asked again after Back is not left with its old answer
above it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from pty_helpers import expect_prompt, finish
from pty_screen import Screen, wait_for, watch

BACK_GUIDELINE = ("consult", "--guideline", "tests/data/back", "--no-color")
SITUATION, SEVERITY, DRUGS, MONTHS = ("Which situation applies?", "How severe is it?",
                                      "Which drugs does the patient take now?", "[months]")
DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "
BACK_LINE = "   <- Back to the previous question"
Spawn = Callable[..., Any]


def type_keys(child: Any, keys: list[str]) -> None:
    """One key at a time with a short pause, as a person presses them."""
    for key in keys:
        child.send(key)
        time.sleep(0.05)


def start(pty_lnnav: Spawn, tmp_path: Path) -> tuple[Any, Screen, Path]:
    record = tmp_path / "session.json"
    child = pty_lnnav(*BACK_GUIDELINE, "--save", str(record), rows=24, cols=80)
    screen = watch(child, 80, 24)
    screen.screen.write_process_input = child.send  # answer cursor position requests, as a terminal does
    return child, screen, record


def at(child: Any, screen: Screen, text: str) -> None:
    """Wait until ``text`` is the question being asked (on a row not followed by its answer)."""

    def asking() -> bool:
        lines = screen.lines()
        return any(line.endswith(text) and not lines[i + 1].startswith("   -> ") for i, line in enumerate(lines[:-1]))

    wait_for(child, screen, asking, f"the question {text!r}")


def asked(screen: Screen, text: str) -> list[int]:
    """The rows where the question ``text`` is shown (asked or answered)."""
    return [i for i, line in enumerate(screen.lines()) if line.endswith(text)]


def answers(record: Path) -> dict[str, Any]:
    return dict(json.loads(record.read_text(encoding="utf-8"))["answers"])


def finish_from_drugs(child: Any, screen: Screen) -> None:
    at(child, screen, DRUGS)
    type_keys(child, [SPACE, ENTER])  # Mycophenolate
    expect_prompt(child, MONTHS)
    type_keys(child, ["6", ENTER])
    expect_prompt(child, "Answers recorded")


def test_up_at_the_first_choice_stays_there_and_does_not_go_back(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, screen, record = start(pty_lnnav, tmp_path)
    at(child, screen, SITUATION)
    type_keys(child, [ENTER])
    at(child, screen, SEVERITY)
    type_keys(child, [UP, UP, ENTER])  # still on "Mild"
    at(child, screen, DRUGS)
    type_keys(child, [UP, SPACE, ENTER])  # still on "Mycophenolate", ticked
    expect_prompt(child, MONTHS)
    type_keys(child, ["6", ENTER])
    expect_prompt(child, "Answers recorded")
    assert finish(child) == 0
    assert answers(record) == {"situation": "flare", "severity": "mild", "drugs": ["mmf"], "months": 6}


def test_back_on_a_multi_question_is_chosen_with_enter_and_has_no_tick_box(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, screen, record = start(pty_lnnav, tmp_path)
    at(child, screen, SITUATION)
    type_keys(child, [ENTER])
    at(child, screen, SEVERITY)
    type_keys(child, [DOWN, ENTER])  # Severe
    at(child, screen, DRUGS)
    assert BACK_LINE in screen.lines()  # drawn as a choice, no tick box before it
    type_keys(child, [SPACE, DOWN, DOWN, DOWN, ENTER])  # Mycophenolate ticked, then Enter on Back
    at(child, screen, SEVERITY)
    type_keys(child, [UP, ENTER])  # the earlier answer is offered: Up to "Mild"
    finish_from_drugs(child, screen)
    assert finish(child) == 0
    assert answers(record) == {"situation": "flare", "severity": "mild", "drugs": ["mmf"], "months": 6}


def test_space_on_back_does_not_tick_it(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, screen, record = start(pty_lnnav, tmp_path)
    at(child, screen, SITUATION)
    type_keys(child, [ENTER])
    at(child, screen, SEVERITY)
    type_keys(child, [ENTER])
    at(child, screen, DRUGS)
    type_keys(child, [DOWN, DOWN, DOWN, SPACE])
    wait_for(child, screen, lambda: BACK_LINE.replace("   ", " » ", 1) in screen.lines(), "the pointer on Back")
    assert not any("●" in line for line in screen.lines())
    type_keys(child, [ENTER])
    at(child, screen, SEVERITY)
    type_keys(child, [ENTER])
    finish_from_drugs(child, screen)
    assert finish(child) == 0
    assert answers(record)["drugs"] == ["mmf"]


@pytest.mark.parametrize(("back_keys", "kind"), [([DOWN, DOWN, DOWN, ENTER], "multi"), (["b", ENTER], "number")])
def test_a_question_asked_again_after_back_has_no_old_answer_above_it(pty_lnnav: Spawn, tmp_path: Path,
                                                                      back_keys: list[str], kind: str) -> None:
    child, screen, _record = start(pty_lnnav, tmp_path)
    at(child, screen, SITUATION)
    type_keys(child, [ENTER])
    at(child, screen, SEVERITY)
    type_keys(child, [DOWN, ENTER])
    at(child, screen, DRUGS)
    if kind == "number":
        type_keys(child, [SPACE, ENTER])
        expect_prompt(child, MONTHS)
        type_keys(child, back_keys)
        at(child, screen, DRUGS)
        question = DRUGS
    else:
        type_keys(child, back_keys)
        at(child, screen, SEVERITY)
        question = SEVERITY
    lines = screen.lines()
    assert len(asked(screen, question)) == 1, "\n".join(lines)  # the question once: asked, not answered above
    answer_lines = [line for line in lines if line.startswith("   -> ")]
    assert answer_lines == (["   -> A flare"] if kind == "multi" else ["   -> A flare", "   -> Severe"]), "\n".join(lines)
    child.sendintr()
    finish(child)

"""Numbers typed at the prompt one key at a time, as a person types, in a real 80x24 terminal.

Sending a whole line at once hides what the prompt does while the entry is incomplete:
checked on every key, "0" of "0.9" was refused and cleared, and 0.9 was recorded as 9.
Each test reads the value the consult recorded back from ``--save``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pexpect")

from pty_helpers import expect_prompt, finish

NUMBERS = ("consult", "--guideline", "tests/data/numbers", "--no-color")
CREAT, UPCR, MONTHS = "[mg/dL]", "[g/g]", "[months]"
BACKSPACE, ENTER = "\x7f", "\r"
Spawn = Callable[..., Any]
Entry = tuple[str, float, str]  # the keys, the value recorded (canonical unit), what the record keeps as typed


def type_keys(child: Any, keys: str) -> None:
    """One key at a time with a short pause, as a person types."""
    for key in keys:
        child.send(key)
        time.sleep(0.03)


def consult(pty_lnnav: Spawn, tmp_path: Path) -> tuple[Any, Path]:
    record = tmp_path / "session.json"
    child = pty_lnnav(*NUMBERS, "--save", str(record), rows=24, cols=80)
    return child, record


def answer(child: Any, prompt: str, keys: str) -> None:
    expect_prompt(child, prompt)
    type_keys(child, keys + ENTER)


def recorded(record: Path) -> dict[str, Any]:
    doc = json.loads(record.read_text(encoding="utf-8"))
    return {step["node"]: step for step in doc["path"]}


@pytest.mark.parametrize(("creat", "upcr", "months"), [
    (("0.9", 0.9, ""), ("0.3", 0.3, ""), ("12", 12, "")),
    (("80 umol/L", 0.90496, "80 umol/L"), ("150 mg/mmol", 1.326, "150 mg/mmol"), ("7", 7, "")),
    (("0,9", 0.9, ""), ("0,45", 0.45, ""), ("0", 0, "")),
    (("130 µmol/L", 1.47056, "130 µmol/L"), ("30 mg/mmol", 0.2652, "30 mg/mmol"), ("240", 240, "")),
])
def test_numbers_typed_key_by_key_are_recorded_as_typed(pty_lnnav: Spawn, tmp_path: Path, creat: Entry, upcr: Entry,
                                                        months: Entry) -> None:
    child, record = consult(pty_lnnav, tmp_path)
    for prompt, (keys, _value, _typed) in zip((CREAT, UPCR, MONTHS), (creat, upcr, months), strict=True):
        answer(child, prompt, keys)
    expect_prompt(child, "Numbers recorded")
    assert finish(child) == 0
    steps = recorded(record)
    for node, (_keys, value, typed) in zip(("creat", "upcr", "months"), (creat, upcr, months), strict=True):
        assert (steps[node]["answer"], steps[node].get("typed", "")) == (pytest.approx(value), typed)


def test_refused_entries_stay_for_editing_and_say_why_quoting_them(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, record = consult(pty_lnnav, tmp_path)
    # out of range in mg/dL, a usual value in umol/L: the entry stays, and adding the unit is enough
    answer(child, CREAT, "150")
    expect_prompt(child, '"150": 150 mg/dL is out of range: enter 0.1 to 20 mg/dL; did you mean')
    expect_prompt(child, "umol/L?")  # wrapped at 80 columns after "150"
    type_keys(child, " umol/L" + ENTER)
    # a comma before three digits: asked to type it again, never read as 5.1
    answer(child, UPCR, "5,100 mg/g")
    expect_prompt(child, '"5,100 mg/g" is ambiguous: the comma may be a decimal comma (5.1) or a')
    type_keys(child, "\x01" + "\x1b[C" + "\x1b[3~" + ENTER)  # Home, Right, Delete: "5100 mg/g"
    answer(child, MONTHS, "one")
    expect_prompt(child, '"one" is not a number')
    type_keys(child, BACKSPACE * 3 + "6" + ENTER)
    expect_prompt(child, "Numbers recorded")
    assert finish(child) == 0
    steps = recorded(record)
    assert (steps["creat"]["typed"], steps["creat"]["answer"]) == ("150 umol/L", pytest.approx(1.6968))
    assert (steps["upcr"]["typed"], steps["upcr"]["answer"]) == ("5100 mg/g", pytest.approx(5.1))
    assert steps["months"]["answer"] == 6


def test_a_refused_fraction_and_an_unknown_unit_are_kept_whole(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, record = consult(pty_lnnav, tmp_path)
    answer(child, CREAT, "0.05")  # below the minimum 0.1: refused, and kept as typed
    expect_prompt(child, '"0.05": 0.05 mg/dL is out of range: enter 0.1 to 20 mg/dL')
    type_keys(child, BACKSPACE * 2 + "9" + ENTER)  # "0.05" less two keys is "0.", then 9
    answer(child, UPCR, "30 mmol/L")
    expect_prompt(child, '"30 mmol/L": unknown unit "mmol/L" for this question; accepted: g/g, mg/g,')
    type_keys(child, BACKSPACE * 6 + "mg/mmol" + ENTER)
    answer(child, MONTHS, "6")
    expect_prompt(child, "Numbers recorded")
    assert finish(child) == 0
    steps = recorded(record)
    assert steps["creat"]["answer"] == pytest.approx(0.9)
    assert (steps["upcr"]["typed"], steps["upcr"]["answer"]) == ("30 mg/mmol", pytest.approx(0.2652))


def test_a_value_not_known_is_typed_as_a_word_the_prompt_names(pty_lnnav: Spawn, tmp_path: Path) -> None:
    record = tmp_path / "session.json"
    child = pty_lnnav("consult", "--guideline", "tests/data/not-known", "--no-color", "--save", str(record),
                      rows=24, cols=80)
    expect_prompt(child, "u if not known (Not measured at")  # wrapped at 80 columns
    type_keys(child, "u" + ENTER)
    answer(child, "Protein/creatinine ratio now [g/g]", "2")
    expect_prompt(child, "Judge without a baseline")
    assert finish(child) == 0
    steps = recorded(record)
    assert (steps["baseline"]["answer"], steps["baseline"]["label"]) == ("unknown", "Not measured at the start")
    assert json.loads(record.read_text(encoding="utf-8"))["answers"]["baseline"] == "unknown"


def test_the_message_is_drawn_right_under_the_refused_entry(pty_lnnav: Spawn) -> None:
    """On a terminal that reports the cursor position (most do; tmux does), prompt_toolkit let the
    entry grow to the bottom row and drew the message there, far from what it was about."""
    pytest.importorskip("pyte")
    from pty_screen import wait_for, watch

    child = pty_lnnav(*NUMBERS, rows=24, cols=80)
    screen = watch(child, 80, 24)
    screen.screen.write_process_input = child.send  # answer cursor position requests, as a terminal does
    expect_prompt(child, CREAT)
    type_keys(child, "150" + ENTER)
    wait_for(child, screen, lambda: "umol/L?" in screen.text(), "the refusal message")
    lines = screen.lines()
    entry = next(i for i, line in enumerate(lines) if line.startswith("   > 150"))
    assert lines[entry + 1:entry + 3] == [
        '   "150": 150 mg/dL is out of range: enter 0.1 to 20 mg/dL; did you mean 150',
        "   umol/L?",
    ]

"""A result taller than the screen goes through $PAGER (else less -R) at a terminal; --no-pager and
a short result print straight through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("pexpect")

from pty_helpers import expect_prompt, finish, record

Spawn = Callable[..., Any]
SCENARIO = ("consult", "--guideline", "tests/data/mini", "--answers", "tests/data/mini/scenarios/severe-flare.yaml",
            "--no-color")
MARKER = "sed s/^/PAGED:/"  # a pager anyone can read back: every line it shows is marked


def test_a_result_taller_than_the_screen_goes_through_the_pager(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*SCENARIO, env={"PAGER": MARKER}, rows=10, cols=80)
    expect_prompt(child, "PAGED:Recommendation: Re-induce")
    assert finish(child) == 0


def test_no_pager_prints_straight_through(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*SCENARIO, "--no-pager", env={"PAGER": MARKER}, rows=10, cols=80)
    log = record(child)
    assert finish(child) == 0
    assert "Recommendation: Re-induce" in log.getvalue() and "PAGED:" not in log.getvalue()


def test_a_result_that_fits_the_screen_is_not_paged(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*SCENARIO, "--brief", env={"PAGER": MARKER}, rows=40, cols=80)
    log = record(child)
    assert finish(child) == 0
    assert "Recommendation: Re-induce" in log.getvalue() and "PAGED:" not in log.getvalue()


def test_a_pager_that_cannot_start_falls_back_to_printing(pty_lnnav: Spawn) -> None:
    child = pty_lnnav(*SCENARIO, env={"PAGER": "no-such-pager-anywhere"}, rows=10, cols=80)
    expect_prompt(child, "Recommendation: Re-induce")
    assert finish(child) == 0

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


@pytest.mark.parametrize("pager", ["false", "sh -c 'exit 3'"])
def test_a_pager_that_fails_without_showing_the_result_falls_back_to_printing(pty_lnnav: Spawn, pager: str) -> None:
    """PAGER=false reads nothing and exits 1: the screen would stay empty, the exit status 0."""
    child = pty_lnnav(*SCENARIO, env={"PAGER": pager}, rows=10, cols=80)
    log = record(child)
    assert finish(child) == 0
    assert "Recommendation: Re-induce" in log.getvalue()


def test_a_pager_quit_before_the_end_is_not_printed_again(pty_lnnav: Spawn) -> None:
    """`head -n 1` reads one line and exits 0, as less does on q: what it did not show stays unshown."""
    child = pty_lnnav(*SCENARIO, env={"PAGER": "head -n 1"}, rows=10, cols=80)
    log = record(child)
    assert finish(child) == 0
    assert log.getvalue().count("Recommendation: Re-induce") == 1 and "References" not in log.getvalue()

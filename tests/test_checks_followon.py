"""lnnav.checks.followon and `lnnav validate`: one mistake is one error; its echoes in the same node are marked."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI, CliRunner
from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.checks.followon import mark_follow_ons
from lnnav.format.loader import load_or_raise


def test_a_bound_that_is_not_a_number_is_one_error_and_its_echo_is_marked(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("when: {ge: 3}", "when: {ge: three}"), encoding="utf-8")
    run = cli("validate", str(folder))
    assert run.code == 1
    assert run.out.splitlines() == [
        f'{folder}/nodes.yaml:33:20: error: "ge" in a branch condition must be a number, got a string ("three")',
        f'{folder}/nodes.yaml:33:9: error: numeric question "upcr": only the last branch may have no "when" (this may '
        "follow from the error at line 33, column 20: fix that first)",
        f"{folder}: 2 error(s), 0 warning(s)",
    ]


def test_errors_in_different_nodes_are_not_marked() -> None:
    g = load_or_raise(MINI)
    one = Issue(Source(g.nodes["situation"].source.file, 5, 3), "first")
    other = Issue(Source(g.nodes["upcr"].source.file, 30, 3), "second")
    same = Issue(Source(g.nodes["upcr"].source.file, 31, 3), "third")
    warning = Issue(Source(g.nodes["upcr"].source.file, 32, 3), "a warning", "warning")
    assert [i.message for i in mark_follow_ons([one, other, same, warning], g)] == [
        "first", "second", "third (this may follow from the error at line 30, column 3: fix that first)", "a warning"]

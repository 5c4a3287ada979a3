"""lnnav.checks.followon and `lnnav validate`: one mistake is one error; its echoes in the same node are marked."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import INVALID, MINI, CliRunner
from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.checks.followon import mark_follow_ons
from lnnav.format.loader import load_guideline, load_or_raise


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


def test_one_next_typo_in_a_nine_node_guideline_is_three_lines(cli: CliRunner) -> None:
    folder = INVALID / "next-typo"
    run = cli("validate", str(folder))
    lines = run.out.splitlines()
    assert run.code == 1 and len(lines) == 3
    assert lines[0].endswith('error: "next" names node "sevrity", which does not exist; did you mean "severity"?')
    assert "(this may follow from the error at line 10, column 9: fix that first)" in lines[1]
    assert lines[2].endswith("2 error(s), 0 warning(s)")


def test_nodes_cut_off_by_a_typo_are_named_once_and_the_others_after_the_first_cause(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    shutil.copytree(INVALID / "next-typo", folder)
    nodes = folder / "nodes.yaml"
    # the same slip, and a node that no link ever named: its own line, still after the real error
    nodes.write_text(nodes.read_text(encoding="utf-8") + """  - id: rec_orphan
    kind: recommendation
    pathway: flare
    title: Orphan
    summary: Nothing leads here.
    actions:
      - Refer.
    grade: practice point
    references: [ref_a]
""", encoding="utf-8")
    _g, issues = load_guideline(folder)
    shown = [str(i).split("error: ")[1] for i in issues]
    assert shown[0].startswith('"next" names node "sevrity"')
    assert shown[1].startswith('nodes "severity", "upcr", "months", "drugs", "biopsy", "rec_severe", "rec_switch" are')
    assert shown[2] == ('node "rec_orphan" is not reachable from the start node "situation" (this may follow from '
                        "the error at line 10, column 9: fix that first)")
    assert len(shown) == 3


def test_more_than_eight_cut_off_nodes_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    shutil.copytree(INVALID / "next-typo", folder)
    nodes = folder / "nodes.yaml"
    extra = "".join(f"""  - id: rec_{i}
    kind: recommendation
    pathway: flare
    title: Extra {i}
    summary: Reached from the biopsy question.
    actions:
      - Refer.
    grade: practice point
    references: [ref_a]
""" for i in range(3))
    text = nodes.read_text(encoding="utf-8").replace(
        '      - {id: "no", label: "No", next: rec_switch}',
        '      - {id: "no", label: "No", next: rec_switch}\n' + "".join(
            f'      - {{id: x{i}, label: X{i}, next: rec_{i}}}\n' for i in range(3)).rstrip("\n"))
    nodes.write_text(text + extra, encoding="utf-8")
    _g, issues = load_guideline(folder)
    assert [i.message.split(" (")[0] for i in issues][1] == (
        'nodes "severity", "upcr", "months", "drugs", "biopsy", "rec_severe", "rec_switch", "rec_0" and 2 more are '
        'not reachable from the start node "situation"')


def test_a_range_with_min_above_max_is_one_error_not_a_warning_at_every_bound(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("    max: 30", "    max: -5", 1), encoding="utf-8")
    run = cli("validate", str(folder))
    assert run.out.splitlines() == [
        f'{folder}/nodes.yaml:25:5: error: numeric question "upcr": min (0) must be below max (-5)',
        f"{folder}: 1 error(s), 0 warning(s)",
    ]

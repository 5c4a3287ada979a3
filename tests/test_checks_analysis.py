"""Rule analysis: one fixture per finding, exact messages, and no finding on sound guidelines."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checks_semantic import variant

from conftest import BUNDLED, DATA, INVALID, ROOT
from lnnav.format.loader import load_guideline

# Each fixture folder in tests/data/invalid that rule analysis reports, with every line `lnnav validate` prints.
EXPECTED = {
    "branch-shadowed": [
        'nodes.yaml:11:9: error: branch 2 of "upcr" can never be taken: branch 1 (>= 0) already takes every value '
        "it covers",
        'nodes.yaml:13:9: warning: the last branch of "upcr" (otherwise) can never be taken: the branches before it '
        "take every answer from 0 to 30 g/g",
    ],
    "branch-impossible": [
        'nodes.yaml:9:9: error: branch 1 of "upcr" can never be taken: no answer from 0 to 30 g/g is < 2 and > 3'
    ],
    "branch-above-max": ['nodes.yaml:9:9: error: branch 1 of "upcr" can never be taken: no answer from 0 to 30 g/g is >= 40'],
    "branch-bound-outside-range": [
        'nodes.yaml:9:9: warning: branch 1 of "upcr": the bound > -1 is outside the range of "upcr" (0 to 30 g/g)'
    ],
    "last-branch-unreachable": [
        'nodes.yaml:13:9: warning: the last branch of "upcr" (otherwise) can never be taken: the branches before it '
        "take every answer from 0 to 30 g/g"
    ],
    "rule-shadowed": [
        'nodes.yaml:24:9: error: rule 2 of "plan" can never be taken: rule 1 (creat >= 2) already takes every case it '
        "covers"
    ],
    "rule-impossible": [
        'nodes.yaml:22:9: error: rule 1 of "plan" can never be taken: its condition (creat >= 30) can never hold; '
        "creat is from 0.1 to 20 mg/dL",
        'nodes.yaml:24:9: error: rule 2 of "plan" can never be taken: its condition (drugs includes all of (none, mmf)) '
        "can never hold",
    ],
    "otherwise-unreachable": [
        'nodes.yaml:26:9: warning: the otherwise of route "plan" can never be taken: rules 1 (drugs includes mmf) and '
        "2 (not drugs includes mmf) already take every case"
    ],
    "option-never-shown": [
        'nodes.yaml:24:9: error: option "severe" of "extra" can never be shown: its condition (creat > 25) can never '
        "hold; creat is from 0.1 to 20 mg/dL"
    ],
    "too-few-visible-options": [
        'nodes.yaml:18:5: error: question "extra" could be left with fewer than two options: when drugs = [belimumab], '
        'only "yes" is shown'
    ],
    "condition-bound-outside-range": [
        'nodes.yaml:53:11: warning: alert "kidney_failure": the bound creat >= 30 is outside the range of "creat" '
        "(0.1 to 20 mg/dL)"
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_finding_has_a_fixture_with_its_exact_located_message(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    guideline, issues = load_guideline(Path("tests/data/invalid") / name)
    assert [str(i) for i in issues] == [f"tests/data/invalid/{name}/{line}" for line in EXPECTED[name]]
    assert (guideline is None) == any(": error: " in line for line in EXPECTED[name])


@pytest.mark.parametrize("folder", [DATA / "mini", DATA / "v2", BUNDLED], ids=lambda p: p.name)
def test_sound_guidelines_get_no_finding(folder: Path) -> None:
    _g, issues = load_guideline(folder)
    assert issues == []


def edited(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    return variant(tmp_path, INVALID / name, "nodes.yaml", old, new)


def test_a_branch_covered_by_several_earlier_ones_names_them_all(tmp_path: Path) -> None:
    issues = edited(tmp_path, "last-branch-unreachable", "      - next: rec_c\n",
                    "      - when: {gt: 2, lt: 4}\n        next: rec_c\n      - next: rec_c\n")
    assert issues == [
        'nodes.yaml:13:9: error: branch 3 of "upcr" can never be taken: branches 1 (< 3) and 2 (>= 3) already take '
        "every value it covers",
        'nodes.yaml:15:9: warning: the last branch of "upcr" (otherwise) can never be taken: the branches before it '
        "take every answer from 0 to 30 g/g",
    ]


def test_whole_numbers_between_two_bounds_can_be_none(tmp_path: Path) -> None:
    issues = edited(tmp_path, "branch-impossible", "    branches:\n", "    integer: true\n    branches:\n")
    assert issues == [
        'nodes.yaml:10:9: error: branch 1 of "upcr" can never be taken: no whole-number answer from 0 to 30 g/g is '
        "< 2 and > 3"
    ]
    fine = edited(tmp_path / "b", "branch-impossible", "{gt: 3, lt: 2}", "{gt: 2.5, lt: 3}")
    assert fine == []
    whole = edited(tmp_path / "c", "branch-impossible", "    branches:\n      - when: {gt: 3, lt: 2}",
                   "    integer: true\n    branches:\n      - when: {gt: 2.5, lt: 3}")
    assert whole == ['nodes.yaml:10:9: error: branch 1 of "upcr" can never be taken: no whole-number answer from 0 to '
                     "30 g/g is < 3 and > 2.5"]


def test_a_rule_mixing_answers_is_judged_on_each_and_not_reported_when_it_can_be_taken(tmp_path: Path) -> None:
    new = "{any: [{question: creat, lt: 1}, {question: drugs, includes: mmf}]}"
    assert edited(tmp_path, "rule-shadowed", "{all: [{question: creat, ge: 3}, {question: drugs, includes: mmf}]}",
                  new) == []


def test_a_rule_covered_by_the_union_of_two_mixed_rules(tmp_path: Path) -> None:
    rules = ("      - when: {question: creat, ge: 2}\n        next: rec_a\n"
             "      - when: {question: drugs, includes: mmf}\n        next: rec_b\n"
             "      - when: {all: [{question: creat, gt: 5}, {question: drugs, includes: mmf}]}\n        next: rec_c\n")
    old = ("      - when: {question: creat, ge: 2}\n        next: rec_a\n"
           "      - when: {all: [{question: creat, ge: 3}, {question: drugs, includes: mmf}]}\n        next: rec_b\n")
    assert edited(tmp_path, "rule-shadowed", old, rules) == [
        'nodes.yaml:26:9: error: rule 3 of "plan" can never be taken: rule 1 (creat >= 2) already takes every case '
        "it covers"
    ]
    crossed = rules.replace("{all: [{question: creat, gt: 5}, {question: drugs, includes: mmf}]}",
                            "{any: [{question: creat, gt: 5}, {question: drugs, includes: mmf}]}")
    assert edited(tmp_path / "b", "rule-shadowed", old, crossed) == [
        'nodes.yaml:26:9: error: rule 3 of "plan" can never be taken: rules 1 (creat >= 2) and 2 (drugs includes mmf) '
        "already take every case it covers"
    ]


def test_no_option_shown_when_every_option_has_a_condition(tmp_path: Path) -> None:
    issues = edited(tmp_path, "too-few-visible-options", '      - {id: "yes", label: "Yes", next: rec_a}\n',
                    '      - {id: "yes", label: "Yes", next: rec_a, when: {question: creat, ge: 2}}\n')
    assert issues == ['nodes.yaml:18:5: error: question "extra" could be left with fewer than two options: when '
                      'creat = 0.1 and drugs = [mmf], only "mmf_failed" is shown']


def test_a_multi_question_with_many_options_is_judged_option_by_option(tmp_path: Path) -> None:
    more = "".join(f"      - {{id: drug{i}, label: Drug {i}}}\n" for i in range(6))
    old = "      - {id: none, label: None of these, exclusive: true}\n"
    issues = edited(tmp_path, "too-few-visible-options", old, more + old)
    assert issues == ['nodes.yaml:24:5: error: question "extra" could be left with fewer than two options: when drugs = '
                      '[belimumab], only "yes" is shown']
    shadowed = edited(tmp_path / "b", "rule-shadowed", old, more + old)
    assert shadowed == ['nodes.yaml:30:9: error: rule 2 of "plan" can never be taken: rule 1 (creat >= 2) already takes '
                        "every case it covers"]


MANIFEST = """\
schema_version: 2
id: routes
title: Routes
version: "1"
last_reviewed: 2026-01-01
review_due: 2027-01-01
intended_use: Tests.
disclaimer: Tests.
grading: {name: G, grades: [{id: "1A"}]}
start: c
files: [nodes.yaml]
bibliography: bib.yaml
"""


def routed(tmp_path: Path, rules: list[str]) -> list[str]:
    """The issues of a guideline asking two numbers, c and d (0 to 5000), then deciding by ``rules`` (conditions)."""
    folder = tmp_path / "routes"
    folder.mkdir()
    numbers = "".join(f"  - {{id: {q}, kind: numeric, text: {q}?, unit: g, min: 0, max: 5000, next: {n}}}\n"
                      for q, n in (("c", "d"), ("d", "p")))
    route = "".join(f"      - {{when: {when}, next: r}}\n" for when in rules)
    (folder / "nodes.yaml").write_text(
        f"nodes:\n{numbers}  - id: p\n    kind: route\n    text: Decide\n    rules:\n{route}      - otherwise: r\n"
        '  - {id: r, kind: recommendation, title: R, summary: S., actions: [A.], grade: "1A", references: [ref0]}\n',
        encoding="utf-8")
    (folder / "guideline.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "bib.yaml").write_text("references:\n  - {id: ref0, citation: A.}\n", encoding="utf-8")
    _g, issues = load_guideline(folder)
    return [str(i).replace(f"{folder}/", "") for i in issues]


def test_thousands_of_rules_on_one_number_are_judged_against_what_the_earlier_ones_take(tmp_path: Path) -> None:
    steps = [f"{{question: c, ge: {2000 - i}}}" for i in range(1, 2000)]  # [1999, 5000], [1998, 1999) ... [1, 2)
    issues = routed(tmp_path, [*steps, "{question: c, ge: 0.5}", "{question: c, ge: 1, lt: 5}"])
    assert issues == ['nodes.yaml:2008:9: error: rule 2001 of "p" can never be taken: rule 1999 (c >= 1) already takes '
                      "every case it covers"]


def test_a_rule_taken_only_by_several_earlier_rules_on_one_number_names_those_it_meets(tmp_path: Path) -> None:
    rules = ["{question: c, lt: 3}", "{question: c, ge: 5, lt: 4000}", "{question: c, ge: 3, lt: 5}",
             "{question: c, ge: 2, lt: 6}", "{question: c, ge: 2, lt: 4}", "{question: c, ge: 2, lt: 4001}"]
    assert routed(tmp_path, rules) == [
        'nodes.yaml:11:9: error: rule 4 of "p" can never be taken: rules 1 (c < 3), 2 (c < 4000 and c >= 5) and '
        "3 (c < 5 and c >= 3) already take every case it covers",
        'nodes.yaml:12:9: error: rule 5 of "p" can never be taken: rule 4 (c < 6 and c >= 2) already takes every case '
        "it covers"]  # one rule that takes it all is named alone


def test_a_decision_too_large_to_compare_is_cut_short_with_a_located_warning(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from lnnav.checks import analysis

    monkeypatch.setattr(analysis, "STEPS_PER_DECISION", 300)
    monkeypatch.setattr(analysis, "STEPS_PER_ITEM", 0)
    # rules on two answers at once are taken away box by box: the costly shape
    rules = [f"{{all: [{{question: c, ge: {60 - i}}}, {{question: d, ge: {60 - i}}}]}}" for i in range(1, 60)]
    issues = routed(tmp_path, ["{question: c, ge: 4000}", "{question: c, ge: 4001}", *rules])
    assert issues[0] == ('nodes.yaml:9:9: error: rule 2 of "p" can never be taken: rule 1 (c >= 4000) already takes '
                         "every case it covers")
    assert len(issues) == 2
    assert issues[1].startswith("nodes.yaml:")
    assert ': warning: rule analysis of "p" was cut short: its 62 rules take more than 300 steps to compare; rules ' \
           in issues[1]
    assert issues[1].endswith(" to 62 were not checked")
    line, rule = int(issues[1].split(":")[1]), int(issues[1].split("; rules ")[1].split(" ")[0])
    assert line == 7 + rule  # located at the first rule not checked


def test_when_the_whole_guideline_runs_out_of_steps_the_rest_is_named(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from lnnav.checks import analysis

    monkeypatch.setattr(analysis, "STEPS_IN_ALL", 200)
    monkeypatch.setattr(analysis, "STEPS_PER_ITEM", 0)
    rules = [f"{{all: [{{question: c, ge: {60 - i}}}, {{question: d, ge: {60 - i}}}]}}" for i in range(1, 60)]
    issues = routed(tmp_path, rules)
    assert len(issues) == 1
    assert ': warning: rule analysis stopped at "p": the guideline\'s decisions take more than 200 steps to compare ' \
           "in all; rules " in issues[0]
    assert issues[0].endswith(" to 60 were not checked")

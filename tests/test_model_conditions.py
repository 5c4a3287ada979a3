from __future__ import annotations

import pytest

from lnnav.base.errors import Issue
from lnnav.format.conditions import parse_condition
from lnnav.format.yamlio import parse
from lnnav.model.conditions import AllOf, AnswerIs, AnyOf, Compare, Condition, Not, Reached, describe_condition, holds, walk

ANSWERS = {"plans": "planning", "egfr": 40.0}
REACHED = frozenset({"plans", "egfr", "rec_x"})


def condition(text: str) -> Condition:
    root, issues = parse(text, "c.yaml")
    assert root is not None and issues == []
    problems: list[Issue] = []
    cond = parse_condition(root, problems)
    assert problems == [] and cond is not None
    return cond


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{question: plans, equals: planning}", True),
        ("{question: plans, equals: possible}", False),
        ("{question: plans, in: [possible, planning]}", True),
        ("{question: egfr, le: 45}", True),
        ("{question: egfr, lt: 40}", False),
        ("{question: egfr, ge: 30, lt: 45}", True),
        ("{question: never_asked, equals: 'yes'}", False),
        ("{question: never_asked, lt: 100}", False),
        ("{reached: rec_x}", True),
        ("{reached: rec_y}", False),
        ("{all: [{question: egfr, le: 45}, {reached: rec_x}]}", True),
        ("{all: [{question: egfr, le: 45}, {reached: rec_y}]}", False),
        ("{any: [{reached: rec_y}, {question: plans, equals: planning}]}", True),
        ("{not: {reached: rec_y}}", True),
        ("{always: true}", True),
        ("{all: [{always: true}, {reached: rec_y}]}", False),
    ],
)
def test_conditions_hold_as_written(text: str, expected: bool) -> None:
    assert holds(condition(text), ANSWERS, REACHED) is expected


def test_a_numeric_comparison_never_holds_for_a_text_answer() -> None:
    assert holds(condition("{question: plans, lt: 5}"), ANSWERS, REACHED) is False


def test_values_are_read_as_written_so_yes_stays_text() -> None:
    cond = condition("{question: q, equals: yes}")
    assert isinstance(cond, AnswerIs) and cond.values == ("yes",)


def test_conditions_are_described_for_people() -> None:
    # a group is bracketed inside another condition, not around the whole
    assert describe_condition(condition("{all: [{question: egfr, le: 45}, {not: {reached: r}}, "
                                        "{question: p, in: [a, b]}]}")) == "egfr <= 45 and not reached r and p in (a, b)"
    assert describe_condition(condition("{any: [{question: p, equals: a}, {question: e, gt: 1.5}]}")) == "p = a or e > 1.5"
    assert describe_condition(condition("{not: {any: [{question: p, equals: a}, {all: [{question: e, gt: 1}, "
                                        "{reached: r}]}]}}")) == "not (p = a or (e > 1 and reached r))"
    assert describe_condition(condition("{always: true}")) == "always"


def test_walk_visits_every_nested_condition() -> None:
    kinds = [type(c) for c in walk(condition("{all: [{any: [{reached: a}]}, {not: {question: e, ge: 1}}]}"))]
    assert kinds == [AllOf, AnyOf, Reached, Not, Compare]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[a]", "c.yaml:1:1: error: a condition must be a mapping, got a list"),
        ("{question: q}", 'c.yaml:1:1: error: a "question" condition needs "equals", "in" or one of lt, le, gt, ge'),
        ("{question: q, equals: a, lt: 3}", 'c.yaml:1:1: error: a condition takes "equals"/"in" or numeric comparisons, not both'),
        ("{question: q, lt: low}", 'c.yaml:1:19: error: "lt" in condition must be a number, got a string ("low")'),
        ("{reached: r, extra: 1}", 'c.yaml:1:14: error: unknown key "extra" in condition; allowed: reached'),
        ("{always: false}", 'c.yaml:1:10: error: "always" can only be true; to switch an alert off, remove it'),
        ("{always: sometimes}", 'c.yaml:1:10: error: "always" in condition must be true or false, got a string ("sometimes")'),
    ],
)
def test_malformed_conditions_are_located(text: str, message: str) -> None:
    root, _ = parse(text, "c.yaml")
    assert root is not None
    problems: list[Issue] = []
    parse_condition(root, problems)
    assert [str(p) for p in problems] == [message]

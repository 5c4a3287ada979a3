"""compute expressions: parsed by lnnav (never eval), evaluated, unit-checked."""

from __future__ import annotations

import pytest

from lnnav.model import expr as expr_mod
from lnnav.model.expr import ExprError, ZeroDivision, evaluate, parse, refs, unit_of, units_agree


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("12 / 3 / 2", 2.0),
        ("-a + 5", 3.0),
        ("--a", 2.0),
        ("min(a, b, 7)", 2.0),
        ("max(a, b)", 6.0),
        ("abs(a - b)", 4.0),
        ("(b - a) / a * 100", 200.0),
        ("1.5e1 + .5", 15.5),
    ],
)
def test_expressions_evaluate_with_usual_precedence(text: str, value: float) -> None:
    assert evaluate(parse(text), {"a": 2.0, "b": 6.0}) == value


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "the expression is empty", 0),
        ("a +", "expected a number, an id or '(', found the end of the expression", 3),
        ("a + * 3", "expected a number, an id or '(', found \"*\"", 4),
        ("(a + 1", 'expected ")", found the end', 6),
        ("a b", 'unexpected "b" after a complete expression', 2),
        ("a ^ 2", 'unexpected "^"; an expression uses numbers, ids, + - * /, parentheses and min, max, abs', 2),
        ("sqrt(a)", 'unknown function "sqrt"; functions: min, max, abs', 0),
        ("abs(a, b)", "abs(...) takes one value", 0),
        ("max + 1", '"max" is a function: write max(...)', 0),
        ("__import__('os')", 'unexpected "_"; an expression uses numbers, ids, + - * /, parentheses and min, max, abs', 0),
    ],
)
def test_malformed_expressions_say_what_and_where(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert (str(info.value), info.value.offset) == (message, offset)


def test_division_by_zero_is_located_at_its_slash() -> None:
    with pytest.raises(ZeroDivision) as info:
        evaluate(parse("a / (b - 6)"), {"a": 1.0, "b": 6.0})
    assert info.value.offset == 2


def test_refs_lists_every_id_read_in_order() -> None:
    assert [r.name for r in refs(parse("max(a, b) - a / c"))] == ["a", "b", "a", "c"]


UNITS = {"prior": "g", "dose": "g", "creat": "mg/dL", "base": "mg/dL", "pcr": "g/g"}


@pytest.mark.parametrize(
    ("text", "unit", "problems"),
    [
        ("prior + dose", "g", []),
        ("prior + 3", "g", []),
        ("prior * 2", "g", []),
        ("(creat - base) / base * 100", "", []),
        ("creat / base", "", []),
        ("pcr * creat", "g/g*mg/dL", []),
        ("prior + creat", "g", ['"+" mixes units (g, mg/dL); convert to one unit first']),
        ("max(prior, pcr)", "g", ["max(...) mixes units (g, g/g); convert to one unit first"]),
        ("prior / creat", "g/mg/dL", []),
        ("creat * creat / creat", "mg/dL", []),
        ("pcr * creat / pcr", "mg/dL", []),
        ("1 / creat", "1/mg/dL", []),
        ("1e300 / (creat - 1)", "1/mg/dL", []),
        ("prior / prior / creat", "1/mg/dL", []),
        ("creat * creat", "mg/dL*mg/dL", []),
    ],
)
def test_units_are_derived_and_mixtures_reported(text: str, unit: str, problems: list[str]) -> None:
    found: list[tuple[int, str]] = []
    assert unit_of(parse(text), UNITS.__getitem__, found) == unit
    assert [m for _o, m in found] == problems


def test_a_unit_written_in_another_order_agrees_and_units_are_read_whole() -> None:
    assert units_agree("g/g*mg/dL", "mg/dL*g/g", ["g/g", "mg/dL"])
    assert units_agree("1/mg/dL", "1/mg/dL", ["mg/dL"])
    assert not units_agree("1/mg/dL", "mg/dL", ["mg/dL"])
    assert not units_agree("g/g*mg/dL", "mg/dL", ["g/g", "mg/dL"])


def test_a_unitless_result_may_be_declared_as_percent_or_ratio_only() -> None:
    assert units_agree("", "%") and units_agree("", "ratio") and units_agree("", "")
    assert not units_agree("", "g")
    assert units_agree("g", "g") and not units_agree("g", "mg")


def test_nesting_is_accepted_up_to_the_limit_and_refused_past_it_at_its_place() -> None:
    assert expr_mod.evaluate(expr_mod.parse("(" * expr_mod.MAX_DEPTH + "2" + ")" * expr_mod.MAX_DEPTH), {}) == 2
    with pytest.raises(expr_mod.ExprError, match="nests more than 100 deep") as info:
        expr_mod.parse("1 + " + "(" * (expr_mod.MAX_DEPTH + 1) + "2" + ")" * (expr_mod.MAX_DEPTH + 1))
    assert info.value.offset == 4 + expr_mod.MAX_DEPTH


def test_long_flat_expressions_are_read_evaluated_and_unit_checked_without_recursion() -> None:
    tree = expr_mod.parse(" + ".join(["x"] * 50_000))
    assert expr_mod.evaluate(tree, {"x": 1.0}) == 50_000
    assert sum(1 for _ in expr_mod.refs(tree)) == 50_000
    assert expr_mod.unit_of(tree, lambda _name: "g", []) == "g"

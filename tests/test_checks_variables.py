"""Universes of answers seen from a node, and conditions as exact regions over them."""

from __future__ import annotations

import math

from conftest import DATA
from lnnav.checks.regions import Numbers, Span
from lnnav.checks.variables import MISSING, Scope, Variables
from lnnav.format.loader import load_or_raise
from lnnav.model import expr as expr_mod
from lnnav.model.conditions import AllOf, AnyOf, Compare, Includes, Not, Reached
from lnnav.model.guideline import Compute


def test_a_computed_value_ranges_over_what_its_inputs_allow() -> None:
    g = load_or_raise(DATA / "v2")
    variables = Variables(g, lambda _a, _n: True)
    assert variables.compute_range("cyc_total") == (3.0, 103.0)
    scope = Scope(variables, "plan")
    assert scope.region(Compare("cyc_total", (("ge", 104.0),))) == []
    assert scope.region(Compare("cyc_total", (("ge", 103.0),))) != []


def test_an_answer_not_given_on_every_path_may_be_missing() -> None:
    g = load_or_raise(DATA / "v2")
    sure = Scope(Variables(g, lambda _a, _n: True), "plan")
    unsure = Scope(Variables(g, lambda _a, _n: False), "plan")
    not_high = Not(Compare("creat", (("ge", 0.1),)))
    assert sure.region(not_high) == []  # every creatinine is >= 0.1
    assert unsure.region(not_high) == [{"creat": Numbers((), frozenset({MISSING}))}]
    every = AnyOf((Includes("drugs", ("mmf",)), Not(Includes("drugs", ("mmf",)))))
    assert len(sure.region(every)) == 2
    assert unsure.region(Reached("drugs")) == [{"reached:drugs": 0b01}]
    assert unsure.full("reached:drugs") == 0b11 and sure.full("reached:drugs") == 0b01


def test_a_compute_of_unknown_range_may_be_any_number() -> None:
    g = load_or_raise(DATA / "v2")
    node = g.nodes["cyc_total"]
    assert isinstance(node, Compute)
    divided = node._replace(expr=expr_mod.parse("3 / cyc_prior"))  # cyc_prior may be 0
    variables = Variables(g._replace(nodes={**g.nodes, "cyc_total": divided}), lambda _a, _n: True)
    assert variables.compute_range("cyc_total") is None
    assert variables.var("cyc_total").answered == Numbers((Span(-math.inf, True, math.inf, True),), frozenset({"nan"}))


def test_a_multi_answer_ranges_over_the_sets_it_may_be() -> None:
    g = load_or_raise(DATA / "v2")
    var = Variables(g, lambda _a, _n: True).var("drugs")
    # three ordinary options in any non-empty combination, "none" only alone
    assert len(var.values) == 7 + 1 and ("none",) in var.values and ("mmf", "none") not in var.values
    scope = Scope(Variables(g, lambda _a, _n: True), "plan")
    assert scope.region(AllOf((Includes("drugs", ("none",)), Includes("drugs", ("mmf",))))) == []


def test_a_consult_inside_a_region_is_described_in_words() -> None:
    g = load_or_raise(DATA / "v2")
    scope = Scope(Variables(g, lambda _a, _n: False), "extra")
    box = scope.region(AllOf((Compare("creat", (("gt", 2.0), ("lt", 3.0))), Includes("drugs", ("cyc",)))))[0]
    answers, passed, words = scope.point(box, ["creat", "drugs", "cyc_prior", "reached:plan"])
    assert answers == {"creat": 2.5, "drugs": ("cyc",), "cyc_prior": 0.0}
    assert passed == frozenset({"plan"})
    assert words == "creat = 2.5 and drugs = [cyc] and cyc_prior = 0 and the consult passed plan"

"""The bundled guideline's drug catalogue: withheld add-ons with their reasons, and alerts written on facts."""

from __future__ import annotations

from conftest import BUNDLED
from lnnav.base.source import Source
from lnnav.engine import scenarios
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Reached
from lnnav.model.guideline import Recommendation

GUIDELINE = load_or_raise(BUNDLED)
IMMUNOSUPPRESSIVES = {"mmf", "cyc_eurolupus", "cyc_high", "cyclophosphamide", "belimumab", "cni", "tacrolimus",
                      "voclosporin", "ciclosporin", "anti_cd20", "rituximab", "obinutuzumab", "azathioprine"}


def scenario_walk(name: str, **changes: float) -> Walk:
    sc = scenarios.load(scenarios.default_dir(BUNDLED) / f"{name}.yaml")
    answers = sc.answers.merged(AnswerSet({k: Given(str(v), Source("test")) for k, v in changes.items()}))
    return navigate(GUIDELINE, Scripted(GUIDELINE, resolve(GUIDELINE, answers)))


def test_a_flare_at_egfr_24_offers_neither_belimumab_nor_a_calcineurin_inhibitor_and_says_why() -> None:
    walk = scenario_walk("flare-egfr-24-regimen-not-known")
    assert walk.outcome.id == "rec_flare_reinduce"
    withheld = {d: x for x in walk.not_offered for d in x.drugs}
    assert set(withheld) == {"belimumab", "cni"}
    assert "eGFR 30" in withheld["belimumab"].because and withheld["belimumab"].references
    assert "eGFR 45" in withheld["cni"].because and withheld["cni"].references
    assert "mmf" in walk.proposes


def test_partial_response_on_dual_therapy_below_egfr_30_still_offers_an_immunosuppressive() -> None:
    walk = scenario_walk("partial-response-on-dual-therapy", egfr=25)
    assert walk.outcome.id == "rec_partial_on_dual"
    assert {d for x in walk.not_offered for d in x.drugs} == {"belimumab", "cni"}
    assert any(a.startswith("Below eGFR 30 neither add-on is offered") for a in walk.actions)
    assert IMMUNOSUPPRESSIVES & set(walk.proposes)


def test_the_voclosporin_label_alert_needs_voclosporin_not_just_a_calcineurin_inhibitor() -> None:
    walk = scenario_walk("partial-response-on-dual-therapy")
    assert any("calcineurin inhibitor" in a for a in walk.actions)
    assert "voclosporin_label" not in {f.alert.id for f in walk.alerts}


def _reached_outcomes(c: Condition) -> list[str]:
    if isinstance(c, (AllOf, AnyOf)):
        return [n for item in c.items for n in _reached_outcomes(item)]
    if isinstance(c, Not):
        return _reached_outcomes(c.item)
    if isinstance(c, Reached) and isinstance(GUIDELINE.nodes.get(c.node), Recommendation):
        return [c.node]
    return []


def test_no_alert_condition_lists_more_than_three_outcomes() -> None:
    counts = {a.id: len(_reached_outcomes(a.when)) for a in GUIDELINE.alerts}
    assert max(counts.values()) <= 3, counts


def _answers_tested(c: Condition) -> set[str]:
    if isinstance(c, (AllOf, AnyOf)):
        return {n for item in c.items for n in _answers_tested(item)}
    if isinstance(c, Not):
        return _answers_tested(c.item)
    return {c.question} if isinstance(c, Compare) else set()


def test_no_action_that_proposes_a_drug_repeats_the_egfr_limit_the_catalogue_holds() -> None:
    # The eGFR tests left on proposing actions choose the alternative for the withheld case (a DUAL
    # regimen, cyclophosphamide below 30); they do not gate the drug itself.
    copied = [(node.id, i + 1) for node in GUIDELINE.nodes.values() if isinstance(node, Recommendation)
              for i, when in enumerate(node.action_when)
              if when is not None and node.drugs_of(i).proposes and "egfr" in _answers_tested(when)]
    assert copied == [("rec_partial_on_dual", 7), ("rec_mpaa_failed", 6)]

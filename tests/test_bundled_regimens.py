"""The bundled guideline's regimen logic: 36 g of cyclophosphamide withheld on the situation's own card,
DUAL or TRIPLE from the induction regimen, belimumab and anti-CD20 therapy not given together."""

from __future__ import annotations

from conftest import BUNDLED
from lnnav.base.source import Source
from lnnav.engine import scenarios
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise

GUIDELINE = load_or_raise(BUNDLED)
CYCLOPHOSPHAMIDE = {"cyclophosphamide", "cyc_eurolupus", "cyc_high"}


def scenario_walk(name: str, **changes: object) -> Walk:
    sc = scenarios.load(scenarios.default_dir(BUNDLED) / f"{name}.yaml")
    answers = sc.answers.merged(AnswerSet({k: Given(str(v), Source("test")) for k, v in changes.items()}))
    return navigate(GUIDELINE, Scripted(GUIDELINE, resolve(GUIDELINE, answers)))


def withheld(walk: Walk) -> set[str]:
    return {d for x in walk.not_offered for d in x.drugs}


def member_notes(walk: Walk) -> set[str]:
    return {n.drug for n in walk.drug_cautions if n.withheld}


def test_no_consult_ends_on_a_card_of_its_own_for_36_g_of_cyclophosphamide() -> None:
    assert "rec_cyc_exposure_high" not in GUIDELINE.nodes


def test_crescentic_disease_at_36_g_withholds_cyclophosphamide_and_names_an_interim_regimen() -> None:
    walk = scenario_walk("crescentic-at-36-g-interim-regimen")
    assert walk.outcome.id == "rec_crescentic_rpgn"
    assert "cyclophosphamide" in withheld(walk)
    assert not CYCLOPHOSPHAMIDE & set(walk.proposes)
    assert {"mmf", "belimumab"} <= set(walk.proposes)
    assert any(a.startswith("Interim regimen without cyclophosphamide") for a in walk.actions)
    # the card does not point to a course it no longer shows
    assert not any("the course below is the alternative" in a for a in walk.actions)


def test_crescentic_disease_at_36_g_below_egfr_30_still_says_what_to_give() -> None:
    walk = scenario_walk("crescentic-at-36-g-interim-regimen", egfr=25)
    assert {"belimumab", "cni", "cyclophosphamide"} <= withheld(walk)
    assert any(a.startswith("Below eGFR 30 neither partner is offered") for a in walk.actions)


def test_a_high_dose_course_past_36_g_leaves_the_euro_lupus_course_that_stays_below_it() -> None:
    walk = scenario_walk("crescentic-after-30-g-cyclophosphamide")
    assert walk.outcome.id == "rec_crescentic_rpgn"
    assert member_notes(walk) == {"cyc_high"}
    assert "cyclophosphamide" in walk.proposes
    assert "cyclophosphamide" not in withheld(walk)


def test_thirty_grams_plus_a_euro_lupus_course_is_offered_without_a_withhold() -> None:
    walk = scenario_walk("mmf-failure-30-g-euro-lupus-fits", cyc_course_g=3, egfr=70)
    assert not CYCLOPHOSPHAMIDE & (withheld(walk) | member_notes(walk))
    assert "cyc_eurolupus" in walk.proposes


def test_mycophenolate_failure_at_36_g_keeps_its_own_card_and_its_triple_options() -> None:
    walk = scenario_walk("cyclophosphamide-exposure-exactly-36-g")
    assert walk.outcome.id == "rec_mpaa_failed"
    assert "cyc_eurolupus" in withheld(walk)
    assert {"belimumab", "cni"} <= {d for d in walk.proposed}


def test_mycophenolate_failure_at_36_g_below_egfr_30_is_not_an_empty_card() -> None:
    walk = scenario_walk("cyclophosphamide-exposure-exactly-36-g", egfr=25)
    assert {"belimumab", "tacrolimus", "voclosporin", "cyc_eurolupus", "cyclophosphamide"} <= withheld(walk)
    assert any(a.startswith("Cyclophosphamide is not offered at this lifetime exposure") for a in walk.actions)


def test_adherence_that_cannot_be_secured_at_36_g_supervises_mycophenolate_and_drops_fertility_steps() -> None:
    walk = scenario_walk("nonadherence-cyclophosphamide-limit")
    assert walk.outcome.id == "rec_iv_cyc_adherence"
    assert "mmf" in walk.proposes and not CYCLOPHOSPHAMIDE & set(walk.proposes)
    assert not any("fertility" in a for a in walk.actions)
    assert "fertility_cyclophosphamide_woman" not in {f.alert.id for f in walk.alerts}


def test_early_worsening_at_36_g_escalates_mycophenolate_instead_of_switching() -> None:
    walk = scenario_walk("early-worsening-cyclophosphamide-limit")
    assert walk.outcome.id == "rec_early_worsening"
    assert "cyclophosphamide" in withheld(walk)
    assert {"belimumab", "cni"} <= set(walk.proposes)


def test_a_patient_who_never_had_cyclophosphamide_is_offered_it_unchanged() -> None:
    walk = scenario_walk("early-worsening-first-month")
    assert "cyclophosphamide" in walk.proposes and not withheld(walk)


def test_azathioprine_with_belimumab_after_euro_lupus_is_triple_without_asking_the_regimen() -> None:
    walk = scenario_walk("partial-after-euro-lupus-belimumab-on-azathioprine")
    assert walk.outcome.id == "rec_continue_partial"
    assert "induction_regimen" not in walk.answers


def test_the_induction_regimen_decides_dual_or_triple_when_todays_drugs_do_not() -> None:
    assert scenario_walk("partial-after-euro-lupus-now-mycophenolate").outcome.id == "rec_partial_on_dual"
    triple = scenario_walk("partial-after-euro-lupus-now-mycophenolate",
                           induction_regimen="cyc_eurolupus_belimumab", trajectory="improving")
    assert triple.outcome.id == "rec_continue_partial"


def test_every_induction_option_says_dual_or_triple_in_words() -> None:
    node = GUIDELINE.nodes["induction_regimen"]
    assert all(("DUAL" in o.label) != ("TRIPLE" in o.label) or "not an ACR 2024 TRIPLE" in o.label
               for o in node.options)  # type: ignore[union-attr]


def test_high_dose_cyclophosphamide_with_belimumab_is_escalated_not_called_triple() -> None:
    walk = scenario_walk("partial-after-high-dose-cyclophosphamide-belimumab")
    assert walk.outcome.id == "rec_partial_on_dual"
    assert not any("Add belimumab to the cyclophosphamide course" in a for a in walk.actions)
    assert any(a.startswith("High-dose cyclophosphamide, with or without belimumab, is not an ACR 2024 TRIPLE")
               for a in walk.actions)


def test_a_failed_belimumab_triple_replaces_belimumab_with_anti_cd20_and_does_not_offer_it_again() -> None:
    walk = scenario_walk("belimumab-triple-failed-extrarenal")
    assert walk.outcome.id == "rec_mpaa_failed"
    assert "belimumab" not in walk.proposes
    assert any(a.startswith("Or replace belimumab with an anti-CD20 agent") for a in walk.actions)


def test_refractory_disease_on_belimumab_stops_it_when_anti_cd20_starts() -> None:
    walk = scenario_walk("refractory-on-belimumab-anti-cd20-untried")
    assert walk.outcome.id == "rec_refractory_both"
    assert any(a.startswith("Belimumab is taken now - stop it") for a in walk.actions)
    assert not any(a.startswith("Belimumab is taken now")
                   for a in scenario_walk("refractory-after-rituximab").actions)


def _situation_rules(route_id: str) -> list[tuple[str, str]]:
    from lnnav.model.conditions import describe_condition
    from lnnav.model.guideline import Route

    node = GUIDELINE.nodes[route_id]
    assert isinstance(node, Route)
    return [("otherwise" if r.when is None else describe_condition(r.when), r.next) for r in node.rules
            if r.next not in {"cyc_limit_reached", "cyc_course_over_limit"}]


def test_both_exposure_verdicts_send_each_situation_to_the_card_the_dispatch_does() -> None:
    # the verdicts are routes of their own (the catalogue reads them); their situation rules are copies
    assert _situation_rules("cyc_limit_reached") == _situation_rules("cyc_dispatch")
    assert _situation_rules("cyc_course_over_limit") == _situation_rules("cyc_dispatch")


def test_a_current_pcr_of_3_g_g_or_more_is_never_offered_as_a_partial_response() -> None:
    from lnnav.engine.walk import visible_options
    from lnnav.model.guideline import Question

    node = GUIDELINE.nodes["response_so_far"]
    assert isinstance(node, Question)
    assert "partial" not in {o.id for o in visible_options(node, {"current_upcr": 3.0})}
    assert "partial" in {o.id for o in visible_options(node, {"current_upcr": 2.9})}
    # with no starting PCR, 3 g/g or more goes straight to the no-response work-up
    walk = scenario_walk("no-starting-pcr-nephrotic")
    assert "response_without_baseline" not in {s.node for s in walk.steps}
    assert "none_route" in {s.node for s in walk.steps}

"""lnnav.engine.because: an alert's reason is the part of its condition that held, in at most two short sentences."""

from __future__ import annotations

import re

import pytest

from conftest import BUNDLED
from lnnav.engine import scenarios
from lnnav.engine.answers import Scripted, resolve
from lnnav.engine.because import parts, sentence
from lnnav.engine.explain import alert_sentence, explain
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.conditions import AllOf, Always, AnswerIs, AnyOf, Compare, Not, Reached
from lnnav.model.guideline import Guideline

REACHED = frozenset({"situation", "upcr", "rec_flare_severe"})
FLARE = {"situation": "flare", "upcr": 4.0}
UPCR = '"Current 24-h urine protein/creatinine ratio?"'


def test_of_an_any_only_the_items_that_held_are_named(mini: Guideline) -> None:
    cond = AnyOf((*(Reached(n) for n in ("rec_switch", "rec_adherence", "rec_flare_mild")),
                  Compare("upcr", (("ge", 3.0),)), AnswerIs("situation", ("no_response",))))
    assert parts(mini, cond, FLARE, REACHED) == [f"{UPCR} was 4 g/g (>= 3 g/g)"]


def test_of_an_all_every_item_is_named_with_the_answer_given(mini: Guideline) -> None:
    cond = AllOf((AnswerIs("situation", ("flare",)), Reached("rec_flare_severe")))
    assert parts(mini, cond, FLARE, REACHED) == [
        '"Which situation applies?" was "Worse after a response"',
        'the consult reached the recommendation "Re-induce"']


def test_a_negation_is_said_plainly(mini: Guideline) -> None:
    cond = AllOf((Not(AnswerIs("situation", ("no_response",))), Not(Compare("upcr", (("lt", 3.0),))),
                  Not(Reached("rec_switch"))))
    assert parts(mini, cond, FLARE, REACHED) == [
        '"Which situation applies?" was "Worse after a response"', f"{UPCR} was 4 g/g (>= 3 g/g)",
        'the consult did not reach the recommendation "Switch regimen"']


def test_reaching_the_consults_own_outcome_is_said_as_this_recommendation(mini: Guideline) -> None:
    assert parts(mini, Reached("rec_flare_severe"), FLARE, REACHED, "rec_flare_severe") == [
        "it goes with this recommendation"]


def test_a_condition_that_did_not_hold_has_no_parts(mini: Guideline) -> None:
    assert parts(mini, Reached("rec_switch"), FLARE, REACHED) == []


def test_the_same_part_is_named_once(mini: Guideline) -> None:
    cond = AnyOf((Always(), AllOf((Always(),)), Always()))
    assert parts(mini, cond, FLARE, REACHED) == ["it applies to every consult"]


@pytest.mark.parametrize(("held", "said"), [
    (["a held"], "fired because a held."),
    (["a held", "b held"], "fired because a held. Also, b held."),
    (["a", "b", "c", "d"], "fired because a. 3 other parts of its condition held too, for example b."),
])
def test_at_most_two_sentences(held: list[str], said: str) -> None:
    assert sentence(held) == said


def test_an_alert_of_the_mini_guideline_is_explained_by_its_answer(mini: Guideline) -> None:
    (alert,) = explain(navigate(mini, Scripted(mini, FLARE))).alerts
    assert alert_sentence(alert) == f"fired because {UPCR} was 4 g/g (>= 3 g/g)."


def test_every_bundled_alert_explanation_is_short_and_never_repeats_a_sentence() -> None:
    g = load_or_raise(BUNDLED)
    seen = 0
    for path in scenarios.find([scenarios.default_dir(BUNDLED)]):
        sc = scenarios.load(path)
        for a in explain(navigate(g, Scripted(g, resolve(g, sc.answers)))).alerts:
            said = alert_sentence(a)
            sentences = [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9])", said) if s]
            assert len(sentences) <= 2, (path.name, a.id, said)
            assert len(set(sentences)) == len(sentences), (path.name, a.id, said)
            assert len(said) <= 400, (path.name, a.id, said)
            seen += 1
    assert seen > 0

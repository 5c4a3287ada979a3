from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lnnav.base.errors import AnswersError
from lnnav.base.source import Source
from lnnav.engine.answers import AnswerSet, Given, Scripted, resolve
from lnnav.engine.walk import BACK, Back, Prompt, Walk, check_number, navigate, parse_number
from lnnav.format.loader import load_or_raise
from lnnav.model.conditions import Answer
from lnnav.model.guideline import Guideline, NumericQuestion


def replies(*values: Answer | Back) -> tuple[list[Prompt], object]:
    seen: list[Prompt] = []
    it: Iterator[Answer | Back] = iter(values)

    def ask(prompt: Prompt) -> Answer | Back:
        seen.append(prompt)
        return next(it)

    return seen, ask


def test_a_walk_follows_the_chosen_options_to_an_outcome(mini: Guideline) -> None:
    _, ask = replies("no_response", "no")
    walk = navigate(mini, ask)  # type: ignore[arg-type]
    assert walk.outcome.id == "rec_adherence"
    assert [(s.node, s.answer, s.label, s.next) for s in walk.steps] == [
        ("situation", "no_response", "No response yet", "adherence"),
        ("adherence", "no", "Not confirmed", "rec_adherence"),
    ]
    assert walk.answers == {"situation": "no_response", "adherence": "no"}
    assert [r.id for r in walk.references] == ["ref_a", "ref_b"]


def test_numeric_answers_take_the_first_branch_whose_bounds_hold(mini: Guideline) -> None:
    for value, outcome, rule in ((3.0, "rec_flare_severe", "3 g/g: >= 3"), (2.99, "rec_flare_mild", "2.99 g/g: otherwise")):
        _, ask = replies("flare", value)
        walk = navigate(mini, ask)  # type: ignore[arg-type]
        assert walk.outcome.id == outcome
        assert walk.steps[-1].rule == rule


def test_alerts_fire_when_their_condition_holds_and_bring_their_references(mini: Guideline) -> None:
    _, ask = replies("flare", 4.0)
    walk = navigate(mini, ask)  # type: ignore[arg-type]
    assert [(f.alert.id, f.because) for f in walk.alerts] == [("heavy", "upcr >= 3")]
    _, ask = replies("flare", 1.0)
    assert navigate(mini, ask).alerts == ()  # type: ignore[arg-type]


def test_back_returns_to_the_previous_question_with_its_earlier_answer(mini: Guideline) -> None:
    seen, ask = replies("no_response", BACK, "flare", 1.0)
    walk = navigate(mini, ask)  # type: ignore[arg-type]
    assert [(p.node.id, p.default, p.can_go_back, p.number) for p in seen] == [
        ("situation", None, False, 1),
        ("adherence", None, True, 2),
        ("situation", "no_response", False, 1),
        ("upcr", None, True, 2),
    ]
    assert walk.outcome.id == "rec_flare_mild"
    assert walk.answers == {"situation": "flare", "upcr": 1.0}


def test_an_answer_the_question_does_not_allow_is_an_answers_error(mini: Guideline) -> None:
    _, ask = replies("maybe")
    with pytest.raises(AnswersError) as info:
        navigate(mini, ask)  # type: ignore[arg-type]
    assert info.value.message == '"maybe" is not an answer of "situation" (Which situation applies?); allowed: no_response, flare'


def test_parse_number_accepts_the_unit_and_refuses_others(mini: Guideline) -> None:
    q = mini.nodes["upcr"]
    assert isinstance(q, NumericQuestion)
    assert parse_number(q, "2.5") == 2.5
    assert parse_number(q, " 2.5 g/g ") == 2.5
    assert parse_number(q, "2.5 G/G") == 2.5
    with pytest.raises(ValueError, match=r'^unknown unit "mg/mmol" for this question; accepted: g/g$'):
        parse_number(q, "250 mg/mmol")
    with pytest.raises(ValueError, match=r'^"[^"]*" is not a number: enter a number in g/g \(0 to 30 g/g\)$'):
        parse_number(q, "lots")
    with pytest.raises(ValueError, match=r"^31 g/g is out of range: enter 0 to 30 g/g$"):
        parse_number(q, "31")


def test_whole_numbers_are_required_where_the_question_says_so() -> None:
    q = NumericQuestion("months", "Months on the current regimen", "months", 0, 120, (), integer=True)
    check_number(q, 6.0)
    with pytest.raises(ValueError, match=r"^enter a whole number of months$"):
        check_number(q, 6.5)
    check_number(q, 0.0)
    check_number(q, 120.0)
    with pytest.raises(ValueError, match="out of range"):
        check_number(q, 120.5)


LABELS = Path(__file__).parent / "data" / "labels"


def labelled_walk(**answers: str) -> Walk:
    g = load_or_raise(LABELS)
    return navigate(g, Scripted(g, resolve(g, AnswerSet({k: Given(v, Source("test")) for k, v in answers.items()}))))


def test_a_labelled_rule_is_said_in_its_words_and_its_logic_is_kept() -> None:
    walk = labelled_walk(drugs="mmf", creat="1", cyc_prior="6", extra="no")
    route = next(s for s in walk.steps if s.kind == "route")
    assert route.label == "On mycophenolate or belimumab - add a third drug"
    assert route.rule == "drugs includes any of (mmf, belimumab)"


def test_a_labelled_otherwise_is_said_in_its_words() -> None:
    walk = labelled_walk(drugs="none", creat="1", cyc_prior="0")
    assert [s.label for s in walk.steps if s.kind == "route"] == ["Neither drug on board - a low-dose course"]
    assert [s.rule for s in walk.steps if s.kind == "route"] == ["otherwise"]


def test_a_route_shown_on_the_card_gives_the_label_of_the_rule_taken_as_a_finding() -> None:
    assert labelled_walk(drugs="mmf", creat="1", cyc_prior="33").findings == (
        "Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide",)
    assert labelled_walk(drugs="none", creat="1", cyc_prior="0").findings == (
        "Neither drug on board - a low-dose course",)


def test_a_route_not_shown_on_the_card_gives_no_finding() -> None:
    g = load_or_raise(Path(__file__).parent / "data" / "v2")
    walk = navigate(g, Scripted(g, resolve(g, AnswerSet({k: Given(v, Source("test")) for k, v in
                                                         {"drugs": "none", "creat": "1", "cyc_prior": "0"}.items()}))))
    assert walk.findings == ()

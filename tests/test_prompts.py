from __future__ import annotations

import pytest
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput

from conftest import DATA
from lnnav.engine import BACK, Prompt, navigate
from lnnav.errors import InputClosed
from lnnav.loader import load_or_raise
from lnnav.model import Guideline, NumericQuestion, Question
from lnnav.prompts import ask_choice, ask_number, make_ask, number_validator

DOWN = "\x1b[B"
ENTER = "\r"




def question(g: Guideline, node_id: str) -> Question:
    node = g.nodes[node_id]
    assert isinstance(node, Question)
    return node


def numeric(g: Guideline, node_id: str) -> NumericQuestion:
    node = g.nodes[node_id]
    assert isinstance(node, NumericQuestion)
    return node


def test_enter_chooses_the_first_option(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    pipe.send_text(ENTER)
    assert ask_choice(q, Prompt(q, None, False, 1), input=pipe, output=DummyOutput()) == "no_response"


def test_arrow_down_moves_to_the_next_option(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    pipe.send_text(DOWN + ENTER)
    assert ask_choice(q, Prompt(q, None, False, 1), input=pipe, output=DummyOutput()) == "flare"


def test_the_earlier_answer_is_preselected(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    pipe.send_text(ENTER)
    assert ask_choice(q, Prompt(q, "flare", False, 1), input=pipe, output=DummyOutput()) == "flare"


def test_back_is_offered_after_the_first_question_and_returns_back(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "adherence")
    pipe.send_text(DOWN + DOWN + ENTER)
    assert ask_choice(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) is BACK


def test_no_back_choice_on_the_first_question(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    # two steps down from the top wraps around to the first option: there is no third choice
    pipe.send_text(DOWN + DOWN + ENTER)
    assert ask_choice(q, Prompt(q, None, False, 1), input=pipe, output=DummyOutput()) == "no_response"


def test_a_number_is_read_with_its_unit(mini: Guideline, pipe: PipeInput) -> None:
    q = numeric(mini, "upcr")
    pipe.send_text("3.5 g/g" + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) == 3.5


def test_bad_numbers_are_refused_at_the_prompt_and_asked_again(mini: Guideline, pipe: PipeInput) -> None:
    q = numeric(mini, "upcr")
    # out of range, then a wrong unit, each refused in place; then cleared and a good value
    pipe.send_text("45" + ENTER + "\x7f\x7f" + "4 mg/mmol" + ENTER + "\x7f" * 9 + "4" + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) == 4.0


def test_b_at_a_number_prompt_goes_back(mini: Guideline, pipe: PipeInput) -> None:
    q = numeric(mini, "upcr")
    pipe.send_text("b" + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) is BACK


def test_the_number_validator_explains_what_is_wrong(mini: Guideline) -> None:
    validate = number_validator(numeric(mini, "upcr"), can_go_back=False)
    assert validate("2") is True
    assert validate("b") == '"b" is not a number: enter a number in g/g (0 to 30 g/g)'
    assert validate("-1") == "-1 g/g is out of range: enter 0 to 30 g/g"
    assert number_validator(numeric(mini, "upcr"), can_go_back=True)("back") is True


def test_end_of_input_is_reported_as_input_closed(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    pipe.close()
    with pytest.raises(InputClosed):
        make_ask(lambda p: None, input=pipe, output=DummyOutput())(Prompt(q, None, False, 1))


def test_ctrl_c_propagates_as_keyboard_interrupt(mini: Guideline, pipe: PipeInput) -> None:
    q = question(mini, "situation")
    pipe.send_text("\x03")
    with pytest.raises(KeyboardInterrupt):
        ask_choice(q, Prompt(q, None, False, 1), input=pipe, output=DummyOutput())


def test_a_whole_interactive_consult_with_back_and_help_shown(mini: Guideline, pipe: PipeInput) -> None:
    shown: list[str] = []
    ask = make_ask(lambda p: shown.append(p.node.help), input=pipe, output=DummyOutput())
    # no response -> (Back) -> flare -> 3.5
    pipe.send_text(ENTER)
    pipe.send_text(DOWN + DOWN + ENTER)
    pipe.send_text(DOWN + ENTER)
    pipe.send_text("3.5" + ENTER)
    walk = navigate(mini, ask)
    assert walk.outcome.id == "rec_flare_severe"
    assert walk.answers == {"situation": "flare", "upcr": 3.5}
    assert shown == ["Pick the one that fits best.", "Drug levels beat questionnaires.", "Pick the one that fits best.",
                     "A 24-h collection, not a spot sample."]


def test_calculator_inputs_are_asked_one_by_one(pipe: PipeInput) -> None:
    g = load_or_raise(DATA / "calc")
    ask = make_ask(lambda p: None, input=pipe, output=DummyOutput())
    pipe.send_text("".join(v + ENTER for v in ("4", "0.3", "1", "1", "12")))
    assert navigate(g, ask).outcome.id == "rec_complete"

from __future__ import annotations

import pytest
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput

from conftest import DATA
from lnnav.base.errors import InputClosed
from lnnav.cli.prompts import ask_choice, ask_number, make_ask, number_validator
from lnnav.engine.walk import BACK, Prompt, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Guideline, NumericQuestion, Question

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
    assert validate("-1") == '"-1": -1 g/g is out of range: enter 0 to 30 g/g'
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


def test_numbers_for_a_computed_value_are_asked_one_by_one(pipe: PipeInput) -> None:
    g = load_or_raise(DATA / "v2")
    ask = make_ask(lambda p: None, input=pipe, output=DummyOutput())
    # drugs: tick "None of these" (the fourth option), then creatinine and prior cyclophosphamide
    pipe.send_text("\x1b[B" * 3 + " " + ENTER + "1" + ENTER + "34" + ENTER)
    walk = navigate(g, ask)
    assert (walk.computed[0].label, walk.outcome.id) == ("37 g", "rec_avoid_cyc")


V2 = DATA / "v2"
UP = "\x1b[A"
SPACE = " "


@pytest.fixture(scope="module")
def v2() -> Guideline:
    return load_or_raise(V2)


def test_a_refused_entry_stays_on_the_line_to_be_edited(mini: Guideline, pipe: PipeInput) -> None:
    q = numeric(mini, "upcr")
    # "45" is refused and kept: one backspace makes it "4", which is taken
    pipe.send_text("45" + ENTER + "\x7f" + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) == 4.0


@pytest.mark.parametrize("typed", ["0.9", "0,9", "80 umol/L", "130 µmol/L"])
def test_a_number_typed_one_key_at_a_time_is_read_whole(v2: Guideline, pipe: PipeInput, typed: str) -> None:
    from lnnav.model.units import read_number

    q = numeric(v2, "creat")
    for key in typed:
        pipe.send_text(key)
    pipe.send_text(ENTER)
    assert ask_number(q, Prompt(q, None, False, 2), input=pipe, output=DummyOutput()) == read_number(q, typed)


def test_the_entry_validator_keeps_the_entry_and_quotes_it(v2: Guideline, pipe: PipeInput) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.validation import ValidationError

    from lnnav.cli.prompts import entry_validator

    session: PromptSession[str] = PromptSession(input=pipe, output=DummyOutput(), validate_while_typing=False,
                                                validator=entry_validator(number_validator(numeric(v2, "creat"),
                                                                                           False), width=200))
    seen: list[tuple[str, str]] = []

    def before() -> None:
        buffer = session.default_buffer
        buffer.text = "80 mmol/L"
        try:
            buffer.validator.validate(buffer.document)  # type: ignore[union-attr]
        except ValidationError as exc:
            seen.append((buffer.text, exc.message))
        buffer.text = "1.2"

    pipe.send_text(ENTER)
    assert session.prompt(pre_run=before) == "1.2"
    assert seen == [("80 mmol/L", '   "80 mmol/L": unknown unit "mmol/L" for this question; accepted: mg/dL, umol/L')]


def test_a_number_out_of_range_names_the_unit_that_would_fit(v2: Guideline) -> None:
    validate = number_validator(numeric(v2, "creat"), can_go_back=False)
    assert validate("150") == '"150": 150 mg/dL is out of range: enter 0.1 to 20 mg/dL; did you mean 150 umol/L?'


def test_a_comma_before_three_digits_is_refused_as_ambiguous(v2: Guideline) -> None:
    validate = number_validator(numeric(v2, "creat"), can_go_back=False)
    assert validate("5,100 umol/L") == ('"5,100 umol/L" is ambiguous: the comma may be a decimal comma (5.1) or a '
                                        "thousands separator (5100); type the number without it")


@pytest.mark.parametrize(("typed", "value"), [("80 umol/L", 0.90496), ("80 µmol/L", 0.90496), ("0,9", 0.9),
                                              ("1.3 mg/dL", 1.3)])
def test_numbers_are_read_as_people_type_them(v2: Guideline, pipe: PipeInput, typed: str, value: float) -> None:
    from lnnav.model.units import Measured

    q = numeric(v2, "creat")
    pipe.send_text(typed + ENTER)
    got = ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput())
    assert (got.value if isinstance(got, Measured) else got) == pytest.approx(value)


def test_an_unusual_value_is_confirmed_before_it_is_taken(v2: Guideline, pipe: PipeInput) -> None:
    q = numeric(v2, "creat")
    # 15 mg/dL is allowed but unusual: "Enter it again" (the default) offers "15" to edit: 1.5
    pipe.send_text("15" + ENTER + ENTER + "\x7f" + ".5" + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) == 1.5


def test_an_unusual_value_can_be_kept(v2: Guideline, pipe: PipeInput) -> None:
    q = numeric(v2, "creat")
    pipe.send_text("15" + ENTER + DOWN + ENTER)
    assert ask_number(q, Prompt(q, None, True, 2), input=pipe, output=DummyOutput()) == 15.0


def test_question_mark_shows_the_evidence_and_asks_again(v2: Guideline, pipe: PipeInput) -> None:
    shown: list[str] = []
    ask = make_ask(lambda p: None, lambda p, width: shown.append(p.node.id), input=pipe, output=DummyOutput())
    multi = v2.nodes["drugs"]
    # ? at the checkbox keeps the ticks made before it
    pipe.send_text(SPACE + DOWN + SPACE + "?" + ENTER)
    assert ask(Prompt(multi, None, False, 1)) == ("mmf", "cyc")  # type: ignore[arg-type]
    assert shown == ["drugs"]


def test_the_show_the_evidence_choice_shows_it_and_asks_again(pipe: PipeInput) -> None:
    g = load_or_raise(DATA / "mini")
    q = g.nodes["situation"]._replace(help="Pick one.\n\nEvidence: a trial.")  # type: ignore[union-attr]
    shown: list[str] = []
    ask = make_ask(lambda p: None, lambda p, width: shown.append(p.node.help), input=pipe, output=DummyOutput())
    # options, then the evidence choice; after it, the question again, Enter on the first option
    pipe.send_text(DOWN + DOWN + ENTER + ENTER)
    assert ask(Prompt(q, None, False, 1)) == "no_response"
    assert shown == ["Pick one.\n\nEvidence: a trial."]


def test_a_multi_question_ticks_several_and_offers_back(v2: Guideline, pipe: PipeInput) -> None:
    from lnnav.cli.prompts import ask_multi

    multi = v2.nodes["drugs"]
    pipe.send_text(DOWN + DOWN + DOWN + DOWN + SPACE + ENTER)  # past the four options, the separator skipped: Back
    assert ask_multi(multi, Prompt(multi, None, True, 3), input=pipe, output=DummyOutput()) is BACK  # type: ignore[arg-type]


def test_an_exclusive_option_cannot_be_combined(v2: Guideline, pipe: PipeInput) -> None:
    from lnnav.cli.prompts import ask_multi

    multi = v2.nodes["drugs"]
    # mmf and "None of these": refused; untick mmf, Enter (Up at the first option stays there)
    pipe.send_text(SPACE + DOWN * 3 + SPACE + ENTER + UP * 3 + SPACE + ENTER)
    assert ask_multi(multi, Prompt(multi, None, False, 1), input=pipe, output=DummyOutput()) == ("none",)  # type: ignore[arg-type]


def test_a_whole_v2_consult_at_the_prompts(v2: Guideline, pipe: PipeInput) -> None:
    ask = make_ask(lambda p: None, input=pipe, output=DummyOutput())
    pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)  # mmf and belimumab
    pipe.send_text("115 umol/L" + ENTER)
    pipe.send_text("2,5" + ENTER)
    pipe.send_text(ENTER)  # extrarenal activity: yes
    walk = navigate(v2, ask)
    assert walk.outcome.id == "rec_add"
    assert walk.answers["drugs"] == ("mmf", "belimumab")
    assert walk.answers["cyc_prior"] == 2.5
    assert [s.typed for s in walk.steps if s.node == "creat"] == ["115 umol/L"]


def test_the_answered_line_shows_a_converted_number_with_its_canonical_value(v2: Guideline, pipe: PipeInput) -> None:
    import io

    from prompt_toolkit.output.plain_text import PlainTextOutput

    shown = io.StringIO()
    q = numeric(v2, "creat")
    pipe.send_text("80 umol/L" + ENTER)
    ask_number(q, Prompt(q, None, True, 2), input=pipe, output=PlainTextOutput(shown))
    assert shown.getvalue().replace("\r\n", "\n").endswith("2. Current serum creatinine [mg/dL]\n   -> 80 umol/L = 0.905 mg/dL\n")

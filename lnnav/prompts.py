"""Interactive questions: the only module that uses questionary.

One small function per prompt kind. questionary (and prompt_toolkit under it) is
imported only when a question is actually put, which keeps start-up fast for
scripted consults.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lnnav.conditions import Answer
from lnnav.engine import BACK, Ask, Back, Measured, Prompt, allowed_values, read_number
from lnnav.errors import InputClosed
from lnnav.model import MultiQuestion, NumericQuestion, Question, fmt_num

BACK_VALUE = "<back>"  # cannot clash: ids never contain '<'
BACK_LABEL = "<- Back to the previous question"
BACK_WORDS = ("b", "back", "<")


def ask_choice(q: Question, prompt: Prompt, **io: Any) -> Answer | Back:
    """A single-choice question with arrow keys; the earlier answer is pre-selected."""
    import questionary

    choices: list[Any] = [questionary.Choice(o.label, value=o.id, description=o.help or None) for o in q.options]
    if prompt.can_go_back:
        choices += [questionary.Separator(), questionary.Choice(BACK_LABEL, value=BACK_VALUE)]
    default = prompt.default if isinstance(prompt.default, str) and q.option(prompt.default) else None
    question = questionary.select(
        q.text,
        choices=choices,
        default=default,
        instruction="(arrow keys, Enter to choose)",
        qmark=f"{prompt.number}.",
        **io,
    )
    _end_of_input_on_ctrl_d(question)
    reply = question.unsafe_ask()
    if reply is None:
        raise InputClosed()
    return BACK if reply == BACK_VALUE else str(reply)


def _end_of_input_on_ctrl_d(question: Any) -> None:
    """Ctrl-D ends a choice as it ends a number prompt (questionary's select ignores it)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError())

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings


def number_validator(q: NumericQuestion, can_go_back: bool) -> Callable[[str], bool | str]:
    """What the prompt checks on Enter: True, or the message shown under the input."""

    def validate(text: str) -> bool | str:
        if can_go_back and text.strip().lower() in BACK_WORDS:
            return True
        try:
            read_number(q, text)
        except ValueError as exc:
            return str(exc)
        return True

    return validate


def ask_multi(q: MultiQuestion, prompt: Prompt, **io: Any) -> Answer | Back:
    """A set of options, ticked with the space bar; an exclusive option stands alone."""
    import questionary

    before = prompt.default if isinstance(prompt.default, tuple) else ()
    choices: list[Any] = [questionary.Choice(o.label, value=o.id, checked=o.id in before,
                                             description=o.help or None) for o in q.options]
    if prompt.can_go_back:
        choices += [questionary.Separator(), questionary.Choice(BACK_LABEL, value=BACK_VALUE)]
    exclusive = {o.id: o.label for o in q.options if o.exclusive}

    def validate(chosen: list[str]) -> bool | str:
        if BACK_VALUE in chosen:
            return True if len(chosen) == 1 else "Back goes alone: untick the other answers"
        if not chosen:
            return "tick at least one answer (space bar), then Enter"
        alone = [exclusive[c] for c in chosen if c in exclusive]
        if alone and len(chosen) > 1:
            return f'"{alone[0]}" cannot be combined with other answers'
        return True

    question = questionary.checkbox(q.text, choices=choices, validate=validate, qmark=f"{prompt.number}.",
                                    instruction="(space to tick, Enter when done)", **io)
    _end_of_input_on_ctrl_d(question)
    reply = question.unsafe_ask()
    if reply is None:
        raise InputClosed()
    if BACK_VALUE in reply:
        return BACK
    return tuple(o.id for o in q.options if o.id in reply)


def ask_number(q: NumericQuestion, prompt: Prompt, **io: Any) -> Answer | Measured | Back:
    """A number in the question's unit; bad input is refused at the prompt and asked again."""
    import questionary

    back = "; b to go back" if prompt.can_go_back else ""
    default = (prompt.default.typed if isinstance(prompt.default, Measured)
               else fmt_num(prompt.default) if isinstance(prompt.default, float) else "")
    reply = questionary.text(
        f"{q.text} [{q.unit}]",
        default=default,
        validate=number_validator(q, prompt.can_go_back),
        instruction=f"({allowed_values(q)}{back})",
        qmark=f"{prompt.number}.",
        **io,
    ).unsafe_ask()
    if reply is None:
        raise InputClosed()
    if prompt.can_go_back and reply.strip().lower() in BACK_WORDS:
        return BACK
    return read_number(q, reply)


def make_ask(show_help: Callable[[Prompt], None], **io: Any) -> Ask:
    """An ``ask`` for the engine that puts each question to a person.

    Args:
        show_help: called with each prompt before it is shown (the help text).
        io: ``input``/``output`` for prompt_toolkit (tests pass a pipe input).
    """

    if "output" not in io:
        import sys

        from prompt_toolkit.output import create_output

        # prompts belong on stderr, so that stdout carries only the result
        io["output"] = create_output(stdout=sys.stderr)

    def ask(prompt: Prompt) -> Answer | Measured | Back:
        show_help(prompt)
        try:
            if isinstance(prompt.node, Question):
                return ask_choice(prompt.node, prompt, **io)
            if isinstance(prompt.node, MultiQuestion):
                return ask_multi(prompt.node, prompt, **io)
            return ask_number(prompt.node, prompt, **io)
        except EOFError:
            raise InputClosed() from None

    return ask

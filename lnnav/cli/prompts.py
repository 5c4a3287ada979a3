"""Interactive questions: the only module that uses questionary.

One small function per prompt kind. questionary (and prompt_toolkit under it) is
imported only when a question is actually put, which keeps start-up fast for
scripted consults. A question shows its text, its one-line definition and its
options, every line wrapped under itself for the screen (lnnav.cli.prompt_text); the
full help is one key away (``?``, or the "Show the evidence" choice).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lnnav.base.errors import InputClosed
from lnnav.base.text import echo
from lnnav.cli.prompt_text import CHECKBOX, EVIDENCE_LABEL, POINTER, definition, has_evidence, label, note, question
from lnnav.engine.walk import BACK, Ask, Back, Measured, Prompt, allowed_values, read_number
from lnnav.model.conditions import Answer
from lnnav.model.guideline import UNKNOWN, UNKNOWN_WORDS, AskNode, MultiQuestion, NumericQuestion, Question, fmt_num
from lnnav.model.units import implausible, shown

BACK_VALUE = "<back>"  # cannot clash: ids never contain '<'
EVIDENCE_VALUE = "<evidence>"
BACK_LABEL = "<- Back to the previous question"
BACK_WORDS = ("b", "back", "<")
EVIDENCE_WORDS = ("?",)


class Evidence:
    """Returned by a prompt when the person asked for the evidence; ``ticked`` keeps a checkbox's ticks."""

    def __init__(self, ticked: tuple[str, ...] = ()) -> None:
        self.ticked = ticked


def width_of(io: dict[str, Any]) -> int:
    """The screen width the prompt is drawn at, less one column (a full last column wraps on some terminals)."""
    output = io.get("output")
    try:
        return max(int(output.get_size().columns) - 1, 40) if output is not None else 79
    except Exception:
        return 79


def intro(node: AskNode, width: int, keys: str, lead: int = POINTER) -> str:
    """What comes between the question and its options: the definition line, then the keys."""
    lines = [note(d, width, lead) for d in [definition(node.help)] if d]
    evidence = "; ? shows the evidence" if has_evidence(node.help) else ""
    lines.append(note(f"({keys}{evidence})", width, lead))
    return "\n" + "\n".join(lines)


def ask_choice(q: Question, prompt: Prompt, rows: list[int] | None = None, **io: Any) -> Answer | Back | Evidence:
    """A single-choice question with arrow keys; the earlier answer is pre-selected.

    ``rows`` is given the number of screen rows the answered line takes.
    """
    import questionary

    width = width_of(io)
    choices: list[Any] = [questionary.Choice(label(o.label, width), value=o.id, description=_about(o.help, width))
                          for o in q.options]
    extra = [questionary.Choice(EVIDENCE_LABEL, value=EVIDENCE_VALUE)] if has_evidence(q.help) else []
    if prompt.can_go_back:
        extra.append(questionary.Choice(BACK_LABEL, value=BACK_VALUE))
    choices += [questionary.Separator(), *extra] if extra else []
    default = prompt.default if isinstance(prompt.default, str) and q.option(prompt.default) else None
    asked = questionary.select(
        question(f"{prompt.number}.", q.text, width),
        choices=choices,
        default=default,
        instruction=intro(q, width, "arrow keys, Enter to choose"),
        qmark=f"{prompt.number}.",
        erase_when_done=True,
        **io,
    )
    _keys(asked)
    reply = _run(asked)
    if reply is None:
        raise InputClosed()
    if isinstance(reply, Evidence) or reply == EVIDENCE_VALUE:
        return Evidence()
    if reply == BACK_VALUE:
        return BACK
    chosen = q.option(str(reply))
    _count(rows, answered(prompt, q.text, chosen.label if chosen else str(reply), width, io))
    return str(reply)


def _about(help_text: str, width: int) -> str | None:
    """An option's help, shown under the list for the option pointed at ("  Description: " comes first)."""
    return label(help_text, width, 15).lstrip() if help_text else None


def _count(rows: list[int] | None, printed: int) -> None:
    if rows is not None:
        rows.append(printed)


def _list_of(app: Any) -> Any:
    """questionary's list of choices in ``app`` (what the pointer moves over)."""
    return next(c for c in app.layout.find_all_controls() if hasattr(c, "pointed_at"))


def _keys(question_: Any, *, ticks: bool = False) -> None:
    """Ctrl-D ends a choice as it ends a number prompt (questionary's select ignores it); ``?`` asks for
    the evidence (a checkbox keeps its ticks). Up at the first choice stays there: questionary wraps
    to the last one, which is Back, so one Up too many went back a question."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()
    app = question_.application
    choices = _list_of(app)

    @bindings.add("up", eager=True)
    @bindings.add("k", eager=True)
    @bindings.add("c-p", eager=True)
    def _up(event: Any) -> None:
        at = choices.pointed_at
        while at > 0:
            at -= 1
            if not isinstance(choices.choices[at], _separator()) and not choices.choices[at].disabled:
                choices.pointed_at = at
                return

    @bindings.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError())

    @bindings.add("?", eager=True)
    def _evidence(event: Any) -> None:
        ticked: tuple[str, ...] = ()
        if ticks:
            control = next((c for c in app.layout.find_all_controls() if hasattr(c, "selected_options")), None)
            ticked = tuple(control.selected_options) if control is not None else ()
        event.app.exit(result=Evidence(ticked))

    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings


def _separator() -> type:
    from questionary import Separator

    return Separator


def _back_is_chosen(question_: Any) -> None:
    """On a checkbox, Back is chosen with Enter like any other choice, never ticked: Enter on it goes
    back whatever is ticked (the ticks come back with the question), and it is drawn without a tick box.

    As a tick box, Back needed space then Enter, and Enter alone on it asked for an answer.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    app = question_.application
    choices = _list_of(app)
    bindings = KeyBindings()
    original = {b.keys: b.handler for b in app.key_bindings.bindings}

    def on_back() -> bool:
        return bool(choices.get_pointed_at().value == BACK_VALUE)

    @bindings.add("enter", eager=True)
    def _enter(event: Any) -> None:
        if on_back():
            event.app.exit(result=BACK_VALUE)
        else:
            original[("c-m",)](event)

    def untickable(key: str) -> None:
        handler = original.get((key,))
        if handler is None:
            return

        @bindings.add(key, eager=True)
        def _(event: Any) -> None:
            if key == " " and on_back():
                return
            handler(event)
            if BACK_VALUE in choices.selected_options:
                choices.selected_options.remove(BACK_VALUE)

    for key in (" ", "a", "i"):
        untickable(key)
    draw = choices._get_choice_tokens

    def tokens() -> list[tuple[str, str]]:
        drawn = list(draw())
        for i, (_style, text) in enumerate(drawn):
            if text == BACK_LABEL and i > 0:
                del drawn[i - 1]  # its tick box
                break
        return drawn

    choices.text = tokens  # what the control draws (questionary passed it its bound method)
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def _run(question_: Any) -> Any:
    """Put a question and wait for its answer.

    While it is on the screen, a SIGINT from outside (``kill -INT``) stops the consult
    as Ctrl-C does (a choice list would ignore it), and SIGTERM or SIGHUP can end it
    cleanly (lnnav.cli.stopping).
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    from lnnav.cli.stopping import asking

    app = question_.application
    bindings = KeyBindings()

    @bindings.add("<sigint>", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
    with asking(app):
        return question_.unsafe_ask()


def number_validator(q: NumericQuestion, can_go_back: bool) -> Callable[[str], bool | str]:
    """What the prompt checks on Enter: True, or the message shown under the input, which quotes the entry."""

    def validate(text: str) -> bool | str:
        if (can_go_back and text.strip().lower() in BACK_WORDS) or text.strip() in EVIDENCE_WORDS:
            return True
        if q.unknown is not None and text.strip().lower() in UNKNOWN_WORDS:
            return True
        try:
            read_number(q, text)
        except ValueError as exc:
            message = str(exc)
            quoted = f'"{echo(text.strip())}"'
            return message if message.startswith(quoted) else f"{quoted}: {message}"
        return True

    return validate


def entry_validator(check: Callable[[str], bool | str], width: int = 79) -> Any:
    """A prompt_toolkit validator, run on Enter only, that leaves a refused entry on the line.

    Checked while typing, every prefix of a good entry was judged on its own ("0" of "0.9"
    is below the minimum), and a cleared or dropped key recorded a tenfold wrong value.
    The message is wrapped under the entry at ``width``, indented like it.
    """
    from prompt_toolkit.validation import ValidationError, Validator

    class Entry(Validator):
        def validate(self, document: Any) -> None:
            verdict = check(document.text)
            if verdict is not True:
                raise ValidationError(message=note(str(verdict), width), cursor_position=len(document.text))

    return Entry()


def _message_under_entry(question_: Any) -> None:
    """Show the message about a refused entry right under it, on as many lines as it is wrapped to.

    prompt_toolkit lets the entry's window grow to the bottom of the terminal, so the message
    (a toolbar below it) was drawn on the last row, far from the entry; and the toolbar is
    one line high, which cut a message at the screen edge ("did you mean 150 umol/L?" lost).
    """
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.controls import BufferControl

    for window in question_.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if isinstance(window.content, BufferControl):
            window.dont_extend_height = to_filter(True)
        elif window.height == 1 and "ValidationToolbar" in getattr(text, "__qualname__", ""):
            window.height = None


def ask_multi(q: MultiQuestion, prompt: Prompt, rows: list[int] | None = None, **io: Any) -> Answer | Back | Evidence:
    """A set of options, ticked with the space bar; an exclusive option stands alone; Back is chosen with Enter."""
    import questionary

    width = width_of(io)
    before = prompt.default if isinstance(prompt.default, tuple) else ()
    choices: list[Any] = [questionary.Choice(label(o.label, width, CHECKBOX), value=o.id, checked=o.id in before,
                                             description=_about(o.help, width)) for o in q.options]
    if prompt.can_go_back:
        choices += [questionary.Separator(), questionary.Choice(BACK_LABEL, value=BACK_VALUE)]
    exclusive = {o.id: o.label for o in q.options if o.exclusive}

    def validate(chosen: list[str]) -> bool | str:
        if not chosen:
            return "tick at least one answer (space bar), then Enter"
        alone = [exclusive[c] for c in chosen if c in exclusive]
        if alone and len(chosen) > 1:
            return f'"{alone[0]}" cannot be combined with other answers'
        return True

    asked = questionary.checkbox(question(f"{prompt.number}.", q.text, width), choices=choices, validate=validate,
                                 qmark=f"{prompt.number}.", instruction=intro(q, width, "space to tick, Enter when done"),
                                 erase_when_done=True, **io)
    _keys(asked, ticks=True)
    _back_is_chosen(asked)
    reply = _run(asked)
    if reply is None:
        raise InputClosed()
    if isinstance(reply, Evidence):
        return reply
    if reply == BACK_VALUE:
        return BACK
    _count(rows, answered(prompt, q.text, "; ".join(o.label for o in q.options if o.id in reply), width, io))
    return tuple(o.id for o in q.options if o.id in reply)


def ask_number(q: NumericQuestion, prompt: Prompt, rows: list[int] | None = None,
               **io: Any) -> Answer | Measured | Back | Evidence:
    """A number, in the question's unit or another it accepts, checked on Enter; a refused entry stays
    on the line to be edited, and a value outside the typical range is confirmed before it is taken."""
    import questionary

    width = width_of(io)
    back = "; b to go back" if prompt.can_go_back else ""
    unknown = f"; u if not known ({q.unknown.label})" if q.unknown is not None else ""
    default = (prompt.default.typed if isinstance(prompt.default, Measured)
               else fmt_num(prompt.default) if isinstance(prompt.default, float)
               else UNKNOWN if prompt.default == UNKNOWN else "")
    while True:
        asked = questionary.text(
            question(f"{prompt.number}.", f"{q.text} [{q.unit}]", width),
            default=default,
            validate=entry_validator(number_validator(q, prompt.can_go_back), width),
            validate_while_typing=False,
            instruction=intro(q, width, f"{allowed_values(q._replace(unknown=None))}{unknown}{back}") + "\n"
            + " " * POINTER + ">",
            qmark=f"{prompt.number}.",
            erase_when_done=True,
            **io,
        )
        _message_under_entry(asked)
        reply = _run(asked)
        if reply is None:
            raise InputClosed()
        if prompt.can_go_back and reply.strip().lower() in BACK_WORDS:
            return BACK
        if reply.strip() in EVIDENCE_WORDS:
            return Evidence()
        if q.unknown is not None and reply.strip().lower() in UNKNOWN_WORDS:
            _count(rows, answered(prompt, f"{q.text} [{q.unit}]", q.unknown.label, width, io))
            return UNKNOWN
        value = read_number(q, reply)
        unusual = implausible(q, value.value, value.typed) if isinstance(value, Measured) else implausible(q, value)
        if not unusual or _keep(unusual, width, **io):
            typed = value.typed if isinstance(value, Measured) else ""
            _count(rows, answered(prompt, f"{q.text} [{q.unit}]",
                                  shown(q, value.value if isinstance(value, Measured) else value, typed), width, io))
            return value
        default = reply  # entered again: the last entry, to edit rather than retype


def _keep(unusual: str, width: int, **io: Any) -> bool:
    """Whether an unusual value is kept: the sentence says why it looks wrong and what may have been meant."""
    import questionary

    reply = questionary.select(question("!", unusual, width), choices=[questionary.Choice("Enter it again", value=False),
                                                                       questionary.Choice("Keep it", value=True)],
                               qmark="!", instruction=" ", erase_when_done=True, **io)
    _keys(reply)
    kept = _run(reply)
    if kept is None or isinstance(kept, Evidence):
        return False
    return bool(kept)


def answered(prompt: Prompt, text: str, shown: str, width: int, io: dict[str, Any]) -> int:
    """The question and its answer, wrapped, where the prompt was (questionary's own answered line is
    one long line, cut at the screen edge); the number of rows it takes."""
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    number = f"{prompt.number}."
    asked, given = question(number, text, width), label(shown, width, POINTER + 3)
    print_formatted_text(FormattedText([("bold", number), ("", " " + asked + "\n"),
                                        ("", " " * POINTER + "-> "), ("bold", given)]),
                         output=io.get("output"))
    return asked.count("\n") + given.count("\n") + 2


def default_evidence(prompt: Prompt, width: int) -> int:
    import sys

    from lnnav.cli.prompt_text import evidence

    shown = evidence(prompt.node.help, width)
    print(f"\n{shown}\n", file=sys.stderr)
    return shown.count("\n") + 3


def _erase(output: Any, rows: int) -> None:
    """Take back the last ``rows`` rows written above the cursor (the cursor is at the start of a row)."""
    if rows > 0:
        output.cursor_up(rows)
        output.write_raw("\r")
        output.erase_down()
        output.flush()


def make_ask(show_help: Callable[[Prompt], int | None],
             show_evidence: Callable[[Prompt, int], int | None] | None = None, **io: Any) -> Ask:
    """An ``ask`` for the engine that puts each question to a person.

    Going Back takes the earlier question's answered lines (and what was shown with it) off the
    screen before it is asked again, so that an answer given up on is not left above its question.
    This needs to know how many rows each callback wrote: one that returns None (rows unknown)
    leaves the screen as it is.

    Args:
        show_help: called with each prompt before it is shown; the rows it wrote.
        show_evidence: shows a question's whole help when the person asks for it (``?``),
            given the screen width; the question is then put again. The rows it wrote.
        io: ``input``/``output`` for prompt_toolkit (tests pass a pipe input).
    """

    if "output" not in io:
        import sys

        from prompt_toolkit.output import create_output

        # prompts belong on stderr, so that stdout carries only the result
        io["output"] = create_output(stdout=sys.stderr)
    evidence = show_evidence or default_evidence
    printed: dict[int, int | None] = {}  # by question number: the rows on the screen for its question

    def ask(prompt: Prompt) -> Answer | Measured | Back:
        here: int | None = show_help(prompt)
        while True:
            reply: Answer | Measured | Back | Evidence
            rows: list[int] = []
            try:
                if isinstance(prompt.node, Question):
                    reply = ask_choice(prompt.node, prompt, rows, **io)
                elif isinstance(prompt.node, MultiQuestion):
                    reply = ask_multi(prompt.node, prompt, rows, **io)
                else:
                    reply = ask_number(prompt.node, prompt, rows, **io)
            except EOFError:
                raise InputClosed() from None
            if isinstance(reply, Back):
                before = printed.pop(prompt.number - 1, 0)
                if here is not None and before is not None:
                    _erase(io["output"], here + before)
                return reply
            if not isinstance(reply, Evidence):
                printed[prompt.number] = None if here is None else here + sum(rows)
                return reply
            shown = evidence(prompt, width_of(io))
            here = None if here is None or shown is None else here + shown
            if reply.ticked:
                prompt = prompt._replace(default=reply.ticked)

    return ask


def confirm_record(lines: list[tuple[str, str]], origin: str, **io: Any) -> set[str]:
    """The values taken from the patient's record, confirmed or edited in one step: every value is
    ticked; Enter keeps the ticked ones, and an unticked one is asked when its question comes up.

    Args:
        lines: (question id, what is shown: question, value with unit, date, resource) per value.
        origin: the record file, for the heading.
    """
    import questionary

    if "output" not in io:
        import sys

        from prompt_toolkit.output import create_output

        io["output"] = create_output(stdout=sys.stderr)
    width = width_of(io)
    choices = [questionary.Choice(label(text, width, CHECKBOX), value=qid, checked=True) for qid, text in lines]
    asked = questionary.checkbox(
        question("*", f"From the patient's record ({echo(origin)}):", width),
        choices=choices,
        qmark="*",
        instruction="\n" + note("(Enter to use the ticked values; space to untick one you want to enter yourself)",
                                width, POINTER),
        erase_when_done=True,
        **io,
    )
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)  # ends the consult as at any question (no evidence to show here)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError())

    app = asked.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
    try:
        reply = asked.unsafe_ask()
    except EOFError:
        raise InputClosed() from None
    if reply is None:
        raise InputClosed()
    kept = set(reply)
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    for qid, text in lines:
        said = "from the record" if qid in kept else "to enter"
        print_formatted_text(FormattedText([("bold", "*"), ("", f" {label(text, width, 2)}"),
                                            ("", f"\n   -> {said}\n")]), output=io.get("output"))
    return kept

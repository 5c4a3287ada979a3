"""`lnnav consult`: a consult, interactive at a terminal or scripted from answers."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from lnnav.base.errors import InputClosed, UsageError
from lnnav.cli.app import (
    Format,
    app,
    check_writable,
    console,
    guideline_dir,
    one_file,
    pick_format,
    say,
    warn,
    write_json,
    write_output,
)

if TYPE_CHECKING:  # the core is imported where it is used: `lnnav --help` stays near Typer's own start-up time
    from lnnav.engine.answers import AnswerSet
    from lnnav.engine.walk import Back, Prompt, Walk
    from lnnav.model.conditions import Answer
    from lnnav.model.guideline import Guideline
    from lnnav.model.units import Measured
    from lnnav.output.worksheet import Part


@app.command()
def consult(
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    answers_given: Annotated[list[Path] | None, typer.Option("--answers", metavar="FILE",
                                                             help="YAML or JSON answers: question id -> option id "
                                                                  "or number; a scenario or a record works too.")
                             ] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", metavar="ID=VALUE",
                                                   help="One answer; repeatable; wins over --answers.")] = None,
    fmt: Annotated[Format | None, typer.Option("--format", help="Output format (default: from the --output file "
                                                                "name, else text).")] = None,
    output: Annotated[Path | None, typer.Option("--output", metavar="FILE",
                                                help="Write the result here (- for standard output).")] = None,
    brief: Annotated[bool, typer.Option("--brief", help="Text: the card alone (recommendation, grade, what to do, "
                                                        "alert titles).")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="At a terminal, print a long result straight "
                                                              "through instead of paging it.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add the teaching trace: definitions, thresholds and "
                                                            "why each answer led where it did.")] = False,
    save: Annotated[Path | None, typer.Option("--save", metavar="FILE",
                                              help="Save a session record (JSON) for `lnnav replay`; an "
                                                   "interrupted consult saves the answers so far.")] = None,
    ask_missing: Annotated[bool, typer.Option("--ask-missing",
                                              help="At a terminal, ask the questions --answers/--set leave open "
                                                   "instead of stopping (how an interrupted consult resumes).")] = False,
    worksheet: Annotated[bool, typer.Option("--worksheet", help="Handout (html, markdown): the case and the questions, "
                                                                "without the answers.")] = False,
    answer_key: Annotated[bool, typer.Option("--answer-key", help="Handout (html, markdown): the rest, the answers, "
                                                                  "recommendation and explanation.")] = False,
) -> int:
    """Walk the guideline to a sourced recommendation: the card first, then the details."""
    from lnnav.engine.answers import AnswerSet
    from lnnav.format.loader import load_or_raise

    answers = one_file(answers_given, "--answers")  # a list only to refuse a second one (which would win?)
    scripted = answers is not None or bool(sets)
    if not scripted and not sys.stdin.isatty():
        raise UsageError("no answers given and standard input is not a terminal: "
                         "use --answers FILE or --set ID=VALUE (see lnnav consult --help)")
    given_fmt, fmt = fmt, pick_format(fmt, output)
    keep = ((answers, "the --answers file"),)
    check_writable(output, keep=keep)
    check_writable(save, keep=(*keep, (output, "the --output file")))
    part = handout_part(worksheet, answer_key, fmt)
    g = load_or_raise(guideline_dir(guideline))
    case = given_answers(answers, sets or [], g) if scripted else AnswerSet()
    if case.guideline and case.guideline != g.id:
        from lnnav.base.text import echo

        warn(f'{case.origin} is a record of guideline "{echo(case.guideline)}", not "{g.id}": its answers are '
             "checked against this one")
    if scripted and not ((ask_missing or case.incomplete) and sys.stdin.isatty()):
        walk = walk_given(g, case)
    else:
        from lnnav.engine.answers import resolve

        again = Again(guideline=guideline, save=save, output=output, fmt=given_fmt,
                      explain=explain, no_color=no_color, brief=brief, part=part)
        walk = interactive_walk(g, no_color=no_color, again=again, prefill=resolve(g, case))
    if save is not None:
        from lnnav.engine import record

        record.write(save, record.build(walk, title=case.title, description=case.description))
        say(f"lnnav: record saved to {save}")
    emit(walk, fmt, output, no_color=no_color, explain=explain, title=case.title, description=case.description,
         brief=brief, pager=not no_pager, part=part)
    return 0


def handout_part(worksheet: bool, answer_key: bool, fmt: Format) -> Part:
    """Which part of a handout --worksheet / --answer-key ask for (a handout is HTML or Markdown)."""
    if worksheet and answer_key:
        raise UsageError("--worksheet and --answer-key are the two halves of a handout: give one of them")
    if (worksheet or answer_key) and fmt not in (Format.html, Format.markdown):
        raise UsageError(f"--{'worksheet' if worksheet else 'answer-key'} makes a handout: use --format html or "
                         "markdown")
    return "worksheet" if worksheet else "answer-key" if answer_key else "full"


def given_answers(answers_file: Path | None, sets: list[str], g: Guideline) -> AnswerSet:
    """The answers file for ``g`` (a plain mapping, a scenario or a record) with --set on top."""
    from lnnav.engine.answers import AnswerSet, load_answers, parse_sets

    given = load_answers(answers_file, g) if answers_file is not None else AnswerSet()
    return given.merged(parse_sets(sets))


def scripted_walk(g: Guideline, answers_file: Path | None, sets: list[str]) -> Walk:
    return walk_given(g, given_answers(answers_file, sets, g))


def walk_given(g: Guideline, given: AnswerSet) -> Walk:
    """A scripted consult; answers the path never asked are reported as warnings."""
    from lnnav.engine.answers import Scripted, resolve
    from lnnav.engine.walk import navigate

    lookup = Scripted(g, resolve(g, given))
    walk = navigate(g, lookup)
    warn_unused(lookup.unused())
    for said in walk.warnings:  # a scripted consult cannot ask "did you mean ...?": it says so
        warn(said)
    return walk


def warn_unused(question_ids: list[str]) -> None:
    """Answers given for questions the path never asked: said, not silently dropped."""
    for qid in question_ids:
        warn(f'answer for "{qid}" was not used: the consult did not ask it on this path')


class Again(NamedTuple):
    """The options of a consult that its resume line must give again."""

    guideline: Path | None = None
    save: Path | None = None
    output: Path | None = None
    fmt: Format | None = None
    explain: bool = False
    no_color: bool = False
    brief: bool = False
    part: str = "full"  # a handout's half: "worksheet" or "answer-key"

    def args(self) -> list[str]:
        out: list[str] = []
        for flag, path in (("--guideline", self.guideline), ("--save", self.save), ("--output", self.output)):
            out += [flag, str(path)] if path is not None else []
        out += ["--format", self.fmt.value] if self.fmt is not None else []
        out += [flag for flag, on in (("--explain", self.explain), ("--no-color", self.no_color),
                                      ("--brief", self.brief)) if on]
        return out + ([f"--{self.part}"] if self.part != "full" else [])


def _typed(value: Answer | Measured) -> str:
    """An answer as --set takes it back."""
    from lnnav.model.guideline import fmt_num
    from lnnav.model.units import Measured

    if isinstance(value, Measured):
        return value.typed
    if isinstance(value, tuple):
        return ",".join(value)
    return fmt_num(value) if isinstance(value, float) else value


class _Recorder:
    """Keeps the answers given so far, so that an interrupted consult can be resumed."""

    def __init__(self, again: Again | None = None) -> None:
        self.given: dict[str, Answer | Measured] = {}
        self.again = again or Again()

    def resume_hint(self) -> str:
        args = ["lnnav", "consult", "--ask-missing"]
        for k, v in self.given.items():
            args += ["--set", f"{k}={_typed(v)}"]
        return " ".join(shlex.quote(a) for a in args + self.again.args())


def interactive_walk(g: Guideline, *, no_color: bool, again: Again | None = None,
                     prefill: dict[str, Answer | Measured] | None = None) -> Walk:
    """A consult at the terminal; ``prefill`` answers are taken as given the first time
    their question comes up (going Back to one asks it, with that answer offered).

    However it stops (Ctrl-C, end of input), the answers given so far are kept: the
    resume line gives them back with every option, and ``--save`` writes them as an
    incomplete record that ``consult --answers`` resumes from.
    """
    from rich.text import Text

    from lnnav.cli.app import interactive_memory
    from lnnav.cli.prompts import make_ask
    from lnnav.engine.walk import Back, navigate

    interactive_memory()

    err = console(stderr=True, no_color=no_color)
    err.print(Text(f"{g.title} (version {g.version}, last reviewed {g.last_reviewed})", style="bold"))
    err.print(Text("lnnav supports, and does not replace, clinical judgement. Ctrl-C stops.", style="italic"))

    def show_help(prompt: Prompt) -> None:
        """Nothing before a question: its definition line is part of the prompt, the evidence one key away."""

    def show_evidence(prompt: Prompt, width: int) -> None:
        from lnnav.cli.prompt_text import evidence

        err.print()
        err.print(Text(evidence(prompt.node.help, width), style="dim"), soft_wrap=True)
        err.print()

    recorder = _Recorder(again)
    inner = make_ask(show_help, show_evidence)
    asked: list[str] = []
    pending = dict(prefill or {})

    def ask(prompt: Prompt) -> Answer | Measured | Back:
        reply = pending.pop(prompt.node.id) if prompt.node.id in pending else inner(prompt)
        if isinstance(reply, Back):
            if asked:
                recorder.given.pop(asked.pop(), None)
        else:
            recorder.given[prompt.node.id] = reply
            asked.append(prompt.node.id)
        return reply

    from lnnav.base.errors import Stopped
    from lnnav.cli.stopping import shielded, stop_on_signals

    with stop_on_signals() as received:
        try:
            walk = navigate(g, ask)
        except BaseException as exc:
            # however it stops (Ctrl-C, kill -INT, SIGTERM, a closed terminal, end of input), what was typed
            # is kept; after SIGHUP, the prompt may end with the terminal's own error instead of Stopped
            if not (received.signum or isinstance(exc, (KeyboardInterrupt, EOFError, InputClosed))):
                raise
            if recorder.given:
                with shielded():
                    save = recorder.again.save
                    if save is not None:
                        _save_partial(g, recorder.given, save)
                    say(f"\nlnnav: to resume where you stopped: {recorder.resume_hint()}")
            if received.signum and not isinstance(exc, Stopped):
                raise Stopped(received.signum) from None
            raise
    warn_unused(list(pending))
    return walk


def _save_partial(g: Guideline, given: dict[str, Answer | Measured], save: Path) -> None:
    from lnnav.base.errors import LnnavError
    from lnnav.engine import record

    try:
        record.write(save, record.build_partial(g, given))
    except LnnavError as exc:  # the interruption is the news; a failed save is said, not raised over it
        say(f"\nlnnav: warning: {exc.message}")
        return
    say(f"\nlnnav: answers so far saved to {save} (an incomplete record: lnnav consult --answers {save} "
        "resumes it)")


def emit(walk: Walk, fmt: Format, output: Path | None, *, no_color: bool, explain: bool = False, title: str = "",
         description: str = "", brief: bool = False, pager: bool = True, part: Part = "full") -> None:
    """Render a consult in ``fmt``; ``title`` and ``description`` are the scenario's, for handouts."""
    ex = None
    if explain:
        from lnnav.engine.explain import explain as explain_walk

        ex = explain_walk(walk)
    if fmt is Format.json:
        from lnnav.output.report import to_data

        write_json(to_data(walk, ex), output)
    elif fmt is Format.markdown:
        from lnnav.output.markdown import to_markdown

        write_output(to_markdown(walk, title=title, description=description, explanation=ex, part=part), output)
    elif fmt is Format.html:
        from lnnav.output.html import to_html

        write_output(to_html(walk, title=title, description=description, explanation=ex, part=part), output,
                     fallback="html")
    else:
        from lnnav.cli.textout import emit_text
        from lnnav.output.card import result

        emit_text(result(walk, ex, brief=brief), output, no_color=no_color, pager=pager)

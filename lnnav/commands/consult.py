"""`lnnav consult`: a consult, interactive at a terminal or scripted from answers."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lnnav.app import Format, app, console, guideline_dir, warn, write_output
from lnnav.errors import InputClosed, UsageError

if TYPE_CHECKING:  # the core is imported where it is used: `lnnav --help` stays near Typer's own start-up time
    from rich.console import Console

    from lnnav.answers import AnswerSet
    from lnnav.conditions import Answer
    from lnnav.engine import Back, Prompt, Walk
    from lnnav.model import Guideline


@app.command()
def consult(
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    answers: Annotated[Path | None, typer.Option("--answers", metavar="FILE",
                                                 help="YAML or JSON answers: question id -> option id or "
                                                      "number.")] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", metavar="ID=VALUE",
                                                   help="One answer; repeatable; wins over --answers.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", metavar="FILE", help="Write the result here.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add the teaching trace: definitions, thresholds and "
                                                            "why each answer led where it did.")] = False,
    save: Annotated[Path | None, typer.Option("--save", metavar="FILE",
                                              help="Save a session record (JSON) for `lnnav replay`.")] = None,
    ask_missing: Annotated[bool, typer.Option("--ask-missing",
                                              help="At a terminal, ask the questions --answers/--set leave open "
                                                   "instead of stopping (how an interrupted consult resumes).")] = False,
) -> int:
    """Walk the guideline to a sourced recommendation."""
    from lnnav.answers import AnswerSet
    from lnnav.loader import load_or_raise

    scripted = answers is not None or bool(sets)
    if not scripted and not sys.stdin.isatty():
        raise UsageError("no answers given and standard input is not a terminal: "
                         "use --answers FILE or --set ID=VALUE (see lnnav consult --help)")
    g = load_or_raise(guideline_dir(guideline))
    case = given_answers(answers, sets or []) if scripted else AnswerSet()
    if scripted and not (ask_missing and sys.stdin.isatty()):
        walk = walk_given(g, case)
    else:
        from lnnav.answers import resolve

        walk = interactive_walk(g, no_color=no_color, folder=guideline, prefill=resolve(g, case))
    if save is not None:
        from lnnav import record

        record.write(save, record.build(walk, title=case.title, description=case.description))
        print(f"lnnav: record saved to {save}", file=sys.stderr)
    emit(walk, fmt, output, no_color=no_color, explain=explain, title=case.title, description=case.description)
    return 0


def given_answers(answers_file: Path | None, sets: list[str]) -> AnswerSet:
    """The answers file (a plain mapping, a scenario or a record) with --set on top."""
    from lnnav.answers import AnswerSet, load_answers, parse_sets

    given = load_answers(answers_file) if answers_file is not None else AnswerSet()
    return given.merged(parse_sets(sets))


def scripted_walk(g: Guideline, answers_file: Path | None, sets: list[str]) -> Walk:
    return walk_given(g, given_answers(answers_file, sets))


def walk_given(g: Guideline, given: AnswerSet) -> Walk:
    """A scripted consult; answers the path never asked are reported as warnings."""
    from lnnav.answers import Scripted, resolve
    from lnnav.engine import navigate

    lookup = Scripted(g, resolve(g, given))
    walk = navigate(g, lookup)
    warn_unused(lookup.unused())
    return walk


def warn_unused(question_ids: list[str]) -> None:
    """Answers given for questions the path never asked: said, not silently dropped."""
    for qid in question_ids:
        warn(f'answer for "{qid}" was not used: the consult did not ask it on this path')


class _Recorder:
    """Keeps the answers given so far, so that an interrupted consult can be resumed."""

    def __init__(self, folder: Path | None = None) -> None:
        self.given: dict[str, Answer] = {}
        self.folder = folder  # a guideline given with --guideline, to be given again

    def resume_hint(self) -> str:
        from lnnav.model import fmt_num

        sets = " ".join(f"--set {shlex.quote(f'{k}={fmt_num(v) if isinstance(v, float) else v}')}"
                        for k, v in self.given.items())
        where = f" --guideline {shlex.quote(str(self.folder))}" if self.folder is not None else ""
        return f"lnnav consult --ask-missing {sets}".rstrip() + where


def interactive_walk(g: Guideline, *, no_color: bool, folder: Path | None = None,
                     prefill: dict[str, Answer] | None = None) -> Walk:
    """A consult at the terminal; ``prefill`` answers are taken as given the first time
    their question comes up (going Back to one asks it, with that answer offered)."""
    from rich.text import Text

    from lnnav.engine import Back, navigate
    from lnnav.prompts import make_ask

    err = console(stderr=True, no_color=no_color)
    err.print(Text(f"{g.title} (version {g.version}, last reviewed {g.last_reviewed})", style="bold"))
    err.print(Text("lnnav supports, and does not replace, clinical judgement. Ctrl-C stops.", style="italic"))

    def show_help(prompt: Prompt) -> None:
        err.print()
        if prompt.node.help:
            err.print(Text(prompt.node.help.strip(), style="dim"))

    recorder = _Recorder(folder)
    inner = make_ask(show_help)
    asked: list[str] = []
    pending = dict(prefill or {})

    def ask(prompt: Prompt) -> Answer | Back:
        reply = pending.pop(prompt.node.id) if prompt.node.id in pending else inner(prompt)
        if isinstance(reply, Back):
            if asked:
                recorder.given.pop(asked.pop(), None)
        else:
            recorder.given[prompt.node.id] = reply
            asked.append(prompt.node.id)
        return reply

    try:
        walk = navigate(g, ask)
    except (KeyboardInterrupt, EOFError, InputClosed):  # however it stops, what was typed is kept
        if recorder.given:
            print(f"\nlnnav: to resume where you stopped: {recorder.resume_hint()}", file=sys.stderr)
        raise
    warn_unused(list(pending))
    return walk


def emit(walk: Walk, fmt: Format, output: Path | None, *, no_color: bool, explain: bool = False, title: str = "",
         description: str = "") -> None:
    """Render a consult in ``fmt``; ``title`` and ``description`` are the scenario's, for handouts."""
    ex = None
    if explain:
        from lnnav.explain import explain as explain_walk

        ex = explain_walk(walk)
    if fmt is Format.json:
        from lnnav.report import to_data

        write_output(json.dumps(to_data(walk, ex), indent=2, ensure_ascii=False), output)
    elif fmt is Format.markdown:
        from lnnav.markdown import to_markdown

        write_output(to_markdown(walk, title=title, description=description, explanation=ex), output)
    elif fmt is Format.html:
        from lnnav.html import to_html

        write_output(to_html(walk, title=title, description=description, explanation=ex), output)
    else:
        from lnnav.render import explanation_panel, outcome_panel

        def draw(c: Console) -> None:
            c.print(outcome_panel(walk))
            if ex is not None:
                c.print(explanation_panel(ex))

        if output is None:
            draw(console(no_color=no_color))
        else:
            import io

            buf = io.StringIO()
            draw(console(buf, no_color=True))
            write_output(buf.getvalue(), output)

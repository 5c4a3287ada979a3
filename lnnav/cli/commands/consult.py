"""`lnnav consult`: a consult, interactive at a terminal or scripted from answers."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lnnav.base.errors import InputClosed, UsageError
from lnnav.base.records import NamedTuple
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
    import datetime as dt

    from lnnav.engine.answers import AnswerSet
    from lnnav.engine.prefill import Prefilled
    from lnnav.engine.walk import Back, Origin, Prompt, Walk
    from lnnav.model.conditions import Answer
    from lnnav.model.guideline import AskNode, Guideline
    from lnnav.model.units import Measured
    from lnnav.output.worksheet import Listing, Part


class WorksheetQuestions(str, Enum):
    """The questions a worksheet lists (lnnav.output.worksheet.Listing)."""

    every = "every"
    path = "path"
    none = "none"


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
    fhir: Annotated[Path | None, typer.Option("--fhir", metavar="FILE",
                                              help="Prefill from the patient's record, a FHIR R4 Bundle (JSON; - "
                                                   "reads standard input); --answers and --set win over it.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="With --fhir: read the record as of this day (default: today), "
                                                   "for a teaching case from an old record.")] = None,
    worksheet_questions: Annotated[WorksheetQuestions | None, typer.Option(
        "--worksheet-questions", help="With --worksheet, the questions it lists: every (the default) question of every "
                                      "branch the case could take, so that the list does not give the way away; "
                                      "path, the questions this consult asked, in order (it shows the branch); none, "
                                      "the case facts only.", show_default=False)] = None,
) -> int:
    """Walk the guideline to a sourced recommendation: the card first, then the details."""
    from lnnav.engine.answers import AnswerSet
    from lnnav.format.loader import load_or_raise

    answers = one_file(answers_given, "--answers")  # a list only to refuse a second one (which would win?)
    day = record_day(as_of, fhir)
    scripted = answers is not None or bool(sets) or fhir is not None
    if not scripted and not sys.stdin.isatty():
        raise UsageError("no answers given and standard input is not a terminal: "
                         "use --answers FILE or --set ID=VALUE (see lnnav consult --help)")
    given_fmt, fmt = fmt, pick_format(fmt, output)
    keep = ((answers, "the --answers file"), (fhir, "the --fhir record"))
    check_writable(output, keep=keep)
    check_writable(save, keep=(*keep, (output, "the --output file")))
    part = handout_part(worksheet, answer_key, fmt)
    if worksheet_questions is not None and not worksheet:
        raise UsageError("--worksheet-questions says which questions a worksheet lists: add --worksheet")
    listing = (worksheet_questions or WorksheetQuestions.every).value
    g = load_or_raise(guideline_dir(guideline))
    case = given_answers(answers, sets or [], g) if answers is not None or sets else AnswerSet()
    if case.guideline and case.guideline != g.id:
        from lnnav.base.text import echo

        warn(f'{case.origin} is a record of guideline "{echo(case.guideline)}", not "{g.id}": its answers are '
             "checked against this one")
    from_record = record_answers(g, fhir, case, day) if fhir is not None else {}
    reading_stdin = fhir is not None and str(fhir) == "-"
    at_terminal = sys.stdin.isatty() and not reading_stdin
    if scripted and not ((ask_missing or case.incomplete or fhir is not None) and at_terminal):
        walk = walk_given(g, case, from_record, tracked=fhir is not None)
    else:
        from lnnav.engine.answers import resolve

        again = Again(guideline=guideline, save=save, output=output, fmt=given_fmt,
                      explain=explain, no_color=no_color, brief=brief, part=part, fhir=fhir, as_of=as_of,
                      listing=listing)
        walk = interactive_walk(g, no_color=no_color, again=again, prefill=resolve(g, case), case=case,
                                from_record=from_record, record_origin=str(fhir or ""))
    if save is not None:
        from lnnav.engine import record

        record.write(save, record.build(walk, title=case.title, description=case.description))
        say(f"lnnav: record saved to {save}")
    emit(walk, fmt, output, no_color=no_color, explain=explain, title=case.title, description=case.description,
         brief=brief, pager=not no_pager, part=part, listing=listing)
    return 0


def _listing(value: str) -> Listing:
    from lnnav.output.worksheet import LISTINGS

    return next(v for v in LISTINGS if v == value)


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


def walk_given(g: Guideline, given: AnswerSet, from_record: dict[str, Prefilled] | None = None, *,
               tracked: bool = False) -> Walk:
    """A scripted consult; answers the path never asked are reported as warnings.

    ``from_record``: answers from the patient's record, under the given ones (a record's
    value the path never asks is not worth a warning: the record holds what it holds).
    ``tracked``: say where each answer came from (set when a record was read).
    """
    from lnnav.engine.answers import Scripted, resolve
    from lnnav.engine.walk import navigate

    record = dict(from_record or {})
    values = resolve(g, given)
    lookup = Scripted(g, {**{k: p.value for k, p in record.items()}, **values})

    def ask(prompt: Prompt) -> Answer | Measured | Back:
        qid = prompt.node.id
        if qid in record and qid not in values and not _offered(prompt.node, record[qid].value):
            warn(f'the record answers "{qid}" with "{record.pop(qid).shown}", which is not an answer here; not used')
            lookup.values.pop(qid)
        return lookup(prompt)

    walk = navigate(g, ask)
    warn_unused([q for q in lookup.unused() if q not in record])
    for said in walk.warnings:  # a scripted consult cannot ask "did you mean ...?": it says so
        warn(said)
    if not (tracked or given.sources):
        return walk
    from lnnav.engine.record import with_origins  # here: a plain answers file needs no record machinery

    return with_origins(walk, lambda qid: record[qid].origin if qid in record and qid not in values
                        else given.origin_of(qid))


def _offered(node: AskNode, value: Answer | Measured) -> bool:
    from lnnav.engine.prefill import offered  # only a consult that read a patient's record asks

    return offered(node, value)


def record_day(as_of: str | None, fhir: Path | None) -> dt.date:
    """The day the record is read as of: --as-of, or today."""
    import datetime as dt

    if as_of is None:
        return dt.date.today()
    if fhir is None:
        raise UsageError("--as-of is the day a patient's record is read as of: give it with --fhir FILE")
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        from lnnav.base.text import echo

        raise UsageError(f'--as-of takes a date, YYYY-MM-DD, got "{echo(as_of)}"') from None


def record_answers(g: Guideline, fhir: Path, case: AnswerSet, day: dt.date) -> dict[str, Prefilled]:
    """The answers the patient's record gives on ``day``, less those --answers or --set give (they win);
    what the record holds but cannot answer with is said on stderr."""
    from lnnav.engine.prefill import prefill
    from lnnav.format.fhir import read_bundle

    record = read_bundle(_record_bytes(fhir), "standard input" if str(fhir) == "-" else str(fhir))
    got = prefill(g, record, day)
    for said in got.notes:
        warn(f"{record.origin}: {said}")
    return {qid: p for qid, p in got.answers.items() if qid not in case.given}


def _record_bytes(fhir: Path) -> bytes:
    from lnnav.base.errors import RecordError
    from lnnav.base.files import Unreadable, read_bytes

    if str(fhir) == "-":
        return sys.stdin.buffer.read()
    if not fhir.exists():
        raise RecordError(f"{fhir}: record file not found")
    try:
        return read_bytes(fhir, pipes=True)
    except (Unreadable, OSError) as exc:
        raise RecordError(f"{fhir}: cannot be read: {exc}") from None


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
    fhir: Path | None = None  # the record is read again: its values are confirmed again
    as_of: str | None = None
    listing: str = "every"  # the questions a worksheet lists

    def args(self) -> list[str]:
        out: list[str] = []
        for flag, path in (("--guideline", self.guideline), ("--save", self.save), ("--output", self.output),
                           ("--fhir", self.fhir)):
            out += [flag, str(path)] if path is not None else []
        out += ["--as-of", self.as_of] if self.as_of is not None else []
        out += ["--format", self.fmt.value] if self.fmt is not None else []
        out += [flag for flag, on in (("--explain", self.explain), ("--no-color", self.no_color),
                                      ("--brief", self.brief)) if on]
        out += [f"--{self.part}"] if self.part != "full" else []
        return out + (["--worksheet-questions", self.listing] if self.listing != "every" else [])


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
        self.origins: dict[str, Origin] = {}
        self.again = again or Again()

    def resume_hint(self) -> str:
        import shlex  # only an interrupted consult needs it

        args = ["lnnav", "consult", "--ask-missing"]
        for k, v in self.given.items():
            if self.origins.get(k) is None or self.origins[k].source != "record":  # --fhir gives those again
                args += ["--set", f"{k}={_typed(v)}"]
        return " ".join(shlex.quote(a) for a in args + self.again.args())


def interactive_walk(g: Guideline, *, no_color: bool, again: Again | None = None,
                     prefill: dict[str, Answer | Measured] | None = None, case: AnswerSet | None = None,
                     from_record: dict[str, Prefilled] | None = None, record_origin: str = "") -> Walk:
    """A consult at the terminal; ``prefill`` answers are taken as given the first time
    their question comes up (going Back to one asks it, with that answer offered).

    ``from_record`` answers (the patient's record) are listed first, with value, unit, date
    and resource, and confirmed or edited in one step: a value kept is taken like a given
    one; a value unticked is asked, offered as the default.

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

    def show_help(prompt: Prompt) -> int:
        """Nothing before a question: its definition line is part of the prompt, the evidence one key away."""
        return 0

    def show_evidence(prompt: Prompt, width: int) -> int:
        from lnnav.cli.prompt_text import evidence

        shown = evidence(prompt.node.help, width)
        err.print()
        err.print(Text(shown, style="dim"), soft_wrap=True)
        err.print()
        return shown.count("\n") + 3

    recorder = _Recorder(again)
    inner = make_ask(show_help, show_evidence)
    asked: list[str] = []
    pending = dict(prefill or {})
    given = case or AnswerSet()
    origin_of: dict[str, Origin] = {k: given.origin_of(k) for k in pending}
    record = dict(from_record or {})
    offered_first: dict[str, Answer | Measured] = {}  # record values unticked: asked, with the value as default
    if record:
        from lnnav.cli.prompts import confirm_record

        # a question asked again on another pathway (same_as) is the same measurement: listed once, kept with it
        same = {qid: rec.same_as for qid in record if (rec := getattr(g.nodes[qid], "record", None)) and rec.same_as}
        kept = confirm_record([(qid, _record_line(g, p)) for qid, p in record.items() if qid not in same],
                              record_origin)
        kept |= {qid for qid, first in same.items() if first in kept}
        for qid, p in record.items():
            if qid in kept:
                pending[qid] = p.value
                origin_of[qid] = p.origin
            else:
                offered_first[qid] = p.value

    def ask(prompt: Prompt) -> Answer | Measured | Back:
        from lnnav.engine.prefill import offered
        from lnnav.engine.walk import Origin

        qid = prompt.node.id
        reply: Answer | Measured | Back
        if qid in pending and qid in record and not offered(prompt.node, pending[qid]):
            pending.pop(qid)  # the record's answer is not one this question offers here (its condition)
            err.print(Text(f'lnnav: the record\'s answer to "{qid}" is not an answer here: asked instead', style="dim"))
        if qid in pending:
            reply = pending.pop(qid)
        else:
            if qid in offered_first and prompt.default is None:
                prompt = prompt._replace(default=offered_first.pop(qid))
            reply = inner(prompt)
            if not isinstance(reply, Back):
                origin_of[qid] = Origin("asked")
        if isinstance(reply, Back):
            if asked:
                recorder.given.pop(asked.pop(), None)
        else:
            recorder.given[qid] = reply
            recorder.origins[qid] = origin_of.get(qid, Origin("asked"))
            asked.append(qid)
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
                        _save_partial(g, recorder.given, save, recorder.origins if record or given.sources else None)
                    say(f"\nlnnav: to resume where you stopped: {recorder.resume_hint()}")
            if received.signum and not isinstance(exc, Stopped):
                raise Stopped(received.signum) from None
            raise
    warn_unused([q for q in pending if q not in record])
    if not (record or given.sources or (again is not None and again.fhir is not None)):
        return walk
    from lnnav.engine.record import with_origins
    from lnnav.engine.walk import Origin

    return with_origins(walk, lambda qid: origin_of.get(qid, Origin("asked")))


def _record_line(g: Guideline, p: Prefilled) -> str:
    """One value from the record, for the confirmation step: question, value and unit, date, resource."""
    from lnnav.base.text import echo
    from lnnav.model.guideline import node_text

    when = f", measured {p.origin.date}" if p.origin.date else ""
    return f"{node_text(g.nodes[p.question])}: {echo(p.shown, 200)} ({', '.join(p.origin.resources)}{when})"


def _save_partial(g: Guideline, given: dict[str, Answer | Measured], save: Path,
                  origins: dict[str, Origin] | None = None) -> None:
    from lnnav.base.errors import LnnavError
    from lnnav.engine import record

    try:
        record.write(save, record.build_partial(g, given, origins=origins))
    except LnnavError as exc:  # the interruption is the news; a failed save is said, not raised over it
        say(f"\nlnnav: warning: {exc.message}")
        return
    say(f"\nlnnav: answers so far saved to {save} (an incomplete record: lnnav consult --answers {save} "
        "resumes it)")


def emit(walk: Walk, fmt: Format, output: Path | None, *, no_color: bool, explain: bool = False, title: str = "",
         description: str = "", brief: bool = False, pager: bool = True, part: Part = "full",
         listing: str = "every") -> None:
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

        write_output(to_markdown(walk, title=title, description=description, explanation=ex, part=part,
                                 listing=_listing(listing)), output)
    elif fmt is Format.html:
        from lnnav.output.html import to_html

        write_output(to_html(walk, title=title, description=description, explanation=ex, part=part,
                             listing=_listing(listing)), output,
                     fallback="html")
    else:
        from lnnav.cli.textout import emit_text
        from lnnav.output.card import result

        emit_text(result(walk, ex, brief=brief), output, no_color=no_color, pager=pager)

"""`lnnav quiz`: a learner walks a scenario's vignette and is scored against its expected path."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lnnav.base.errors import UsageError
from lnnav.cli.app import app, check_writable, console, guideline_dir, one_file, refuse_rendered, write_json, write_output

if TYPE_CHECKING:  # the core is imported where it is used: `lnnav --help` stays near Typer's own start-up time
    from rich.console import Console

    from lnnav.engine.quiz import QuizResult
    from lnnav.engine.scenarios import Scenario
    from lnnav.engine.walk import Prompt, Walk
    from lnnav.model.guideline import Guideline
    from lnnav.output.layout import Block


class QuizFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def quiz(
    scenario: Annotated[str | None, typer.Argument(
        metavar="[SCENARIO]", help="A scenario file, or the name of one in the guideline's scenarios folder "
                                   "(default: one at random).")] = None,
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", metavar="N",
                                             help="Seed for the random choice, to get the same scenario.")] = None,
    answers_given: Annotated[list[Path] | None, typer.Option("--answers", metavar="FILE",
                                                 help="The learner's answers, YAML or JSON (scripted, for a class).")
                       ] = None,
    fmt: Annotated[QuizFormat, typer.Option("--format", help="Output format.")] = QuizFormat.text,
    output: Annotated[Path | None, typer.Option("--output", metavar="FILE", help="Write the result here.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the guideline's scenarios (name and title) and exit.")]
    = False,
) -> int:
    """Answer a scenario's questions yourself; see where your path and outcome differ, and a score."""
    from lnnav.cli.commands.consult import given_answers, walk_given
    from lnnav.cli.textout import width_for
    from lnnav.engine import quiz as core
    from lnnav.engine import scenarios
    from lnnav.engine.answers import Scripted, resolve
    from lnnav.engine.walk import navigate
    from lnnav.format.loader import display_path, load_or_raise

    answers = one_file(answers_given, "--answers")  # a list only to refuse a second one
    check_writable(output, keep=((answers, "the --answers file"),))
    refuse_rendered(output, "text or JSON")
    folder = guideline_dir(guideline)
    where = scenarios.default_dir(folder)
    if list_:
        write_output(scenario_list(where), output)
        return 0
    if answers is None and not sys.stdin.isatty():
        raise UsageError("no answers given and standard input is not a terminal: "
                         "use --answers FILE (see lnnav quiz --help)")
    g = load_or_raise(folder)
    path = core.find(scenario, where) if scenario else core.pick(core.scenario_files(where), seed)
    sc = scenarios.load(path)
    expected = navigate(g, Scripted(g, resolve(g, sc.answers)))
    if answers is not None:
        learner = walk_given(g, given_answers(answers, [], g))
    else:
        learner = learner_walk(g, sc, console(stderr=True, no_color=no_color))
    result = core.compare(expected, learner, title=sc.title, scenario=display_path(path), accept=sc.accept)
    if fmt is QuizFormat.json:
        write_json(core.to_data(result), output)
    else:
        write_output(result_text(result, width_for(output)), output)
    return 0


def learner_walk(g: Guideline, sc: Scenario, err: Console, **io: Any) -> Walk:
    """Show the vignette, then put each question to the learner (with Back), as a consult does.

    Args:
        g: the guideline.
        sc: the scenario whose vignette is shown.
        err: where the vignette and each question's help go (stderr).
        io: ``input``/``output`` for prompt_toolkit (tests pass a pipe input).
    """
    from rich.text import Text

    from lnnav.cli.app import interactive_memory
    from lnnav.cli.prompts import make_ask
    from lnnav.engine.walk import navigate

    interactive_memory()

    err.print(Text(f"Quiz: {sc.title}", style="bold"))
    err.print(Text(sc.description.strip()))
    err.print(Text("Answer as you would for this patient; the expected path and a score follow.", style="italic"))

    def show_help(prompt: Prompt) -> int:
        # the definition line is part of the prompt, the evidence one key away (as in a consult)
        err.print()
        return 1

    def show_evidence(prompt: Prompt, width: int) -> int:
        from lnnav.cli.prompt_text import evidence

        shown = evidence(prompt.node.help, width)
        err.print()
        err.print(Text(shown, style="dim"), soft_wrap=True)
        err.print()
        return shown.count("\n") + 3

    return navigate(g, make_ask(show_help, show_evidence, **io))


def result_text(r: QuizResult, width: int | None = None) -> str:
    """The quiz result as plain text, wrapped at ``width`` (COLUMNS, else 100) with hanging indents:
    question by question, where the paths parted (one sentence), the outcome and the score."""
    from lnnav.output.layout import lay_out_all, plain, text_width

    # the first line stays whole: it names the scenario file, to be copied
    return f"Quiz: {r.title} ({r.scenario})\n" + plain(lay_out_all(result_blocks(r), width or text_width()))


def result_blocks(r: QuizResult) -> list[Block]:
    from lnnav.output.layout import BLANK, Block, para

    def line(mark: str, text: str, indent: int = 0) -> Block:
        return Block(((text, ""),), mark, indent=indent)

    out = [BLANK]
    for n, q in enumerate(r.questions, start=1):
        yours = "not asked on your path" if q.status == "not asked" else f"yours: {q.given_label}: {q.status}"
        scored = "" if q.decisive or r.scored(q) else " (not decisive: the outcome does not depend on it; not scored)"
        out += [line(f"{n}.", q.text), line("expected:", f"{q.expected_label}; {yours}{scored}", 3)]
    if r.extra:
        out += [BLANK, para("Answered off the expected path:")]
        out += [line("-", f"{q.text}: {q.given_label}", 3) for q in r.extra]
    out.append(BLANK)
    d = r.divergence
    if d is None or d.expected is None:
        out.append(para("Your path is the expected one."))
    else:
        out += [para("First divergence:"), para(d.summary, indent=3)]
    out.append(BLANK)
    verdict = "right" if r.outcome_correct else "wrong"
    if r.outcome_alternative:
        verdict = "right (another valid path: the scenario accepts this outcome too)"
    out.append(para(f'Outcome: expected "{r.expected_title}", yours "{r.given_title}": {verdict}'))
    out.append(para(f"Score: {r.matched}/{r.total} decisive questions, outcome {verdict.split(' ')[0]}"))
    if r.not_asked:
        some = "1 question" if r.not_asked == 1 else f"{r.not_asked} questions"
        out.append(para(f"Not scored: {some} of the expected path that your path did not ask "
                        "(an earlier answer led elsewhere)."))
    return out


def scenario_list(folder: Path) -> str:
    """The scenarios a quiz can be given, one a line: the name to type, then the title."""
    from lnnav.base.errors import LnnavError
    from lnnav.engine import scenarios
    from lnnav.engine.quiz import scenario_files

    files = scenario_files(folder)
    if not files:
        raise UsageError(f"no scenarios in {folder}")
    width = max(len(p.stem) for p in files)
    lines = []
    for path in files:
        try:
            title = scenarios.load(path).title
        except LnnavError:
            title = "(cannot be read: run lnnav validate)"
        lines.append(f"{path.stem.ljust(width)}  {title}")
    return "\n".join(lines) + "\n"

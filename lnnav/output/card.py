"""A finished consult as text blocks: the card (bottom line first), then the details.

The card is what a clinician reads between two patients: the recommendation's
title, pathway and grade, what to do, and one line per alert. The details follow:
summary, alert texts, computed values, cautions, the path, the references and the
disclaimer. Blocks are laid out by lnnav.output.layout; no rich, no markup: guideline
text is carried as data in spans.
"""

from __future__ import annotations

from lnnav.base.text import one_line
from lnnav.engine.explain import Explanation, alert_sentence, step_facts, withheld_sentence
from lnnav.engine.walk import Walk
from lnnav.output.layout import BLANK, Block, marked, numbered, para
from lnnav.output.report import (
    NOT_OFFERED,
    SUPPORT_LINE,
    cite,
    computed_from,
    note_label,
    origin_note,
    ref_numbers,
    reference_text,
    refusals,
)

HEADING = "bold underline"


def heading(text: str) -> list[Block]:
    return [BLANK, para(text, HEADING)]




def card(walk: Walk, *, brief: bool = False) -> list[Block]:
    """Title, pathway and grade, what to do, one line per alert title, and the support line.

    No blank lines inside: the card is meant to fit one screen (``--brief`` keeps
    it within 25 lines at 100 columns for every bundled outcome; a test checks).
    """
    g, o = walk.guideline, walk.outcome
    out = [Block((("Recommendation: ", "bold"), (one_line(o.title), "bold cyan")))]
    meta: list[tuple[str, str]] = []
    if o.pathway:
        meta += [("Pathway: ", "bold"), (one_line(g.pathway_title(o.pathway)) + ".  ", "")]
    meta += [("Evidence grade: ", "bold"), (one_line(f"{o.grade} {cite_ranges(walk, o.references)}"), "")]
    out.append(Block(tuple(meta)))
    # what a decision found (the flare grade and its row) heads the card: the actions depend on it
    out += [para(one_line(f), "bold") for f in walk.findings]
    out += [para("What to do", HEADING), *_actions(walk)]
    out += not_offered(walk, brief=brief)
    # each alert on its own line, named as one (no heading line: the card's lines are counted)
    out += [Block((("Alert: ", "bold yellow"), (one_line(f.alert.title), "bold")), "!", 1, mark_style="bold yellow")
            for f in walk.alerts]
    out.append(para(SUPPORT_LINE, "italic"))
    return out


def _actions(walk: Walk) -> list[Block]:
    """The numbered actions, each with its drug notes right under it."""
    items = numbered([one_line(a) for a in walk_actions(walk)])
    out: list[Block] = []
    for i, block in enumerate(items):
        out.append(block)
        hang = max(block.mark_width, len(block.mark)) + 1
        out += [Block(((one_line(note_label(walk, n)) + ": ", "bold"),
                       (one_line(f"{n.text} {cite(walk, n.references)}".rstrip()), "")), "!", 1, hang, "bold yellow")
                for n in walk.notes_for(i)]
    return out


def not_offered(walk: Walk, *, brief: bool = False) -> list[Block]:
    """What this patient is not offered and why, one line each; in ``brief``, one line of names."""
    found = refusals(walk)
    if not found:
        return []
    if brief:
        names = ", ".join(one_line(r.name) for r in found)
        return [Block(((f"{NOT_OFFERED}: ", "bold"), (f"{names} (why: see the full result)", "")))]
    lines = [Block(((one_line(r.name), "bold"), (" - " + one_line(f"{r.because} {cite(walk, r.references)}".rstrip()), "")),
                   indent=2) for r in found]
    return [para(NOT_OFFERED, HEADING), *lines]


def cite_ranges(walk: Walk, ref_ids: tuple[str, ...]) -> str:
    """``[1-4, 7]``: the card's citations, runs of numbers shortened (the details list each reference)."""
    numbers = ref_numbers(walk)
    found = sorted({numbers[r] for r in ref_ids if r in numbers})
    runs: list[list[int]] = []
    for n in found:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    return f"[{', '.join(parts)}]" if parts else ""


def walk_actions(walk: Walk) -> tuple[str, ...]:
    return walk.actions


def walk_cautions(walk: Walk) -> tuple[str, ...]:
    return walk.cautions


def details(walk: Walk) -> list[Block]:
    """Everything after the card, from the summary to the disclaimer."""
    g, o = walk.guideline, walk.outcome
    out = heading("Details")
    if o.summary.strip():
        out.append(para(one_line(o.summary)))
    if walk.alerts:
        out += heading("Alerts")
        for f in walk.alerts:
            grade = f" ({f.alert.grade})" if f.alert.grade else ""
            text = one_line(f": {f.alert.text}{grade} {cite(walk, f.alert.references)}")
            out.append(Block(((one_line(f.alert.title), "bold"), (text, "")), "!", 1, mark_style="bold yellow"))
    out += computed(walk)
    cautions = walk_cautions(walk)
    if cautions:
        out += heading("Cautions")
        out += marked(["!"] * len(cautions), [one_line(c) for c in cautions], mark_style="bold yellow")
    out += heading("Path taken")
    marks = [f"{n}." for n in range(1, len(walk.steps) + 1)]
    width = max((len(m) for m in marks), default=0)
    for mark, s in zip(marks, walk.steps, strict=True):
        note = origin_note(walk, s.node)
        out.append(Block(((one_line(s.text), ""), (" -> ", "dim"), (one_line(s.label), "bold"),
                          *(((" ", ""), (one_line(f"({note})"), "dim")) if note else ())), mark, width,
                         mark_style="dim"))
    out += heading("References")
    out += marked([f"[{n}]" for n in range(1, len(walk.references) + 1)],
                  [one_line(reference_text(r)) for r in walk.references])
    out += [BLANK, para(one_line(f"{g.title} ({g.id}) version {g.version}, last reviewed {g.last_reviewed}"), "dim")]
    if g.disclaimer.strip():
        out.append(para(one_line(g.disclaimer), "italic"))
    return out


def computed(walk: Walk) -> list[Block]:
    """Computed values with their inputs, then numbers outside their usual range."""
    out: list[Block] = []
    if walk.computed:
        out += heading("Computed values")
        for step in walk.computed:
            inputs = one_line(computed_from(step))
            out.append(Block(((one_line(step.text), ""), (" = ", "dim"), (one_line(step.label), "bold"),
                              (f" (from {inputs})" if inputs else "", "dim")), "=", 1))
    if walk.warnings:
        out += heading("Numbers to check")
        out += marked(["!"] * len(walk.warnings), [one_line(w) for w in walk.warnings], mark_style="bold yellow")
    return out


def explanation(ex: Explanation) -> list[Block]:
    """The teaching trace, after the details."""
    out = heading("Explanation")
    for s in ex.steps:
        out += [BLANK, para(f"{s.number}. {one_line(s.question)}", "bold")]
        out += [Block(((f"{label}: ", "bold"), (one_line(value), "")), indent=2) for label, value in step_facts(s)]
    if ex.alerts:
        out += [BLANK, para("Alerts", "bold")]
        out += [Block(((one_line(a.title), "bold"), (f" {one_line(alert_sentence(a))}", "")), "!", 1, 2, "bold yellow")
                for a in ex.alerts]
    if ex.withheld:
        out += [BLANK, para(NOT_OFFERED, "bold")]
        out += [Block(((one_line(w.drug_name), "bold"), (f" {one_line(withheld_sentence(w))}", "")), "-", 1, 2)
                for w in ex.withheld]
    if ex.rationale:
        out += [BLANK, para(f"Why this recommendation: {one_line(ex.outcome_title)}", "bold"), para(one_line(ex.rationale))]
    return out


def result(walk: Walk, ex: Explanation | None = None, *, brief: bool = False) -> list[Block]:
    """The text result: the card, then (unless ``brief``) the details and the explanation."""
    out = card(walk, brief=brief)
    if not brief:
        out += details(walk)
        if ex is not None:
            out += explanation(ex)
    return out

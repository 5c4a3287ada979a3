"""The Markdown of a consult: the recommendation, the case, the path and the teaching trace.

Every value from a guideline, answers file or record goes through ``md``, the one
escaping function: Markdown and raw HTML in it are shown as written, and a newline
cannot start a heading, a list item or a table row. Prints nothing.
"""

from __future__ import annotations

import re

from lnnav.base.text import one_line
from lnnav.engine.explain import Explanation, alert_sentence, step_facts
from lnnav.engine.walk import Walk
from lnnav.output.report import (
    NOT_OFFERED,
    SUPPORT_LINE,
    cite,
    computed_from,
    note_label,
    origin_note,
    reference_text,
    refusals,
)
from lnnav.output.worksheet import Listing, Part, listed

# every character CommonMark or GitHub gives a meaning inline: emphasis, code, links,
# images, raw HTML and autolinks ("<" is enough: ">=" stays readable), entities,
# table cells, strikethrough, escapes themselves
_INLINE = re.compile(r"([\\`*_\[\]<&|~])")
# what makes a line a heading, list item, rule or setext underline when it comes first
# ("*" is escaped everywhere already; "1.0.0" is no list item: one needs a space)
_LINE_START = re.compile(r"^([#>+=-]|\d{1,9}[.)](?=\s|$))")


def md(text: str) -> str:
    """``text`` as literal Markdown on one line: specials backslash-escaped, newlines made spaces."""
    flat = one_line(text)
    escaped = _INLINE.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: _escape_start(m.group(1)), escaped, count=1)


def _escape_start(marker: str) -> str:
    # "12." -> "12\\." : a list number has its dot escaped, a sign character itself
    return marker[:-1] + "\\" + marker[-1]


def to_markdown(walk: Walk, *, title: str = "", description: str = "", explanation: Explanation | None = None,
                part: Part = "full", listing: Listing = "every") -> str:
    """The same consult as Markdown, for handouts and notes, in the HTML handout's order.

    A scenario's ``title`` and vignette (``description``) open the document as its
    case; then the recommendation (each alert with why it fired, with ``explanation``),
    the path taken (or, with ``explanation``, the teaching trace, which goes step by
    step with each answer) and the references. ``part`` is "full", "worksheet" (the
    case and the questions, no answers) or "answer-key" (the rest); ``listing`` says which
    questions a worksheet lists (lnnav.output.worksheet).
    """
    g = walk.guideline
    out: list[str] = []
    if part == "answer-key":
        out += [f"# Answer key: {md(title) or 'case'}", ""]
    else:
        out += case_markdown(title, description)
    if part == "worksheet":
        out += worksheet_markdown(walk, listing)
    else:
        out += recommendation_markdown(walk, explanation)
        if explanation is None:
            out += ["", "## Path taken", "", "| # | Question | Answer |", "|---|---|---|"]
            out += [f"| {n} | {md(s.text)} | {md(s.label)}{_noted(walk, s.node)} |" for n, s in enumerate(walk.steps, start=1)]
        else:
            out += ["", *explanation_markdown(explanation)]
        out += ["", "## References", ""]
        out += [f"{n}. {md(reference_text(r))}" for n, r in enumerate(walk.references, start=1)]
    out += ["", "---", "", f"*{md(g.title)} ({md(g.id)}) version {md(g.version)}, last reviewed "
                           f"{md(g.last_reviewed)}.*", "", f"*{SUPPORT_LINE} {md(g.disclaimer)}*", ""]
    return "\n".join(out)


def recommendation_markdown(walk: Walk, explanation: Explanation | None) -> list[str]:
    """The outcome: title, pathway and grade, summary, actions, cautions, alerts, computed values."""
    g, o = walk.guideline, walk.outcome
    out = [f"# {md(o.title)}", ""]
    if o.pathway:
        out.append(f"**Pathway:** {md(g.pathway_title(o.pathway))}  ")
    out += [f"**Evidence grade:** {md(o.grade)} {cite(walk, o.references)}".rstrip(), ""]
    out += [x for f in walk.findings for x in (f"**{md(f)}**", "")]
    out += [md(o.summary), ""]
    out += ["## What to do", ""]
    for n, a in enumerate(walk.actions, start=1):
        out.append(f"{n}. {md(a)}")
        # indented under its item: a nested list in CommonMark, so each note stays with its action
        pad = " " * (len(str(n)) + 2)
        out += [f"{pad}- **{md(note_label(walk, x))}:** {md(x.text)} {cite(walk, x.references)}".rstrip()
                for x in walk.notes_for(n - 1)]
    found = refusals(walk)
    if found:
        out += ["", f"## {NOT_OFFERED}", ""]
        out += [f"- **{md(r.name)}** - {md(r.because)} {cite(walk, r.references)}".rstrip() for r in found]
    if walk.cautions:
        out += ["", "## Cautions", ""] + [f"- {md(c)}" for c in walk.cautions]
    if walk.alerts:
        out += ["", "## Alerts", ""]
        why = {a.id: alert_sentence(a) for a in explanation.alerts} if explanation is not None else {}
        for f in walk.alerts:
            grade = f" ({md(f.alert.grade)})" if f.alert.grade else ""
            because = f" *This alert {md(why[f.alert.id])}*" if f.alert.id in why else ""
            out.append(f"- **{md(f.alert.title)}:** {md(f.alert.text)}{grade} "
                       f"{cite(walk, f.alert.references)}".rstrip() + because)
    if walk.computed:
        out += ["", "## Computed values", ""]
        for step in walk.computed:
            inputs = computed_from(step)
            out.append(f"- {md(step.text)} = **{md(step.label)}**" + (f" (from {md(inputs)})" if inputs else ""))
    if walk.warnings:
        out += ["", "## Numbers to check", ""] + [f"- {md(w)}" for w in walk.warnings]
    return out


def worksheet_markdown(walk: Walk, listing: Listing = "every") -> list[str]:
    """The questions (``listing``) with their choices, and nothing of the answers."""
    if listing == "none":
        return ["## Your recommendation", "", "Work through the case, then compare with the answer key.", "", "______"]
    lead = ("Answer the questions that apply to this patient (every branch of the guideline is here), then "
            "compare with the answer key." if listing == "every"
            else "Answer each question for this patient, then compare with the answer key.")
    out = ["## Questions", "", lead, ""]
    for q in listed(walk, listing):
        out += [f"### {q.number}. {md(q.text)}", ""]
        if q.definition:
            out += [f"*{md(q.definition)}*", ""]
        if q.choices:
            out += (["Choose all that apply.", ""] if q.many else []) + [f"- [ ] {md(c)}" for c in q.choices] + [""]
        else:
            out += [f"Answer: ______ {md(q.unit)}", ""]
    return [*out, "## Your recommendation", "", "______"]


def case_markdown(title: str, description: str) -> list[str]:
    """The teaching case of a handout: its title, and its vignette as a quote, line by line."""
    if not title and not description:
        return []
    out = [f"# Case: {md(title) or 'untitled'}", ""]
    if description:
        out += [f"> {md(line)}".rstrip() for line in description.strip().splitlines()] + [""]
    return out


def explanation_markdown(ex: Explanation) -> list[str]:
    """The teaching trace as a Markdown section."""
    out = ["## Explanation", ""]
    for s in ex.steps:
        out += [f"### {s.number}. {md(s.question)}", ""]
        out += [f"- **{md(k)}:** {md(v)}" for k, v in step_facts(s, abridged=True)] + [""]
    if ex.rationale:
        out += [f"### Why this recommendation: {md(ex.outcome_title)}", "", md(ex.rationale), ""]
    return out[:-1] if out[-1] == "" else out


def _noted(walk: Walk, node_id: str) -> str:
    note = origin_note(walk, node_id)
    return f" ({md(note)})" if note else ""

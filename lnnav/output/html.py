"""The HTML handout: one self-contained, print-friendly page. Prints nothing.

Inline CSS only, no scripts, no external assets, every text escaped: the file can
be mailed, opened offline and printed for a teaching session.
"""

from __future__ import annotations

from html import escape

from lnnav.base.text import visible
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

CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; background: #fff; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .4rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #999; margin-top: 1.6rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.meta, footer { color: #444; font-size: .9rem; }
.vignette { border-left: 4px solid #777; margin: .5rem 0; padding: .2rem 1rem; white-space: pre-line; }
.alert { border: 1px solid #b58900; padding: .4rem .8rem; margin: .4rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
dl { margin: .2rem 0 .8rem; }
dt { font-weight: bold; float: left; clear: left; margin-right: .4rem; }
dd { margin: 0 0 .2rem 0; }
.disclaimer { font-style: italic; }
.question { margin: .6rem 0 1rem; }
.choices { list-style: none; padding-left: 1rem; margin: .2rem 0; }
.choices li::before { content: "\\2610  "; }
.blank { border-bottom: 1px solid #777; display: inline-block; min-width: 8rem; }
.answer-line { border-bottom: 1px solid #777; min-height: 3rem; }
.because { display: block; color: #444; font-size: .9em; margin-top: .2rem; }
/* each margin box set empty replaces the browser's own header or footer there (date, title, file
   address, page numbers): a handout prints as it is, whatever the print dialog says */
@page { size: A4; margin: 10mm 11mm 12mm;
  @top-left { content: ""; } @top-center { content: ""; } @top-right { content: ""; }
  @bottom-left { content: ""; } @bottom-center { content: ""; } @bottom-right { content: ""; } }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.2; }
  h1 { font-size: 14pt; margin: 0 0 3pt; }
  h2 { font-size: 11.5pt; margin: 8pt 0 3pt; }
  h3 { font-size: 9.5pt; margin: 5pt 0 1pt; }
  p, ol, ul, dl { margin-top: 1pt; margin-bottom: 3pt; }
  ol, ul { padding-left: 16pt; }
  .meta, footer, .references { font-size: 8.5pt; }
  .alert { padding: 2pt 5pt; margin: 3pt 0; }
  /* the trace is many short lines: two columns halve the paper it takes */
  .explanation, .references ol, .alerts { columns: 2; column-gap: 6mm; }
  .explanation h2 { column-span: all; }
  /* small units stay whole; whole sections may break, or page 1 would hold only the case */
  li, .alert, dl, tr, .question { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
""".strip()


# only in a handout from a guideline with a drug catalogue: the others stay as they were
DRUG_CSS = """
.drug-notes { list-style: none; padding-left: 1rem; font-size: .95em; }
.drug-notes li::before { content: "! "; font-weight: bold; color: #b58900; }
""".strip()


def _e(text: str) -> str:
    """The one HTML escaping function: markup shown as written, control characters written out."""
    return escape(visible(text), quote=True)


def to_html(walk: Walk, *, title: str = "", description: str = "", explanation: Explanation | None = None,
            part: Part = "full", listing: Listing = "every") -> str:
    """A consult as a self-contained HTML page.

    Args:
        walk: the finished consult.
        title: the scenario's title, when the answers came from a scenario file.
        description: the scenario's vignette.
        explanation: the teaching trace, when asked for.
        part: "full"; "worksheet" (the case and the questions, no answers, to hand out
            first); "answer-key" (the rest: path, recommendation, explanation, references).
        listing: which questions a worksheet lists (lnnav.output.worksheet).
    """
    g, o = walk.guideline, walk.outcome
    page_title = f"{title} - {o.title}" if title and part != "worksheet" else (title or o.title)
    if part == "worksheet":
        page_title = f"Worksheet: {title or 'case'}"
    body: list[str] = [f'<p class="meta">{_e(g.title)}</p>']
    if part == "answer-key":
        body.append(f"<h1>Answer key: {_e(title or 'case')}</h1>")
    elif title or description:
        body.append(f"<section><h1>Case: {_e(title or 'untitled')}</h1>")
        if description:
            body.append(f'<div class="vignette">{_e(description.strip())}</div>')
        body.append("</section>")
    if part == "worksheet":
        body += _worksheet(walk, listing)
    else:
        body += _recommendation(walk, explanation)
        if explanation is None:  # the explanation goes step by step with each answer: the table would repeat it
            body += ["<section><h2>Path taken</h2>", "<table>",
                     "<thead><tr><th>#</th><th>Question</th><th>Answer</th></tr></thead>", "<tbody>"]
            body += [f"<tr><td>{n}</td><td>{_e(s.text)}</td><td>{_e(s.label)}{_noted(walk, s.node)}</td></tr>"
                     for n, s in enumerate(walk.steps, start=1)]
            body.append("</tbody></table></section>")
        else:
            body += _explanation(explanation)
        body += ['<section class="references"><h2>References</h2>', "<ol>"]
        body += [f"<li>{_e(reference_text(r))}</li>" for r in walk.references]
        body.append("</ol></section>")
    body += ["<footer>",
             f"<p>{_e(g.title)} ({_e(g.id)}) version {_e(g.version)}, last reviewed {_e(g.last_reviewed)}.</p>",
             f'<p class="disclaimer">{_e(SUPPORT_LINE)} {_e(g.disclaimer)}</p>', "</footer>"]
    style = f"{CSS}\n{DRUG_CSS}" if g.drugs else CSS
    head = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(page_title)}</title>", f"<style>\n{style}\n</style>", "</head>", "<body>"]
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _worksheet(walk: Walk, listing: Listing) -> list[str]:
    if listing == "none":
        return ["<section><h2>Your recommendation</h2>",
                "<p>Work through the case, then compare with the answer key.</p>",
                '<p class="answer-line">&nbsp;</p>', "</section>"]
    lead = ("Answer the questions that apply to this patient (every branch of the guideline is here), then "
            "compare with the answer key." if listing == "every"
            else "Answer each question for this patient, then compare with the answer key.")
    out = ["<section><h2>Questions</h2>", f"<p>{lead}</p>"]
    for q in listed(walk, listing):
        out += ['<div class="question">', f"<h3>{q.number}. {_e(q.text)}</h3>"]
        if q.definition:
            out.append(f'<p class="meta">{_e(q.definition)}</p>')
        if q.choices:
            if q.many:
                out.append('<p class="meta">Choose all that apply.</p>')
            out += ['<ul class="choices">', *(f"<li>{_e(c)}</li>" for c in q.choices), "</ul>"]
        else:
            out.append(f'<p><span class="blank">&nbsp;</span> {_e(q.unit)}</p>')
        out.append("</div>")
    out += ["<h2>Your recommendation</h2>", '<p class="answer-line">&nbsp;</p>',
            "</section>"]
    return out


def _recommendation(walk: Walk, explanation: Explanation | None = None) -> list[str]:
    g, o = walk.guideline, walk.outcome
    out = [f"<section><h1>{_e(o.title)}</h1>", '<p class="meta">']
    if o.pathway:
        out.append(f"<strong>Pathway:</strong> {_e(g.pathway_title(o.pathway))}<br>")
    out += [f"<strong>Evidence grade:</strong> {_e(o.grade)} {_e(cite(walk, o.references))}".rstrip(), "</p>"]
    out += [f'<p class="finding"><strong>{_e(f)}</strong></p>' for f in walk.findings]
    out += [f"<p>{_e(o.summary)}</p>", "<h2>What to do</h2>", "<ol>"]
    for i, a in enumerate(walk.actions):
        notes = [f'<li><strong>{_e(note_label(walk, n))}:</strong> {_e(f"{n.text} {cite(walk, n.references)}".rstrip())}'
                 "</li>" for n in walk.notes_for(i)]
        out.append(f"<li>{_e(a)}" + (f'<ul class="drug-notes">{"".join(notes)}</ul>' if notes else "") + "</li>")
    out.append("</ol>")
    found = refusals(walk)
    if found:
        out += [f"<h2>{_e(NOT_OFFERED)}</h2>", '<ul class="not-offered">']
        out += [f"<li><strong>{_e(r.name)}</strong> - {_e(f'{r.because} {cite(walk, r.references)}'.rstrip())}</li>"
                for r in found]
        out.append("</ul>")
    if walk.cautions:
        out += ["<h2>Cautions</h2>", "<ul>", *(f"<li>{_e(c)}</li>" for c in walk.cautions), "</ul>"]
    if walk.alerts:
        out += ["<h2>Alerts</h2>", '<div class="alerts">']
        why = {a.id: alert_sentence(a) for a in explanation.alerts} if explanation is not None else {}
        for f in walk.alerts:
            grade = f" ({f.alert.grade})" if f.alert.grade else ""
            text = f"{f.alert.text}{grade} {cite(walk, f.alert.references)}".rstrip()
            because = f'<span class="because">This alert {_e(why[f.alert.id])}</span>' if f.alert.id in why else ""
            out.append(f'<div class="alert"><strong>{_e(f.alert.title)}:</strong> {_e(text)}{because}</div>')
        out.append("</div>")
    if walk.computed:
        out += ["<h2>Computed values</h2>", "<ul>"]
        for step in walk.computed:
            inputs = computed_from(step)
            out.append(f"<li>{_e(step.text)} = <strong>{_e(step.label)}</strong>"
                       + (f" (from {_e(inputs)})" if inputs else "") + "</li>")
        out.append("</ul>")
    if walk.warnings:
        out += ["<h2>Numbers to check</h2>", "<ul>", *(f"<li>{_e(w)}</li>" for w in walk.warnings), "</ul>"]
    out.append("</section>")
    return out


def _explanation(ex: Explanation) -> list[str]:
    """Each step with its answer, short definition and why; each alert's reason is with the alert above."""
    out = ['<section class="explanation"><h2>Explanation</h2>']
    for s in ex.steps:
        out += [f"<h3>{s.number}. {_e(s.question)}</h3>", "<dl>"]
        out += [f"<dt>{_e(k)}:</dt><dd>{_e(v)}</dd>" for k, v in step_facts(s, abridged=True)]
        out.append("</dl>")
    if ex.rationale:
        out += [f"<h3>Why this recommendation: {_e(ex.outcome_title)}</h3>", f"<p>{_e(ex.rationale)}</p>"]
    out.append("</section>")
    return out


def _noted(walk: Walk, node_id: str) -> str:
    note = origin_note(walk, node_id)
    return f" <small>({_e(note)})</small>" if note else ""

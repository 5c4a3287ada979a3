"""The HTML handout: one self-contained, print-friendly page. Prints nothing.

Inline CSS only, no scripts, no external assets, every text escaped: the file can
be mailed, opened offline and printed for a teaching session.
"""

from __future__ import annotations

from html import escape

from lnnav.engine import Walk
from lnnav.explain import Explanation, alert_sentence, step_facts
from lnnav.report import SUPPORT_LINE, cite, reference_text

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
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section, .alert, dl, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def to_html(walk: Walk, *, title: str = "", description: str = "", explanation: Explanation | None = None) -> str:
    """A consult as a self-contained HTML page.

    Args:
        walk: the finished consult.
        title: the scenario's title, when the answers came from a scenario file.
        description: the scenario's vignette.
        explanation: the teaching trace, when asked for.
    """
    g, o = walk.guideline, walk.outcome
    page_title = f"{title} - {o.title}" if title else o.title
    body: list[str] = [f'<p class="meta">{_e(g.title)}</p>']
    if title or description:
        body.append(f"<section><h1>Case: {_e(title or 'untitled')}</h1>")
        if description:
            body.append(f'<div class="vignette">{_e(description.strip())}</div>')
        body.append("</section>")
    body += _recommendation(walk)
    body += ["<section><h2>Path taken</h2>", "<table>",
             "<thead><tr><th>#</th><th>Question</th><th>Answer</th></tr></thead>", "<tbody>"]
    body += [f"<tr><td>{n}</td><td>{_e(s.text)}</td><td>{_e(s.label)}</td></tr>"
             for n, s in enumerate(walk.steps, start=1)]
    body.append("</tbody></table></section>")
    if explanation is not None:
        body += _explanation(explanation)
    body += ["<section><h2>References</h2>", "<ol>"]
    body += [f"<li>{_e(reference_text(r))}</li>" for r in walk.references]
    body += ["</ol></section>", "<footer>",
             f"<p>{_e(g.title)} ({_e(g.id)}) version {_e(g.version)}, last reviewed {_e(g.last_reviewed)}.</p>",
             f'<p class="disclaimer">{_e(SUPPORT_LINE)} {_e(g.disclaimer)}</p>', "</footer>"]
    head = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(page_title)}</title>", f"<style>\n{CSS}\n</style>", "</head>", "<body>"]
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _recommendation(walk: Walk) -> list[str]:
    g, o = walk.guideline, walk.outcome
    out = [f"<section><h1>{_e(o.title)}</h1>", '<p class="meta">']
    if o.pathway:
        out.append(f"<strong>Pathway:</strong> {_e(g.pathway_title(o.pathway))}<br>")
    out += [f"<strong>Evidence grade:</strong> {_e(o.grade)} {_e(cite(walk, o.references))}".rstrip(), "</p>",
            f"<p>{_e(o.summary)}</p>", "<h2>What to do</h2>", "<ol>"]
    out += [f"<li>{_e(a)}</li>" for a in walk.actions]
    out.append("</ol>")
    if walk.cautions:
        out += ["<h2>Cautions</h2>", "<ul>", *(f"<li>{_e(c)}</li>" for c in walk.cautions), "</ul>"]
    if walk.alerts:
        out.append("<h2>Alerts</h2>")
        for f in walk.alerts:
            grade = f" ({f.alert.grade})" if f.alert.grade else ""
            text = f"{f.alert.text}{grade} {cite(walk, f.alert.references)}".rstrip()
            out.append(f'<div class="alert"><strong>{_e(f.alert.title)}:</strong> {_e(text)}</div>')
    for step in walk.steps:
        if step.result is not None:
            out += [f"<h2>Computed: {_e(step.text)}</h2>", "<ul>",
                    f"<li>Result: <strong>{_e(step.result.category)}</strong> ({_e(step.result.rule)})</li>"]
            out += [f"<li>{_e(label)}: {_e(value)}</li>" for label, value in step.result.values]
            out.append(f"<li>Definition: {_e(step.result.definition)}</li>")
            out += [f"<li>Note: {_e(note)}</li>" for note in step.result.notes]
            out.append("</ul>")
    out.append("</section>")
    return out


def _explanation(ex: Explanation) -> list[str]:
    out = ["<section><h2>Explanation</h2>"]
    for s in ex.steps:
        out += [f"<h3>{s.number}. {_e(s.question)}</h3>", "<dl>"]
        out += [f"<dt>{_e(k)}:</dt><dd>{_e(v)}</dd>" for k, v in step_facts(s)]
        out.append("</dl>")
    if ex.alerts:
        out += ["<h3>Alerts</h3>", "<ul>"]
        for a in ex.alerts:
            out.append(f"<li><strong>{_e(a.title)}</strong> {_e(alert_sentence(a))}</li>")
        out.append("</ul>")
    if ex.rationale:
        out += [f"<h3>Why this recommendation: {_e(ex.outcome_title)}</h3>", f"<p>{_e(ex.rationale)}</p>"]
    out.append("</section>")
    return out

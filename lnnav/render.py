"""Front-end rendering of a consult: rich renderables and Markdown. Prints nothing."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lnnav.engine import Walk
from lnnav.explain import Explanation, alert_sentence, step_facts
from lnnav.report import SUPPORT_LINE, cite, reference_text


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def outcome_panel(walk: Walk) -> RenderableType:
    """The recommendation as a rich panel; the grade is text, never colour alone."""
    g, o = walk.guideline, walk.outcome
    parts: list[RenderableType] = []
    title = Text("Recommendation: ", style="bold")
    title.append(o.title, style="bold cyan")
    parts.append(title)
    meta = Text()
    if o.pathway:
        meta.append("Pathway: ", style="bold")
        meta.append(g.pathway_title(o.pathway) + "\n")
    meta.append("Evidence grade: ", style="bold")
    meta.append(f"{o.grade} ")
    meta.append(cite(walk, o.references))
    parts.append(meta)
    parts.append(Text(o.summary))
    parts.append(_heading("What to do"))
    parts.append(_numbered(o.actions))
    if o.cautions:
        parts.append(_heading("Cautions"))
        parts.append(_bullets(o.cautions, "!"))
    if walk.alerts:
        parts.append(_heading("Alerts"))
        alerts = Table.grid(padding=(0, 1))
        alerts.add_column(no_wrap=True, style="bold yellow")
        alerts.add_column()
        for f in walk.alerts:
            line = Text(f.alert.title, style="bold")
            grade = f" ({f.alert.grade})" if f.alert.grade else ""
            line.append(f": {f.alert.text}{grade} {cite(walk, f.alert.references)}".rstrip())
            alerts.add_row("!", line)
        parts.append(alerts)
    computed = [s for s in walk.steps if s.result is not None]
    for step in computed:
        assert step.result is not None
        parts.append(_heading(f"Computed: {step.text}"))
        lines = Text()
        lines.append(f"Result: {step.result.category} ({step.result.rule})\n")
        for label, value in step.result.values:
            lines.append(f"  {label}: {value}\n")
        lines.append(f"Definition: {step.result.definition}")
        for note in step.result.notes:
            lines.append(f"\nNote: {note}")
        parts.append(lines)
    parts.append(_heading("Path taken"))
    path = Table.grid(padding=(0, 1))
    path.add_column(justify="right", style="dim")
    path.add_column()
    path.add_column(style="bold")
    for n, step in enumerate(walk.steps, start=1):
        path.add_row(f"{n}.", step.text, f"-> {step.label}")
    parts.append(path)
    parts.append(_heading("References"))
    parts.append(_marked([f"[{n}]" for n in range(1, len(walk.references) + 1)],
                         tuple(reference_text(r) for r in walk.references)))
    parts.append(Text(f"{g.title} ({g.id}) version {g.version}, last reviewed {g.last_reviewed}", style="dim"))
    parts.append(Text(f"{SUPPORT_LINE} {g.disclaimer}", style="italic"))
    return Panel(Group(*_spaced(parts)), title="lnnav", title_align="left", border_style="cyan")


def _spaced(parts: list[RenderableType]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for p in parts:
        if isinstance(p, Text) and p.style == "bold underline" and out:
            out.append(Text(""))
        out.append(p)
    return out


def _marked(marks: list[str], items: tuple[str, ...]) -> Table:
    """Items with a hanging indent, so a long action wraps under its own text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for mark, item in zip(marks, items, strict=True):
        grid.add_row(mark, item)
    return grid


def _numbered(items: tuple[str, ...]) -> Table:
    return _marked([f"{n}." for n in range(1, len(items) + 1)], items)


def _bullets(items: tuple[str, ...], mark: str) -> Table:
    return _marked([mark] * len(items), items)


def to_markdown(walk: Walk, *, title: str = "", description: str = "", explanation: Explanation | None = None) -> str:
    """The same consult as Markdown, for handouts and notes.

    A scenario's ``title`` and vignette (``description``) come before the path
    taken; ``explanation`` adds the teaching trace before the references. The
    document still opens with the recommendation, as it always has.
    """
    g, o = walk.guideline, walk.outcome
    out = [f"# {o.title}", ""]
    if o.pathway:
        out.append(f"**Pathway:** {g.pathway_title(o.pathway)}  ")
    out += [f"**Evidence grade:** {o.grade} {cite(walk, o.references)}".rstrip(), "", o.summary, ""]
    out += ["## What to do", ""]
    out += [f"{n}. {a}" for n, a in enumerate(o.actions, start=1)]
    if o.cautions:
        out += ["", "## Cautions", ""] + [f"- {c}" for c in o.cautions]
    if walk.alerts:
        out += ["", "## Alerts", ""]
        for f in walk.alerts:
            grade = f" ({f.alert.grade})" if f.alert.grade else ""
            out.append(f"- **{f.alert.title}:** {f.alert.text}{grade} {cite(walk, f.alert.references)}".rstrip())
    for step in walk.steps:
        if step.result is not None:
            out += ["", f"## Computed: {step.text}", "", f"- Result: **{step.result.category}** ({step.result.rule})"]
            out += [f"- {label}: {value}" for label, value in step.result.values]
            out.append(f"- Definition: {step.result.definition}")
            out += [f"- Note: {note}" for note in step.result.notes]
    case = case_markdown(title, description)
    out += ["", *case[:-1]] if case else []
    out += ["", "## Path taken", "", "| # | Question | Answer |", "|---|---|---|"]
    out += [f"| {n} | {_cell(s.text)} | {_cell(s.label)} |" for n, s in enumerate(walk.steps, start=1)]
    if explanation is not None:
        out += ["", *explanation_markdown(explanation)]
    out += ["", "## References", ""]
    out += [f"{n}. {reference_text(r)}" for n, r in enumerate(walk.references, start=1)]
    out += ["", "---", "", f"*{g.title} ({g.id}) version {g.version}, last reviewed {g.last_reviewed}.*", "",
            f"*{SUPPORT_LINE} {g.disclaimer}*", ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def case_markdown(title: str, description: str) -> list[str]:
    """The teaching case of a handout: its title, and its vignette as a quote."""
    if not title and not description:
        return []
    out = [f"## Case: {title or 'untitled'}", ""]
    if description:
        out += [f"> {line}".rstrip() for line in description.strip().splitlines()] + [""]
    return out


def explanation_markdown(ex: Explanation) -> list[str]:
    """The teaching trace as a Markdown section."""
    out = ["## Explanation", ""]
    for s in ex.steps:
        out += [f"### {s.number}. {_flat(s.question)}", ""] + [f"- **{k}:** {v}" for k, v in step_facts(s)] + [""]
    if ex.alerts:
        out += ["### Alerts", ""]
        for a in ex.alerts:
            out.append(f"- **{a.title}** {alert_sentence(a)}")
        out.append("")
    if ex.rationale:
        out += [f"### Why this recommendation: {ex.outcome_title}", "", _flat(ex.rationale), ""]
    return out[:-1] if out[-1] == "" else out


def _flat(text: str) -> str:
    return " ".join(text.split())


def explanation_panel(ex: Explanation) -> RenderableType:
    """The teaching trace as a rich panel, shown after the recommendation."""
    parts: list[RenderableType] = []
    for s in ex.steps:
        parts.append(_heading(f"{s.number}. {_flat(s.question)}"))
        body = Text()
        for i, (label, value) in enumerate(step_facts(s)):
            body.append(("\n" if i else "") + f"{label}: ", style="bold")
            body.append(value)
        parts.append(body)
    if ex.alerts:
        parts.append(_heading("Alerts"))
        alerts = Text()
        for i, a in enumerate(ex.alerts):
            alerts.append(("\n" if i else "") + "! ", style="bold yellow")
            alerts.append(a.title, style="bold")
            alerts.append(f" {alert_sentence(a)}")
        parts.append(alerts)
    if ex.rationale:
        parts.append(_heading(f"Why this recommendation: {ex.outcome_title}"))
        parts.append(Text(_flat(ex.rationale)))
    return Panel(Group(*_spaced(parts)), title="Explanation", title_align="left", border_style="cyan")

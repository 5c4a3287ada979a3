"""Front-end rendering of a consult as rich renderables. Prints nothing.

Guideline text goes into ``Text`` objects only, never into a string rich would
parse: ``[mg/day]`` in an action is clinical text, not markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lnnav.engine import Walk
from lnnav.explain import Explanation, alert_sentence, step_facts
from lnnav.layout import Line
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
        path.add_row(f"{n}.", Text(step.text), Text(f"-> {step.label}"))
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
        grid.add_row(mark, Text(item))  # a Text: a plain string would be parsed as rich markup
    return grid


def _numbered(items: tuple[str, ...]) -> Table:
    return _marked([f"{n}." for n in range(1, len(items) + 1)], items)


def _bullets(items: tuple[str, ...], mark: str) -> Table:
    return _marked([mark] * len(items), items)


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


def styled(lines: list[Line]) -> Text:
    """Laid-out lines (lnnav.layout) as one rich ``Text``: styles are attributes, text stays data."""
    out = Text()
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for text, style in line:
            out.append(text, style=style or None)
    return out

"""How the command line presents itself: the command list, usage lines, and what completes.

Typer's help cuts each command's summary to one line with "..." and labels every
argument with its Python type (``<list[Path]>``); these subclasses show summaries
whole and arguments by name. They also give each parameter its shell completion
(lnnav.cli.completion). lnnav.cli.main makes every registered command a ``Command``.
"""

from __future__ import annotations

from typing import Any

import typer


def _summary(command: typer.core.TyperCommand | typer.core.TyperGroup) -> str:
    """A command's summary for the command list: its help's first paragraph, whole."""
    text = command.short_help or command.help or ""
    return " ".join(text.strip().split("\n\n")[0].split())


class Group(typer.core.TyperGroup):
    """The command list shows each summary whole, wrapped, instead of cut with "..." to one line; the
    root's consult options complete like the consult's."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from lnnav.cli.completion import attach

        for param in self.params:
            attach(param)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _summary(command)))  # type: ignore[arg-type]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _Argument(typer.core.TyperArgument):
    """An argument shown by its name (DIR, [PATH]..., FILE), without Typer's type label (<list[Path]>)."""

    def _bare(self) -> str:
        return (self.metavar or (self.name or "").upper()).rstrip(".").strip("[]")

    def display_type_rich(self, ctx: Any) -> str:
        return ""

    def _rich_display_name(self) -> str:
        return self._bare() + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._bare() if self.required else f"[{self._bare()}]"
        return name + ("..." if self.nargs != 1 else "")


class Command(typer.core.TyperCommand):
    """A command whose usage line and argument list read plainly, and whose paths, guideline folders,
    scenario names and formats complete in the shell (lnnav.cli.completion)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from lnnav.cli.completion import attach

        for param in self.params:
            if type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument
            attach(param)

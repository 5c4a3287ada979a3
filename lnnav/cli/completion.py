"""Shell completion: what the shell offers after a partly typed option or argument.

Typer's completion scripts (``lnnav --install-completion``) call lnnav back with
``_LNNAV_COMPLETE`` set; lnnav.cli.main answers through click's completion machinery with
the whole CLI built. Typer's bash and zsh scripts show values only (no file or folder
completion of their own), so paths, guideline folders and scenario names are listed
here. Nothing is printed; nothing is loaded beyond a folder listing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

COMPLETE_VAR = "_LNNAV_COMPLETE"
TEXT_FORMATS = ["text", "json"]


def paths(_ctx: Any, _param: Any, incomplete: str, *, folders_only: bool = False) -> list[str]:
    """Files and folders starting with what was typed (folders end with "/")."""
    head, _sep, tail = incomplete.rpartition("/")
    base = Path(head + "/" if head or incomplete.startswith("/") else ".")
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        return []
    out = []
    for entry in entries:
        if not entry.name.startswith(tail) or (entry.name.startswith(".") and not tail.startswith(".")):
            continue
        is_dir = entry.is_dir()
        if folders_only and not is_dir:
            continue
        shown = f"{head}/{entry.name}" if head or incomplete.startswith("/") else entry.name
        out.append(shown + ("/" if is_dir else ""))
    return out


def folders(ctx: Any, param: Any, incomplete: str) -> list[str]:
    return paths(ctx, param, incomplete, folders_only=True)


def scenario_names(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The guideline's scenario names (the guideline given so far, else the default one), then files."""
    from lnnav.cli.paths import guideline_folder

    given = ctx.params.get("guideline") if ctx is not None else None
    folder = guideline_folder(Path(given) if given else None) / "scenarios"
    try:
        names = sorted(p.stem for p in folder.glob("*.yaml"))
    except OSError:
        names = []
    return [n for n in names if n.startswith(incomplete)] + paths(ctx, param, incomplete)


def formats(_ctx: Any, _param: Any, incomplete: str) -> list[str]:
    return [f for f in TEXT_FORMATS if f.startswith(incomplete)]


def attach(param: Any) -> None:
    """Give a parameter the completion that fits it, by what it is (an option's flag, an argument's name)."""
    if getattr(param, "_custom_shell_complete", None) is not None or getattr(param, "choices", None):
        return
    opts = set(getattr(param, "opts", ()))
    name = getattr(param, "name", "")
    annotation = str(getattr(getattr(param, "type_descriptor", None), "annotation", ""))
    if "--guideline" in opts or name == "folder":
        param._custom_shell_complete = folders
    elif name == "scenario":
        param._custom_shell_complete = scenario_names
    elif "--format" in opts and "str" in annotation:
        param._custom_shell_complete = formats
    elif "Path" in annotation:
        param._custom_shell_complete = paths

"""The Typer application object and the output helpers the commands share.

Results go to stdout; prompts, warnings and errors to stderr. Colour follows
NO_COLOR and --no-color; rich is imported only when something is rendered.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from lnnav.coercion import install

if TYPE_CHECKING:
    from rich.console import Console

APP_SETTINGS: dict[str, object] = {
    "name": "lnnav",
    "help": "Guideline navigator for resistant and relapsing proliferative lupus nephritis "
    "(ISN/RPS class III/IV +/- V). Supports, and does not replace, clinical judgement.",
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
install()  # option values without importing pydantic, where Typer would (see lnnav.coercion)


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


def no_color_wanted(flag: bool) -> bool:
    return flag or "NO_COLOR" in os.environ


def console(file: TextIO | None = None, *, no_color: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console

    plain = no_color_wanted(no_color)
    # color_system=None drops bold and underline too: "no colour" should mean plain text
    return Console(file=file, stderr=stderr, no_color=plain, color_system=None if plain else "auto",
                   highlight=False, emoji=False, soft_wrap=False)


def warn(message: str) -> None:
    print(f"lnnav: warning: {message}", file=sys.stderr)


GUIDELINE_ENV = "LNNAV_GUIDELINE"


def guideline_dir(option: Path | None, *, announce: bool = True) -> Path:
    """The guideline folder a command reads: --guideline, else $LNNAV_GUIDELINE, else the bundled one.

    The folder is named on stderr (``announce``) because an installed copy and the
    checkout being edited look alike: a maintainer must see which one was read.
    """
    from lnnav.paths import bundled_guideline

    env = os.environ.get(GUIDELINE_ENV, "")
    folder = option if option is not None else Path(env) if env else bundled_guideline()
    if announce:
        from lnnav.loader import display_path

        print(f"lnnav: guideline: {display_path(folder)}", file=sys.stderr)
    return folder


# what --output's file name says about the format wanted, when --format is not given
SUFFIX_FORMATS = {".html": Format.html, ".htm": Format.html, ".md": Format.markdown, ".markdown": Format.markdown,
                  ".json": Format.json, ".txt": Format.text}


def pick_format(fmt: Format | None, output: Path | None) -> Format:
    """An explicit --format wins; else the --output file's suffix; else text."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), Format.text)
    return Format.text


def write_output(text: str, output: Path | None) -> None:
    """Write a result to --output (or stdout, also for ``--output -``), naming the file on stderr."""
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from lnnav.errors import UsageError

    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    print(f"lnnav: written to {output}", file=sys.stderr)

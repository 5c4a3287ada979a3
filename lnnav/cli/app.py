"""The Typer application object and the output helpers the commands share.

Results go to stdout; prompts, warnings and errors to stderr. Colour follows
NO_COLOR and --no-color; rich is imported only when something is rendered.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import typer

from lnnav.cli.coercion import install
from lnnav.cli.usage import Group

if TYPE_CHECKING:
    from rich.console import Console

APP_SETTINGS: dict[str, object] = {
    "name": "lnnav",
    "help": "Guideline navigator for resistant and relapsing proliferative lupus nephritis "
    "(ISN/RPS class III/IV +/- V). Supports, and does not replace, clinical judgement.",
    "add_completion": True,  # --install-completion, --show-completion (answered in lnnav.cli.main._complete)
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "cls": Group,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
install()  # option values without importing pydantic, where Typer would (see lnnav.cli.coercion)


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
    if file is None and not stderr:
        file = cast("TextIO", _Stdout())
    # color_system=None drops bold and underline too: "no colour" should mean plain text
    return Console(file=file, stderr=stderr, no_color=plain, color_system=None if plain else "auto",
                   highlight=False, emoji=False, soft_wrap=False)


class _Stdout:
    """sys.stdout as rich sees it (a terminal or not, its encoding), written with write_stdout."""

    def write(self, text: str) -> int:
        write_stdout(text)
        return len(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"


def interactive_memory() -> None:
    """Turn the cycle collector back on for an interactive run.

    ``run`` turns it off: a batch command is short and its data has no cycles.
    A consult at the terminal is long-lived, and prompt_toolkit makes reference
    cycles with each question: without the collector it grew about 1.6 MB a question.
    """
    import gc

    gc.enable()


def warn(message: str) -> None:
    say(f"lnnav: warning: {message}")


def say(line: str) -> None:
    """A note on stderr; a stderr that is full or closed loses the note, not the result."""
    from lnnav.base.text import visible

    with contextlib.suppress(OSError, ValueError):
        print(visible(line), file=sys.stderr)


def folder_shown(folder: Path) -> str:
    """A guideline folder as messages name it: short, but never "." (which would not say which one)."""
    from lnnav.format.loader import display_path

    shown = display_path(folder)
    return str(folder.resolve()) if shown == "." else shown


def guideline_dir(option: Path | None, *, announce: bool = True) -> Path:
    """The guideline folder a command reads (lnnav.cli.paths.guideline_folder), named on stderr.

    The folder is named (``announce``) because an installed copy and the checkout
    being edited look alike: a maintainer must see which one was read.
    """
    from lnnav.cli.paths import guideline_folder

    folder = guideline_folder(option)
    if announce:
        say(f"lnnav: guideline: {folder_shown(folder)}")
    return folder


# what --output's file name says about the format wanted, when --format is not given
SUFFIX_FORMATS = {".html": Format.html, ".htm": Format.html, ".md": Format.markdown, ".markdown": Format.markdown,
                  ".json": Format.json, ".txt": Format.text}


# file names that promise a rendered document or picture, which lnnav does not write: text in a
# file named x.pdf is a result lost to whoever opens it, so such a name is refused whatever --format says
RENDERED = {".pdf": "PDF", ".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF",
            ".webp": "WebP", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".ps": "PostScript",
            ".eps": "PostScript", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "RTF",
            ".epub": "EPUB", ".xls": "Excel", ".xlsx": "Excel", ".pptx": "PowerPoint"}


def refuse_rendered(output: Path | None, writes: str, hints: dict[str, str] | None = None) -> None:
    """Refuse an --output whose name asks for a format in RENDERED.

    Args:
        output: the --output file (None or "-": stdout, never refused).
        writes: what the command writes, with the file names that pick it.
        hints: for a rendered format (RENDERED's value), how to get it from what lnnav writes.

    Raises:
        UsageError: the name ends in one of RENDERED's suffixes.
    """
    if is_stdout(output):
        return
    assert output is not None
    kind = RENDERED.get(output.suffix.lower())
    if kind is None:
        return
    from lnnav.base.errors import UsageError
    from lnnav.base.text import echo

    hint = (hints or {}).get(kind, "")
    raise UsageError(f"--output {echo(str(output))}: lnnav does not write {kind}; it writes {writes}: name the file "
                     f"for one of them" + (f" ({hint})" if hint else ""))


def pick_format(fmt: Format | None, output: Path | None) -> Format:
    """An explicit --format wins; else the --output file's suffix; else text.

    Raises:
        UsageError: the --output name asks for a rendered format lnnav does not write (RENDERED).
    """
    refuse_rendered(output, "text (.txt), Markdown (.md), JSON (.json) or HTML (.html)",
                    {"PDF": "an HTML page prints to PDF from a browser"})
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), Format.text)
    return Format.text


def is_stdout(output: Path | None) -> bool:
    """``--output -`` means standard output, as no --output does."""
    return output is None or str(output) == "-"


def one_file(paths: list[Path] | None, option: str) -> Path | None:
    """The one file an option names; given twice, a usage error rather than the last one silently winning."""
    if not paths:
        return None
    if len(paths) > 1:
        from lnnav.base.errors import UsageError
        from lnnav.base.text import echo

        raise UsageError(f"{option} is given {len(paths)} times ({', '.join(echo(str(p)) for p in paths)}); "
                         "give one file (--set adds single answers on top of it)")
    return paths[0]


def check_writable(output: Path | None, *, keep: tuple[tuple[Path | None, str], ...]) -> None:
    """Refuse, before any work, an output that would overwrite an input of the same run.

    Args:
        output: the file to be written (None or "-": stdout).
        keep: (path, what it is) for each file that must survive, e.g. the --answers file.

    Raises:
        UsageError: ``output`` names one of ``keep``.
    """
    if is_stdout(output):
        return
    assert output is not None
    from lnnav.base.errors import UsageError
    from lnnav.base.files import same_file
    from lnnav.base.text import echo

    for path, what in keep:
        if path is not None and not is_stdout(path) and (same_file(output, path) or output == path):
            raise UsageError(f"{echo(str(output))}: is {what}; refusing to write over it (choose another file)")


def write_output(text: str, output: Path | None, *, fallback: str = "replace") -> None:
    """Write a result to --output (or stdout), naming the file on stderr.

    A file is replaced atomically (lnnav.base.files.write_atomic): a full disk leaves the
    old one intact. On a stdout that cannot encode some character (ASCII, a legacy
    code page), ``fallback`` says how it is written losslessly: "json" as a \\u
    escape, "html" as a character reference; "replace" (text, Markdown) as "?".
    """
    text = text if text.endswith("\n") else text + "\n"
    if is_stdout(output):
        write_stdout(encodable(text, getattr(sys.stdout, "encoding", None) or "utf-8", fallback))
        return
    assert output is not None
    from lnnav.base.errors import UsageError
    from lnnav.base.files import write_atomic
    from lnnav.base.text import echo

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"{echo(str(output))}: cannot write: {exc.strerror or exc}") from None
    say(f"lnnav: written to {output}")


def write_stdout(text: str) -> None:
    """Write all of ``text`` to stdout, or raise: never a silent partial write.

    A write that a closing reader cuts short returns the part written, and
    Python's buffered stdout then drops the rest without an error (exit 0, the
    result lost). Writing to the descriptor directly sees EPIPE on the next write.
    """
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # captured (tests), or not a file
        stream.write(text)
        return
    data = text.encode(stream.encoding or "utf-8", stream.errors or "strict")
    stream.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def encodable(text: str, encoding: str, fallback: str) -> str:
    """``text`` with what ``encoding`` cannot hold escaped the way its format reads back."""
    if fallback == "replace" or encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    handler = "xmlcharrefreplace" if fallback == "html" else _json_escapes()
    return text.encode(encoding, handler).decode(encoding)


def _json_escapes() -> str:
    """The name of a codec error handler writing JSON \\u escapes (surrogate pairs above U+FFFF)."""
    import codecs

    def handler(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeEncodeError)
        out = []
        for char in exc.object[exc.start:exc.end]:
            code = ord(char)
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        return "".join(out), exc.end

    codecs.register_error("lnnav-json", handler)
    return "lnnav-json"


def write_json(doc: object, output: Path | None = None) -> None:
    """A JSON document on stdout or in --output: control characters escaped, any encoding."""
    from lnnav.base.text import json_text

    write_output(json_text(doc), output, fallback="json")

"""Writing a laid-out text result: where it goes decides how it is drawn.

To a file or a pipe: plain text at a stable width (``COLUMNS`` when valid, else
100), without importing rich. To a terminal: at the terminal's width, in colour
unless colour is off, and through a pager (``$PAGER``, else ``less -R``) when it is
taller than the screen, so that its first lines (the card) are what is seen first.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from lnnav.output.layout import MIN_WIDTH, Block, Line, lay_out_all, plain, text_width


def is_stdout(output: Path | None) -> bool:
    """No --output, or ``--output -``: the result goes to standard output."""
    return output is None or str(output) == "-"


def width_for(output: Path | None) -> int:
    """The width a text result is laid out at: the terminal's, else a stable one (COLUMNS or 100)."""
    if is_stdout(output) and sys.stdout.isatty():
        return max(shutil.get_terminal_size().columns, MIN_WIDTH)
    return text_width()


def emit_text(blocks: Iterable[Block], output: Path | None, *, no_color: bool, pager: bool = True,
              width: int | None = None) -> None:
    """Write ``blocks`` to ``output`` (a file) or standard output, as the destination wants it."""
    from lnnav.cli.app import no_color_wanted, write_output

    to_file = not is_stdout(output)
    tty = not to_file and sys.stdout.isatty()
    lines = lay_out_all(blocks, width or width_for(output))
    # FORCE_COLOR asks for colour in a pipe too (as rich and many tools read it); a file never gets it
    coloured = (tty or (not to_file and bool(os.environ.get("FORCE_COLOR")))) and not no_color_wanted(no_color)
    text = ansi(lines) if coloured else plain(lines)
    if tty and pager and len(lines) > shutil.get_terminal_size().lines - 1 and page(text):
        return
    write_output(text, output)


def ansi(lines: list[Line]) -> str:
    """Laid-out lines with the terminal's colours, drawn through rich ``Text`` (never markup)."""
    from lnnav.cli.app import console
    from lnnav.cli.render import styled

    c = console()
    with c.capture() as captured:
        c.print(styled(lines), soft_wrap=True)  # already wrapped: rich must not wrap or crop again
    return captured.get()


def pager_command() -> list[str]:
    """``$PAGER`` as the user wrote it, else ``less -R``."""
    return shlex.split(os.environ.get("PAGER", "").strip() or "less -R")


def page(text: str) -> bool:
    """Show ``text`` through the pager; False when no pager could be started or it failed (then print it).

    A pager that exits with an error status (``PAGER=false``, a pager that cannot
    open the terminal) showed nothing, or not the whole of it: the result is printed
    rather than lost. One the user quits (``q``, even before the end) exits 0, and
    one stopped by a signal (Ctrl-C in ``more``) was seen: neither is printed again.
    """
    import signal

    # like git: unless told otherwise, less leaves the page on the screen when it ends (X),
    # ends by itself when everything fits (F), and shows colours (R)
    env = os.environ | ({} if "LESS" in os.environ else {"LESS": "FRX"})
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        proc = subprocess.Popen(pager_command(), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    assert proc.stdin is not None
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
            proc.stdin.close()
        except BrokenPipeError:  # the reader quit before reading it all
            pass
        status = proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return status <= 0

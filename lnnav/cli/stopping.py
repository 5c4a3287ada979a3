"""Signals that end an interactive consult: SIGTERM and SIGHUP stop it as Ctrl-C does.

A front-end module (it knows prompt_toolkit): while a question is on the screen, the
signal asks the prompt to end with ``Stopped``, so the terminal is put back as it was;
between questions, ``Stopped`` is raised where the program is. Either way it reaches
the code that keeps the answers given so far (lnnav.cli.commands.consult). SIGINT needs
no handler here: prompt_toolkit turns it into the ``<sigint>`` key while a question
is asked (lnnav.cli.prompts binds it), and Python into KeyboardInterrupt otherwise.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType
from typing import Any

from lnnav.base.errors import Stopped

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

_asking: list[Any] = []  # the prompt_toolkit Application on the screen, if any (the innermost last)


class Received:
    """The stop signal that arrived, if any (0 until one does)."""

    signum = 0


@contextlib.contextmanager
def asking(app: Any) -> Iterator[None]:
    """Mark ``app`` (a prompt_toolkit Application) as the question on the screen while it runs.

    Its own context variable is not seen from a signal handler, which runs outside
    the prompt's task.
    """
    _asking.append(app)
    try:
        yield
    finally:
        _asking.remove(app)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[Received]:
    """Within the block, SIGTERM and SIGHUP end the consult with ``Stopped``; the handlers
    before are put back after."""
    received = Received()

    def handler(signum: int, frame: FrameType | None) -> None:
        if received.signum:
            return  # a closing terminal may send HUP, then TERM: the first one is being handled
        received.signum = signum
        app = _asking[-1] if _asking else None
        loop = getattr(app, "loop", None)
        if app is not None and loop is not None and app.is_running:
            # run in the prompt's own loop: scheduled from here, the call also wakes it when idle
            loop.call_soon_threadsafe(_exit, app, signum)
            return
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _exit(app: Any, signum: int) -> None:
    if not app.future.done():
        app.exit(exception=Stopped(signum))


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP are ignored: the answers being saved after a stop
    are not cut short by the next signal (a closing terminal sends HUP, then more)."""
    ignored = (signal.SIGINT, *SIGNALS)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in ignored}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

"""A "did you mean" for a name that is not one of those allowed."""

from __future__ import annotations

import difflib


def closest(name: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The one of ``choices`` close enough to ``name`` to be what was meant, if any."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.75)
    return close[0] if close else None


def suggest(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A '; did you mean "x"?' tail when a close match exists."""
    close = closest(name, choices)
    return f'; did you mean "{close}"?' if close else ""

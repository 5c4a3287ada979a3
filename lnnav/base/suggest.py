"""A "did you mean" for a name that is not one of those allowed."""

from __future__ import annotations

import difflib


def suggest(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A '; did you mean "x"?' tail when a close match exists."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.75)
    return f'; did you mean "{close[0]}"?' if close else ""

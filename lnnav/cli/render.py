"""Front-end: laid-out text (lnnav.output.layout) drawn as rich ``Text`` for a colour terminal. Prints nothing.

Guideline text goes into ``Text`` objects only, never into a string rich would
parse: ``[mg/day]`` in an action is clinical text, not markup.
"""

from __future__ import annotations

from rich.text import Text

from lnnav.output.layout import Line


def styled(lines: list[Line]) -> Text:
    """Laid-out lines as one rich ``Text``: styles are attributes, text stays data."""
    out = Text()
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for text, style in line:
            out.append(text, style=style or None)
    return out

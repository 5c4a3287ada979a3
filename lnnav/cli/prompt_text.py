"""What a question shows at the prompt, as plain strings laid out for the screen width.

A question shows its text, one short definition line (the first paragraph of its
help, format v2), then the options; the rest of the help (the evidence) is one key
away. Every line is wrapped under itself, never cut at the screen edge: prompt
toolkit draws a choice list without wrapping, so labels arrive already wrapped.
No questionary here (it is tested without a terminal).
"""

from __future__ import annotations

import re

from lnnav.base.text import one_line
from lnnav.output.layout import Block, lay_out, plain

SHORT = 240  # characters: a first paragraph longer than this is evidence, not a definition line
POINTER = 3  # questionary draws " » " (or three spaces) before each choice
CHECKBOX = 5  # and " » ○ " before each tick box
EVIDENCE_LABEL = "? Show the evidence"
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z(])")




def paragraphs(help_text: str) -> list[str]:
    """The help's paragraphs (split at blank lines), each on one line."""
    return [one_line(p) for p in re.split(r"\n\s*\n", help_text.strip()) if p.strip()]


def definition(help_text: str) -> str:
    """The one short definition line: the help's first paragraph when it is short.

    A guideline written before format v2 may open its help with a long paragraph of
    evidence; then its first sentence stands in, or nothing when that is long too.
    """
    parts = paragraphs(help_text)
    if not parts:
        return ""
    first = parts[0]
    if len(first) <= SHORT:
        return first
    sentence = _SENTENCE.split(first, maxsplit=1)[0]
    return sentence if len(sentence) <= SHORT else ""


def has_evidence(help_text: str) -> bool:
    """Whether the help says more than its definition line."""
    parts = paragraphs(help_text)
    return bool(parts) and (len(parts) > 1 or parts[0] != definition(help_text))


def label(text: str, width: int, lead: int = POINTER) -> str:
    """An option label wrapped under itself, after the ``lead`` columns questionary draws before it."""
    return _under(one_line(text), width - lead, lead)


def _under(text: str, room: int, lead: int) -> str:
    lines = plain(lay_out(Block(((text, ""),)), max(room, 10))).rstrip("\n").split("\n")
    return ("\n" + " " * lead).join(lines)


def question(number: str, text: str, width: int) -> str:
    """The question line after its number ("3."), wrapped under its own first word."""
    lead = len(number) + 1
    return _under(one_line(text), width - lead - 1, lead)


def note(text: str, width: int, lead: int = POINTER) -> str:
    """A line under the question (definition, instructions), indented like the options."""
    return " " * lead + _under(one_line(text), width - lead, lead)


def evidence(help_text: str, width: int) -> str:
    """The help beyond its definition line (which the prompt already shows), paragraph by paragraph,
    for the evidence key; the whole help when its first paragraph was too long to be the definition."""
    parts = paragraphs(help_text)
    if parts and parts[0] == definition(help_text):
        parts = parts[1:]
    return "\n\n".join(note(p, width) for p in parts)

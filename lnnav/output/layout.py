"""Plain-text layout: paragraphs of styled spans wrapped to a width. Imports nothing heavy.

Text results (the consult card and details, ``lnnav show``, tables off the
terminal) are laid out here once; a terminal with colour only turns each laid-out
line into a rich ``Text`` (lnnav.cli.render), and everything else is written as
plain strings. Words are never cut and never replaced by "...": a word longer
than the line (a DOI, a URL) stands alone on its line and runs past the width,
so that it can still be copied whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import NamedTuple

DEFAULT_WIDTH = 100
MIN_WIDTH = 20  # a narrower COLUMNS is taken as a mistake, not a request

Span = tuple[str, str]  # (text, style); style is a rich style name, "" for none
Line = list[Span]

_SPACE = re.compile(r"(\s+)")
# text that word-wrapping would change: doubled, leading or trailing spaces, tabs, newlines
_UNTIDY = re.compile(r"\s\s|[^\S ]|^ | $")


class Block(NamedTuple):
    """A paragraph: its spans, and a mark (``1.``, ``!``, ``[2]``) that the wrapped text hangs from.

    ``mark_width`` lines up the text of a list whose marks differ in length;
    ``indent`` moves the whole paragraph right. An empty block is a blank line.
    """

    spans: tuple[Span, ...] = ()
    mark: str = ""
    mark_width: int = 0
    indent: int = 0
    mark_style: str = ""


BLANK = Block()


def para(text: str, style: str = "", *, indent: int = 0) -> Block:
    return Block(((text, style),), indent=indent)


def marked(marks: list[str], items: Iterable[str], *, mark_style: str = "", indent: int = 0,
           style: str = "") -> list[Block]:
    """A list whose items wrap under their own text, not under the marks."""
    width = max((len(m) for m in marks), default=0)
    return [Block(((item, style),), mark, width, indent, mark_style) for mark, item in zip(marks, items, strict=True)]


def numbered(items: Iterable[str], *, indent: int = 0) -> list[Block]:
    texts = list(items)
    return marked([f"{n}." for n in range(1, len(texts) + 1)], texts, indent=indent)


def text_width(environ: dict[str, str] | None = None) -> int:
    """The width for text off the terminal: a valid ``COLUMNS``, else 100."""
    raw = (os.environ if environ is None else environ).get("COLUMNS", "").strip()
    return int(raw) if raw.isdigit() and MIN_WIDTH <= int(raw) <= 10_000 else DEFAULT_WIDTH


def _words(spans: tuple[Span, ...]) -> list[list[Span]]:
    words: list[list[Span]] = []
    current: list[Span] = []
    for text, style in spans:
        for part in _SPACE.split(text):
            if not part:
                continue
            if part.isspace():
                if current:
                    words.append(current)
                current = []
            else:
                current.append((part, style))
    if current:
        words.append(current)
    return words


def lay_out(block: Block, width: int) -> list[Line]:
    """A block as lines of at most ``width`` characters (a word longer than a line stands alone)."""
    if not block.spans:
        return [[]]
    lead = " " * block.indent
    mark_cols = max(block.mark_width, len(block.mark))
    first: Line = [(lead, "")] if lead else []
    if mark_cols:
        first += [(block.mark, block.mark_style), (" " * (mark_cols - len(block.mark) + 1), "")]
    hang = block.indent + (mark_cols + 1 if mark_cols else 0)
    room = max(width - hang, 1)
    whole = "".join(t for t, _ in block.spans)
    if len(whole) <= room and not _UNTIDY.search(whole):  # most lines: nothing to wrap or tidy
        return [first + [span for span in block.spans if span[0]]]
    lines: list[Line] = []
    line: Line = first
    used = 0
    for word in _words(block.spans):
        size = sum(len(t) for t, _ in word)
        if used and used + 1 + size > room:
            lines.append(line)
            line, used = [(" " * hang, "")] if hang else [], 0
        if used:
            # the space between two words of one style keeps it (an underlined heading stays whole)
            line.append((" ", word[0][1] if line[-1][1] == word[0][1] else ""))
            used += 1
        line.extend(word)
        used += size
    lines.append(line)
    return lines


def lay_out_all(blocks: Iterable[Block], width: int) -> list[Line]:
    return [line for block in blocks for line in lay_out(block, width)]


def plain(lines: Iterable[Line]) -> str:
    """Laid-out lines as plain text, one per line, with a final newline."""
    return "".join("".join(t for t, _ in line).rstrip() + "\n" for line in lines)

"""Plain-words help for the YAML syntax slips people make most, added to the parser's own words.

The parser names what it tripped on, often lines after the slip and in its own
terms ("mapping values are not allowed in this context"). For the common slips
we know what happened and how to fix it; ``explain`` adds that as one sentence
and, for an unclosed quote, moves the place to the quote that opens it.
No yaml import: ``lnnav.format.yamlio`` passes the parser's message and marks in.
"""

from __future__ import annotations

import re

from lnnav.base.records import NamedTuple

# 0-based line and column, as the parser counts
Mark = tuple[int, int]

_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s+(.*)$")


class SyntaxHelp(NamedTuple):
    """Where to point (0-based) and the message to show."""

    line: int
    col: int
    message: str


def explain(problem: str, context: str, problem_at: Mark | None, context_at: Mark | None,
            text: str) -> SyntaxHelp | None:
    """The parser's message with a sentence on how to fix it, or None when the slip is not a known one.

    Args:
        problem: the parser's problem ("mapping values are not allowed in this context").
        context: the parser's context ("while scanning a quoted scalar"), or "".
        problem_at: where the parser stopped.
        context_at: where the construct it was reading began.
        text: the whole document.
    """
    lines = text.split("\n")

    def line_at(mark: Mark | None) -> str:
        return lines[mark[0]] if mark is not None and mark[0] < len(lines) else ""

    if context == "while scanning a quoted scalar" and context_at is not None:
        quote = line_at(context_at)[context_at[1]:context_at[1] + 1] or '"'
        return SyntaxHelp(*context_at, f"YAML syntax error: the quote {quote} opened here is never closed "
                                       f"({problem}). Add the closing {quote} where the text ends.")
    if problem_at is None:
        return None
    here = line_at(problem_at)
    if problem.startswith("mapping values are not allowed"):
        return SyntaxHelp(*problem_at, f"YAML syntax error: {problem}. {_colon_fix(here, problem_at[1])}")
    if problem == "did not find expected key" or problem == "expected <block end>, but found '-'":
        if here.lstrip().startswith("-"):
            return SyntaxHelp(*problem_at, f"YAML syntax error: {problem}. A list item (\"- \") stands where a "
                                           "\"key: value\" was expected: put the items under a key of their own "
                                           "(\"key:\" on the line above them), or write this line as \"key: value\".")
        return SyntaxHelp(*problem_at, f"YAML syntax error: {problem}. {_INDENT}")
    if problem == "did not find expected '-' indicator" or problem.startswith("expected <block end>, but found '<block"):
        return SyntaxHelp(*problem_at, f"YAML syntax error: {problem}. {_INDENT}")
    return None


_INDENT = ("This line is indented differently from the lines it belongs with: line up the keys of one mapping, "
           "and the \"- \" items of one list, in the same column, with spaces.")


def _colon_fix(line: str, col: int) -> str:
    """An unquoted ": " inside a value, or a key indented deeper than the key above it."""
    m = _KEY.match(line)
    if m is not None and col > len(m.group(1)) + len(m.group(2)) + 1 and ": " in m.group(3) + " ":
        _indent, key, value = m.groups()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return (f"The value of \"{key.strip()}\" contains \": \", which YAML reads as the start of another key: put "
                f"the whole value in quotes ({key.strip()}: {quoted}).")
    return _INDENT

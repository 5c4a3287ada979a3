"""Units a person can type: every unit of a numeric question is read back as itself by the answer reader."""

from __future__ import annotations

import math
import unicodedata

from lnnav.base.errors import Issue
from lnnav.base.text import echo, escape_char
from lnnav.model.guideline import NumericQuestion, fmt_num
from lnnav.model.units import Measured, read_number


def typeable(q: NumericQuestion, issues: list[Issue]) -> None:
    """Every unit of ``q`` can be typed and read back as itself, and converts to a value.

    The answer reader (lnnav.model.units.read_number) is asked, so the rule is its own: a unit
    is refused when "1" followed by it, with or without a space, is not read as one of
    that unit: ``e5`` makes 1e5 a number, ``,5`` a decimal comma, ``5mg`` a 15. A unit
    holding an invisible character matches nothing a person types.
    """
    probe: NumericQuestion | None = None
    for unit, factor, src in ((q.unit, 1.0, q.source), *((a.unit, a.factor, a.source) for a in q.units)):
        # a space other than " " (U+00A0, U+2009) too: it looks like one and is typed as one
        # (ASCII holds none of these: the common case is not looked at character by character)
        bad = [] if unit.isascii() else [c for c in unit if unicodedata.category(c) in ("Cf", "Co", "Cn") or (
            c != " " and unicodedata.category(c) == "Zs")]
        if bad:
            shown = _shown(unit, bad)
            issues.append(Issue(src, f'numeric question "{q.id}": unit "{shown}" cannot be typed: it holds the '
                                f"invisible character {escape_char(bad[0])}; remove it (or write a plain space)"))
            continue
        if not unit.strip() or not (math.isfinite(factor) and factor > 0) or "\n" in unit or "\r" in unit \
                or "\t" in unit:
            continue  # an empty unit or a bad factor has its own message; text over lines is shown, not typed
        # what "1 unit" reads as depends on the question's units alone, which recur from question to question
        key = (q.unit, tuple((a.unit, a.factor) for a in q.units), unit)
        read = _READ_BACK.get(key)
        if read is None:
            if probe is None:
                probe = q._replace(minimum=-math.inf, maximum=math.inf, integer=False)  # the unit alone is under test
            read = _read_back(probe, unit)
            if len(_READ_BACK) >= _READ_BACK_MAX:
                _READ_BACK.clear()
            _READ_BACK[key] = read
        one = read[0]
        if one is None or read[1] != one or one == 0:  # said only in a finding
            shown = _shown(unit, bad)
        if one is None or read[1] != one:
            issues.append(Issue(src, f'numeric question "{q.id}": unit "{shown}" cannot be typed after a number: '
                                f'"{echo("1" + unit, 60)}" reads as {_as_read(read[1], q)}; name the unit with a letter '
                                "first (not a digit, an exponent like e5, or a decimal comma)"))
        elif one == 0:
            issues.append(Issue(src, f'numeric question "{q.id}": the factor of unit "{shown}" ({factor:g}) is too '
                                f"small: one {shown} is read as 0 {q.unit}; give the factor as how many "
                                f"{q.unit} one {shown} is"))


def _shown(unit: str, bad: list[str]) -> str:
    """A unit as a message quotes it, its invisible characters escaped."""
    return echo("".join(escape_char(c) if c in bad else c for c in unit), 60)


_READ_BACK: dict[tuple[str, tuple[tuple[str, float], ...], str], tuple[float | None, float | None]] = {}
_READ_BACK_MAX = 4096  # a bound on what a long-lived process keeps


def _read_back(probe: NumericQuestion, unit: str) -> tuple[float | None, float | None]:
    """What "1 unit" and "1unit" read as, in ``probe``'s canonical unit (None: no number)."""
    read: list[float | None] = []
    for typed in (f"1 {unit}", f"1{unit}"):
        try:
            got = read_number(probe, typed)
        except ValueError:
            got = None
        read.append(None if got is None else got.value if isinstance(got, Measured) else got)
    return read[0], read[1]


def _as_read(value: float | None, q: NumericQuestion) -> str:
    return "no number" if value is None else f"the number {fmt_num(value)} {q.unit}"

"""Numbers as people type them: a value, maybe a decimal comma, maybe a unit.

A numeric question has one canonical unit and may accept others, each with the
factor that turns it into the canonical unit. Values are kept canonical; what was
typed is kept beside it, so output can show ``115 µmol/L = 1.30 mg/dL``.
"""

from __future__ import annotations

import math
import re

from lnnav.base.text import echo
from lnnav.model.guideline import NumericQuestion, fmt_num

_GROUPING = tuple("_0123456789")  # what a unit cannot start with: the rest of a number written in groups
MAX_UNIT_ECHO = 40  # characters of an unknown unit echoed back: a unit is a word or two
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
# 5,100 may be 5.1 with a decimal comma or 5100 with a thousands separator: a tenfold-or-more
# error either way, so it is refused rather than guessed (1,3 and 1,25 are decimal commas)
_AMBIGUOUS_COMMA = re.compile(r"^[-+]?\d+,\d{3}(?:[eE]|$)")
_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(?:,\d{3}){2,}(?!\d)")


class Measured:
    """A number answer typed in another unit: the canonical value and what was typed.

    Not a tuple (a multi answer is a tuple of option ids), so isinstance tells them apart.
    """

    __slots__ = ("typed", "value")

    def __init__(self, value: float, typed: str) -> None:
        self.value = value
        self.typed = typed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Measured) and (self.value, self.typed) == (other.value, other.typed)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Measured({self.value!r}, {self.typed!r})"


def norm_unit(unit: str) -> str:
    """Units compare without spaces or case, µ (either code point) read as u."""
    return unit.replace(" ", "").replace("µ", "u").replace("μ", "u").lower()


def accepted_units(q: NumericQuestion) -> str:
    return ", ".join([q.unit, *(u.unit for u in q.units)])


def read_number(q: NumericQuestion, text: str) -> float | Measured:
    """A typed answer as the canonical value (plain float when typed in the canonical unit).

    Raises:
        ValueError: what was wrong, with the accepted units and range, and the unit that
            would fit when a number is out of range in the one it was read in.
    """
    m = _NUMBER.match(text)
    if not m or m.group(2).startswith(_GROUPING):  # 1_000 or "1 000": digits grouped, not a number and a unit
        raise ValueError(f'"{echo(text.strip())}" is not a number: enter a number in {accepted_units(q)} '
                         f"({fmt_num(q.minimum)} to {fmt_num(q.maximum)} {q.unit})")
    if grouped := _THOUSANDS.match(text):
        raise ValueError(f'"{echo(text.strip())}" has thousands separators: type the number without them '
                         f"({grouped.group().strip().replace(',', '')})")
    if _AMBIGUOUS_COMMA.match(m.group(1)):
        whole, decimals = m.group(1).split(",", 1)
        digits = decimals[:3]
        raise ValueError(f'"{echo(text.strip())}" is ambiguous: the comma may be a decimal comma '
                         f"({fmt_num(float(whole + '.' + digits))}) or a thousands separator ({whole}{digits}); "
                         "type the number without it")
    number, unit = m.group(1).replace(",", "."), m.group(2)
    value = float(number) + 0.0  # + 0.0: "-0" is read as 0, not -0.0
    if not math.isfinite(value):
        raise ValueError(f'"{echo(text.strip())}" is not a finite number')
    if not unit or norm_unit(unit) == norm_unit(q.unit):
        try:
            check_number(q, value)
        except ValueError as exc:
            raise ValueError(f"{exc}{_fitting_unit(q, value, 1.0)}") from None
        return value
    for alt in q.units:
        if norm_unit(unit) == norm_unit(alt.unit):
            canonical = round(value * alt.factor, 9)
            try:
                check_number(q, canonical)
            except ValueError as exc:
                raise ValueError(f"{fmt_num(value)} {alt.unit} = {fmt_num(round(canonical, 4))} {q.unit}: {exc}"
                                 f"{_fitting_unit(q, value, alt.factor)}") from None
            # kept as typed (µ or u, the person's own case): it is what they will recognise
            return Measured(canonical, f"{m.group(1)} {unit}")
    raise ValueError(f'unknown unit "{echo(unit, MAX_UNIT_ECHO)}" for this question; accepted: {accepted_units(q)}')


def _other_units(q: NumericQuestion, number: float, used: float, low: float, high: float) -> list[str]:
    """The accepted units, other than the one of factor ``used``, in which ``number`` lies in low..high
    (canonical), in the order the question lists them."""
    return [unit for unit, factor in ((q.unit, 1.0), *((u.unit, u.factor) for u in q.units))
            if factor != used and low <= number * factor <= high]


def _fitting_unit(q: NumericQuestion, number: float, used: float) -> str:
    """"; did you mean 150 umol/L?" when the number, read in another accepted unit, is a usual value."""
    low, high = q.typical if q.typical is not None else (q.minimum, q.maximum)
    fits = _other_units(q, number, used, max(low, q.minimum), min(high, q.maximum))
    return f"; did you mean {' or '.join(f'{fmt_num(number)} {unit}' for unit in fits)}?" if fits else ""


def parse_number(q: NumericQuestion, text: str) -> float:
    """The canonical value of a typed answer (see ``read_number``)."""
    got = read_number(q, text)
    return got.value if isinstance(got, Measured) else got


def check_number(q: NumericQuestion, value: float) -> None:
    """ValueError unless ``value`` (canonical unit) is allowed for ``q``."""
    if math.isnan(value) or not q.minimum <= value <= q.maximum:
        raise ValueError(f"{fmt_num(value)} {q.unit} is out of range: enter {fmt_num(q.minimum)} to "
                         f"{fmt_num(q.maximum)} {q.unit}")
    if q.integer and value != int(value):
        raise ValueError(f"enter a whole number of {q.unit}")


def implausible(q: NumericQuestion, value: float, typed: str = "") -> str:
    """A sentence when ``value`` (canonical) is allowed but outside the typical range, else "".

    ``typed`` is what was typed in another unit ("2600 mg/g"), if anything: the hint
    then reads that number in the other units.
    """
    if q.typical is None:
        return ""
    low, high = q.typical
    if low <= value <= high:
        return ""
    side = "low" if value < low else "high"
    used = 1.0
    if typed:
        typed_unit = norm_unit(typed.split(" ", 1)[-1])
        used = next((u.factor for u in q.units if norm_unit(u.unit) == typed_unit), 1.0)
    fits = _other_units(q, value / used, used, low, high)
    hint = f"; did you mean {fits[0]}?" if fits else ""
    what = typed or f"{fmt_num(value)} {q.unit}"
    return f"{what} is unusually {side} for this question (typical {fmt_num(low)} to {fmt_num(high)} {q.unit}){hint}"


def shown(q: NumericQuestion, value: float, typed: str = "") -> str:
    """A numeric answer for output: '115 µmol/L = 1.3 mg/dL' when typed in another unit."""
    canonical = f"{value:.4g} {q.unit}" if typed else f"{fmt_num(value)} {q.unit}"
    return f"{typed} = {canonical}" if typed else canonical

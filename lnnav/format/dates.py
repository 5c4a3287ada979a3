"""Calendar dates as the guideline format writes them (YYYY-MM-DD), with errors that say what is wrong."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """A date, or None and the reason it is not one.

    "2026-13-30" is written the right way but has no month 13: the reason says so,
    rather than asking for the YYYY-MM-DD it already has.
    """
    m = _SHAPE.match(text.strip())
    if m is None:
        return None, f'must be a date written YYYY-MM-DD, got "{text}"'
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return None, f"{text}: there is no month {month} (months are 01 to 12)"
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        return None, f"{text}: there is no day {day} in {calendar.month_name[month]} {year} (it has {last} days)"
    return dt.date(year, month, day), ""

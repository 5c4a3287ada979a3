"""Where something was written: a file, and a line and column in it, as editors count."""

from __future__ import annotations

from lnnav.base.records import NamedTuple


class Source(NamedTuple):
    """Where something was written: 1-based line and column, as editors count."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


NO_SOURCE = Source("<none>")

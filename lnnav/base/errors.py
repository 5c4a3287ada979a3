"""The one error family of lnnav, and the located issues it carries.

Every error the user can cause is an ``LnnavError``; the CLI catches this family
once and maps it to a documented exit code. Exceptions never print themselves.
"""

from __future__ import annotations

from typing import Literal

from lnnav.base.records import NamedTuple
from lnnav.base.source import Source

EXIT_OK = 0
EXIT_INVALID_GUIDELINE = 1
EXIT_USAGE = 2
EXIT_IO = 74  # EX_IOERR (sysexits.h): the result could not be written (a full disk, a closed stdout)
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a command stopped by a closed pipe

Severity = Literal["error", "warning"]


class Issue(NamedTuple):
    """One problem found in a file, with where it is and how bad it is."""

    source: Source
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        from lnnav.base.text import visible  # a message may echo what a file holds: shown, never acted on

        return visible(f"{self.source}: {self.severity}: {self.message}", newlines=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


MAX_ISSUES = 20  # problems listed from one answers file or --set; the rest are counted


def bounded(issues: list[Issue], more: int = 0, limit: int = MAX_ISSUES) -> tuple[list[Issue], str]:
    """At most ``limit`` issues, and a line counting the rest ("" when none were left out).

    Args:
        issues: the problems found (possibly more than ``limit``).
        more: problems counted but never turned into an Issue (too many to word).
        limit: how many are listed.
    """
    left = max(len(issues) - limit, 0) + more
    return issues[:limit], (f"... and {left:,} more" if left else "")


class LnnavError(Exception):
    """Base of every error the user can cause; carries its exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as the lines the CLI prints."""
        return [self.message]


class GuidelineError(LnnavError):
    """A guideline folder that cannot be used; ``issues`` holds every problem found."""

    exit_code = EXIT_INVALID_GUIDELINE

    def __init__(self, issues: list[Issue], message: str = "") -> None:
        self.issues = issues
        n = sum(1 for i in issues if i.is_error)
        super().__init__(message or f"guideline is invalid: {n} error(s)")

    def lines(self) -> list[str]:
        return [str(i) for i in self.issues] + [self.message]


class UsageError(LnnavError):
    """Bad command-line input: a missing file, a bad option value."""

    exit_code = EXIT_USAGE


class AnswersError(LnnavError):
    """Scripted answers that do not fit the guideline, or an unreadable answers file."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []

    def lines(self) -> list[str]:
        return [str(i) for i in self.issues] + ([self.message] if self.message else [])


class RecordError(LnnavError):
    """A patient's record (``consult --fhir``) that cannot be read at all: not a FHIR R4 Bundle of one patient."""

    exit_code = EXIT_USAGE


class InputClosed(LnnavError):
    """End of input in the middle of an interactive consult."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str = "input ended before the consult was finished") -> None:
        super().__init__(message)


class Stopped(KeyboardInterrupt):
    """A consult stopped by a signal from outside: SIGTERM, or SIGHUP when its terminal closed.

    A KeyboardInterrupt, so that whatever keeps the answers of a Ctrl-C keeps them for
    these too; the CLI exits with 128 + the signal's number, as a shell reports it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

"""Codes of public code systems that answer a question from the patient's record.

A question names the codes whose values answer it (LOINC for an observation); an
option names the codes that choose it (RxNorm ingredients for a drug, SNOMED CT for a
coded result, FHIR administrative gender for the patient's sex). The mapping is data in
the guideline (FORMAT.md, "From the patient's record"); reading a record is
``lnnav.format.fhir``, matching it to questions ``lnnav.engine.prefill``.
"""

from __future__ import annotations

import re

from lnnav.base.records import NamedTuple
from lnnav.base.source import NO_SOURCE, Source

# short name in the guideline -> the system URI a FHIR coding carries
CODE_SYSTEMS = {
    "loinc": "http://loinc.org",
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "snomed": "http://snomed.info/sct",
    "administrative-gender": "http://hl7.org/fhir/administrative-gender",
}
GENDER = "administrative-gender"
GENDER_CODES = ("male", "female", "other", "unknown")  # FHIR R4 AdministrativeGender, the whole code system

_LOINC = re.compile(r"^(\d{1,7})-(\d)$")
_LOINC_ANSWER = re.compile(r"^LA\d{1,6}-\d$")  # a LOINC answer code (LA15173-0 "Pregnant")
_DIGITS = re.compile(r"^[1-9]\d*$")


class Code(NamedTuple):
    """One code: its system (a short name of CODE_SYSTEMS), the code, and for a number the unit it comes in."""

    system: str
    code: str
    unit: str = ""
    source: Source = NO_SOURCE

    @property
    def key(self) -> tuple[str, str]:
        """The (system URI, code) pair a FHIR coding is compared with."""
        return CODE_SYSTEMS.get(self.system, self.system), self.code

    def __str__(self) -> str:
        return f"{self.system} {self.code}"


class RecordMap(NamedTuple):
    """How a question is answered from the patient's record.

    ``codes``: the observation codes whose value answers it; ``max_age_days``: a value
    measured longer ago does not answer it; ``same_as``: answered by the same value as
    that question (one measurement, asked on two pathways).
    """

    codes: tuple[Code, ...] = ()
    max_age_days: int | None = None
    same_as: str = ""
    source: Source = NO_SOURCE


class Result(NamedTuple):
    """One coded result an option needs: the latest value of the test ``of`` names (one of
    the question's record codes) is ``value``. An option with several needs them all: "HBsAg
    negative and anti-HBc positive" is two results, which no single code can say."""

    of: tuple[str, ...]  # LOINC codes of one test (a test may be coded more than one way)
    value: Code
    source: Source = NO_SOURCE


def code_problem(code: Code) -> str:
    """Why ``code`` cannot be a code of its system ("" when it can): its form, and its check digit."""
    if code.system not in CODE_SYSTEMS:
        return f'unknown code system "{code.system}"; known: {", ".join(CODE_SYSTEMS)}'
    if code.system == "loinc":
        m = _LOINC.match(code.code)
        if not m and _LOINC_ANSWER.match(code.code):
            return ""  # its check digit is not the mod-10 one of a LOINC term, so only its form is checked
        if not m:
            return f'LOINC code "{code.code}" is not of the form NNNNN-N'
        if loinc_check_digit(m.group(1)) != int(m.group(2)):
            return f'LOINC code "{code.code}" has a wrong check digit (for {m.group(1)} it is {loinc_check_digit(m.group(1))})'
    elif code.system == "snomed":
        if not _DIGITS.match(code.code) or not 6 <= len(code.code) <= 18:
            return f'SNOMED CT code "{code.code}" must be 6 to 18 digits'
        if not verhoeff_valid(code.code):
            return f'SNOMED CT code "{code.code}" has a wrong check digit (Verhoeff)'
    elif code.system == "rxnorm":
        if not _DIGITS.match(code.code):
            return f'RxNorm code "{code.code}" must be digits (an RxCUI)'
    elif code.code not in GENDER_CODES:
        return f'"{code.code}" is not an administrative gender; use one of {", ".join(GENDER_CODES)}'
    return ""


def is_loinc_answer(code: Code) -> bool:
    """A LOINC answer code (LA...): a coded value, never what an observation is."""
    return code.system == "loinc" and bool(_LOINC_ANSWER.match(code.code))


def loinc_check_digit(digits: str) -> int:
    """LOINC's mod-10 check digit: odd positions from the right doubled, digits summed."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return (10 - total % 10) % 10


_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
      [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
      [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
      [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
      [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]


def verhoeff_valid(digits: str) -> bool:
    """SNOMED CT identifiers end in a Verhoeff check digit."""
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c == 0

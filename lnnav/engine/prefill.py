"""A patient's record -> answers: the questions whose codes the record holds, with where each value came from.

Every value is checked as a typed one would be (unit, range), and must be recent
enough (``max_age_days``), dated no later than today, final, and the only value
of its day: two different values on the latest day answer nothing. A value not
used is said, with why, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from lnnav.base.text import echo
from lnnav.engine.walk import Origin
from lnnav.model.codes import CODE_SYSTEMS, Code
from lnnav.model.conditions import Answer
from lnnav.model.guideline import AskNode, Guideline, MultiQuestion, NumericQuestion, Option, Question, fmt_num
from lnnav.model.patient import Fact, PatientRecord
from lnnav.model.units import Measured, accepted_units, check_number, norm_unit, shown


class Prefilled(NamedTuple):
    """One answer taken from the record: the value, as shown, and where it came from."""

    question: str
    value: Answer | Measured
    shown: str
    origin: Origin


class Prefill(NamedTuple):
    answers: dict[str, Prefilled]  # in the guideline's question order
    notes: tuple[str, ...]  # values in the record not used, and why


def prefill(g: Guideline, record: PatientRecord, today: dt.date) -> Prefill:
    """The answers ``record`` gives for ``g``'s questions on ``today``."""
    out: dict[str, Prefilled] = {}
    notes: list[str] = list(record.notes)
    for node in g.nodes.values():
        got: Prefilled | None = None
        if isinstance(node, NumericQuestion) and node.record is not None:
            got = _number(g, node, record, today, notes)
        elif isinstance(node, Question) and any(o.codes for o in node.options):
            got = _choice(node, record, today, notes)
        elif isinstance(node, Question) and any(o.results for o in node.options):
            got = _results(node, record, today, notes)
        elif isinstance(node, MultiQuestion) and any(o.codes for o in node.options):
            got = _drugs(node, record)
        if got is not None:
            out[node.id] = got
    return Prefill(out, tuple(notes))


def _keys(codes: tuple[Code, ...]) -> set[tuple[str, str]]:
    return {c.key for c in codes}


def age_on(born: str, today: dt.date) -> int:
    b = dt.date.fromisoformat(born)
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


def _current(q: Question | NumericQuestion, facts: list[Fact], max_age: int | None, today: dt.date,
             notes: list[str]) -> list[Fact]:
    """The facts dated recently enough for ``q`` (a value with no date cannot be shown to be current)."""
    out = []
    for f in facts:
        if f.kind in ("birth", "gender"):  # about the patient, not a measurement
            out.append(f)
            continue
        if not f.date:
            if max_age is not None:
                notes.append(f'{f.where}: has no date, so it cannot answer "{q.id}" ({q.text}); not used')
                continue
        elif dt.date.fromisoformat(f.date) > today:
            notes.append(f'{f.where}: dated {f.date}, after today; not used for "{q.id}"')
            continue
        elif max_age is not None and (today - dt.date.fromisoformat(f.date)).days > max_age:
            notes.append(f'{f.where}: measured {f.date}, more than {max_age} days ago: too old to answer "{q.id}" '
                         f"({q.text}); not used")
            continue
        out.append(f)
    return out


def _latest(q: Question | NumericQuestion, found: list[tuple[Fact, Answer | Measured, float | str]],
            notes: list[str]) -> tuple[Fact, Answer | Measured] | None:
    """The value of the latest day; None (said) when that day holds two different values."""
    if not found:
        return None
    day = max(f.date for f, _v, _k in found)
    latest = [(f, v, k) for f, v, k in found if f.date == day]
    if len({k for _f, _v, k in latest}) > 1:
        listed = ", ".join(f"{f.where}: {_said(v)}" for f, v, _k in latest)
        notes.append(f'"{q.id}" ({q.text}): the record holds different values on {day or "an undated day"} '
                     f"({listed}); none used")
        return None
    return latest[0][0], latest[0][1]


def _said(value: Answer | Measured) -> str:
    if isinstance(value, Measured):
        return value.typed
    return fmt_num(value) if isinstance(value, float) else str(value)


def _number(g: Guideline, q: NumericQuestion, record: PatientRecord, today: dt.date,
            notes: list[str]) -> Prefilled | None:
    assert q.record is not None
    mapping = q.record
    if mapping.same_as:
        other = g.nodes.get(mapping.same_as)
        if not isinstance(other, NumericQuestion) or other.record is None:
            return None
        mapping = other.record
        notes = []  # the values not used were said for the question it is the same as
    keys = _keys(mapping.codes)
    facts = [f for f in record.facts if f.kind in ("observation", "birth") and keys & set(f.concept)]
    found: list[tuple[Fact, Answer | Measured, float | str]] = []
    for f in _current(q, facts, mapping.max_age_days, today, notes):
        if f.kind == "birth":
            value: float | None = float(age_on(f.date, today))
            units: tuple[str, ...] = (q.unit,)
        else:
            value, units = f.value, f.units
        if value is None:
            notes.append(f'{f.where}: has no number for "{q.id}" ({q.text}); not used')
            continue
        read = _in_unit(q, value, units)
        if read is None:
            notes.append(f'{f.where}: unit "{echo(" / ".join(units) or "none")}" is not one "{q.id}" accepts '
                         f"({accepted_units(q)}); not used")
            continue
        canonical = read.value if isinstance(read, Measured) else read
        try:
            check_number(q, canonical)
        except ValueError as exc:
            notes.append(f'{f.where}: {_said(read)} for "{q.id}": {exc}; not used')
            continue
        found.append((f, read, round(canonical, 6)))
    best = _latest(q, found, notes)
    if best is None:
        return None
    f, chosen = best
    number = chosen.value if isinstance(chosen, Measured) else chosen
    assert isinstance(number, float)
    date = f.date if f.kind != "birth" else ""
    return Prefilled(q.id, chosen, shown(q, number, chosen.typed if isinstance(chosen, Measured) else ""),
                     Origin("record", (f.resource,), date))


_ANNOTATION = re.compile(r"\{([^}]*)\}")


def _plain_ucum(unit: str) -> str:
    """A UCUM code as people write the unit: an annotation that is part of the unit is kept
    (mL/min/{1.73_m2} -> mL/min/1.73 m2), a mere label dropped (mg/g{creat} -> mg/g)."""
    return _ANNOTATION.sub(lambda m: m.group(1).replace("_", " ") if any(c.isdigit() for c in m.group(1)) else "",
                           unit)


def _in_unit(q: NumericQuestion, value: float, units: tuple[str, ...]) -> float | Measured | None:
    """The value in ``q``'s canonical unit (a Measured when the record used another it accepts)."""
    for unit in units:
        u = norm_unit(_plain_ucum(unit))
        if u == norm_unit(q.unit):
            return value + 0.0
        for alt in q.units:
            if u == norm_unit(alt.unit):
                return Measured(round(value * alt.factor, 9), f"{fmt_num(value)} {alt.unit}")
    return None


def _choice(q: Question, record: PatientRecord, today: dt.date, notes: list[str]) -> Prefilled | None:
    """A single-choice question: the patient's gender, or a coded observation, chooses an option."""
    keys = _keys(q.record.codes) if q.record else set()
    facts = [f for f in record.facts if (f.kind == "gender" and any(c.system == "administrative-gender"
                                                                   for o in q.options for c in o.codes))
             or (f.kind == "observation" and keys & set(f.concept))]
    found: list[tuple[Fact, Answer | Measured, float | str]] = []
    max_age = q.record.max_age_days if q.record else None
    for f in _current(q, facts, max_age, today, notes):
        chosen = [o for o in q.options if _keys(o.codes) & set(f.coded)]
        if len(chosen) != 1:
            said = ", ".join(f"{s} {c}" for s, c in f.coded) or "no coded value"
            why = "matches no option" if not chosen else "matches more than one option"
            notes.append(f'{f.where}: {echo(said)} {why} of "{q.id}" ({q.text}); not used')
            continue
        found.append((f, chosen[0].id, chosen[0].id))
    best = _latest(q, found, notes)
    if best is None:
        return None
    f, option_id = best
    opt = q.option(str(option_id))
    return Prefilled(q.id, option_id, opt.label if opt else str(option_id), Origin("record", (f.resource,), f.date))


def _results(q: Question, record: PatientRecord, today: dt.date, notes: list[str]) -> Prefilled | None:
    """A single-choice question whose options each need several coded results (HBsAg and anti-HBc):
    each test's latest current value is read, and the one option all of whose results hold is chosen."""
    max_age = q.record.max_age_days if q.record else None
    tests: list[frozenset[str]] = []  # a test is its set of codes, in whatever order a result lists them
    for opt in q.options:
        tests += [frozenset(r.of) for r in opt.results if frozenset(r.of) not in tests]
    latest: dict[frozenset[str], Fact] = {}
    for of in tests:
        keys = {(CODE_SYSTEMS["loinc"], c) for c in of}
        values = {r.value.key for o in q.options for r in o.results if frozenset(r.of) == of}
        facts = [f for f in record.facts if f.kind == "observation" and keys & set(f.concept)]
        found: list[tuple[Fact, Answer | Measured, float | str]] = []
        for f in _current(q, facts, max_age, today, notes):
            hit = sorted(values & set(f.coded))
            if len(hit) != 1:
                said = ", ".join(f"{s} {c}" for s, c in f.coded) or "no coded value"
                notes.append(f'{f.where}: {echo(said)} is no result an option of "{q.id}" ({q.text}) needs; not used')
                continue
            found.append((f, " ".join(hit[0]), " ".join(hit[0])))
        best = _latest(q, found, notes)
        if best is not None:
            latest[of] = best[0]

    def holds(opt: Option) -> bool:
        return all(frozenset(r.of) in latest and r.value.key in latest[frozenset(r.of)].coded for r in opt.results)

    chosen = [o for o in q.options if o.results and holds(o)]
    if len(chosen) != 1:
        if latest:
            said = "; ".join(f"{f.where}: {echo(', '.join(f'{s} {c}' for s, c in f.coded))}"
                             for f in latest.values())
            why = "answer no option of it on their own" if not chosen else "fit more than one of its options"
            notes.append(f'"{q.id}" ({q.text}): the record\'s results ({said}) {why}; it is asked')
        return None
    used = [latest[frozenset(r.of)] for r in chosen[0].results]
    resources = tuple(dict.fromkeys(f.resource for f in used))
    oldest = min((f.date for f in used), default="")  # the answer is as current as its oldest result
    return Prefilled(q.id, chosen[0].id, chosen[0].label, Origin("record", resources, oldest))


def _drugs(q: MultiQuestion, record: PatientRecord) -> Prefilled | None:
    """A multi question of drugs: each option one of whose codes an active drug of the record carries."""
    ticked: list[str] = []
    used: list[str] = []
    for opt in q.options:
        keys = _keys(opt.codes)
        hits = [f for f in record.facts if f.kind == "drug" and keys & set(f.concept)]
        if hits:
            ticked.append(opt.id)
            used += [f.resource for f in hits if f.resource not in used]
    if not ticked:
        return None
    labels = "; ".join(o.label for o in q.options if o.id in ticked)
    return Prefilled(q.id, tuple(ticked), labels, Origin("record", tuple(used)))


def offered(node: AskNode, value: Answer | Measured) -> bool:
    """Whether a record's answer is one of the options the question offers at this point of the consult."""
    if isinstance(node, NumericQuestion):
        return True
    ids = {o.id for o in node.options}
    chosen = value if isinstance(value, tuple) else (str(value),)
    return all(c in ids for c in chosen)

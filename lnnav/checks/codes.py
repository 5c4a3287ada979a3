"""The record mapping of a guideline: codes of known systems, units a question accepts, one code per question.

A code that answered two questions would put one measurement into both (a creatinine
from today into "creatinine when the regimen started"); a question asked on two
pathways that means the same measurement says so with ``same_as`` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.model.codes import GENDER, Code, code_problem, is_loinc_answer
from lnnav.model.guideline import Guideline, MultiQuestion, NumericQuestion, Option, Question
from lnnav.model.units import accepted_units, norm_unit

# which systems each place takes: an observation's code, a coded value, a drug
OBSERVATION_SYSTEMS = ("loinc",)
VALUE_SYSTEMS = ("snomed", "loinc", GENDER)
DRUG_SYSTEMS = ("rxnorm",)

Claim = Callable[[Code, str, str, tuple[str, ...]], None]


def check_codes(g: Guideline, issues: list[Issue]) -> None:
    """Every problem of the guideline's record mapping, located where it is written."""
    first: dict[tuple[str, str], tuple[str, Source]] = {}

    def claim(code: Code, owner: str, where: str, allowed: tuple[str, ...]) -> None:
        problem = code_problem(code)
        if not problem and code.system not in allowed:
            problem = f'{where} takes codes of {" or ".join(allowed)}, not {code.system}'
        if not problem and is_loinc_answer(code) and "record" in where:
            problem = f"{code} is a LOINC answer code (a value), not the code of a test"
        if problem:
            issues.append(Issue(code.source, f'"{owner}": {problem}'))
            return
        seen = first.get(code.key)
        if seen is None:
            first[code.key] = (owner, code.source)
        elif seen[0] != owner or where != "an option":
            other = f'"{seen[0]}" ({seen[1]})' if seen[0] != owner else f"another option of it ({seen[1]})"
            issues.append(Issue(code.source, f'{code} is already a code of {other}: a code answers one question '
                                "and chooses one option (a measurement asked on two pathways: \"same_as\")"))

    for node in g.nodes.values():
        if isinstance(node, NumericQuestion):
            _numeric(g, node, issues, claim)
        elif isinstance(node, Question):
            for code in node.record.codes if node.record else ():
                claim(code, node.id, "a question's record", OBSERVATION_SYSTEMS)
            coded = [o for o in node.options if o.codes]
            resulted = [o for o in node.options if o.results]
            _results(node, resulted, issues)
            if coded and resulted:
                issues.append(Issue(resulted[0].source, f'"{node.id}": its options are chosen by "codes" or by '
                                    '"results", not both in one question'))
            if node.record and node.record.codes and not coded and not resulted:
                issues.append(Issue(node.record.source, f'"{node.id}": "record" names codes but no option has '
                                    '"codes": no value in the record can choose an answer'))
            for opt in coded:
                for code in opt.codes:
                    claim(code, node.id, "an option", VALUE_SYSTEMS)
                    if code.system != GENDER and not (node.record and node.record.codes):
                        issues.append(Issue(code.source, f'"{node.id}": option "{opt.id}" has a {code.system} code '
                                            'but the question has no "record" codes naming the observation that '
                                            "carries it"))
        elif isinstance(node, MultiQuestion):
            for opt in node.options:
                for code in opt.codes:
                    claim(code, node.id, "an option of a multi question", DRUG_SYSTEMS)
                if opt.codes and opt.exclusive:
                    issues.append(Issue(opt.source, f'"{node.id}": option "{opt.id}" is "none of these": a record '
                                        "cannot show that a drug is absent, so it takes no codes"))


def _results(q: Question, options: list[Option], issues: list[Issue]) -> None:
    """Each result names a test of the question's record codes and a coded value; no record can choose two options."""
    tests = {c.code for c in q.record.codes if c.system == "loinc"} if q.record else set()
    groups: list[frozenset[str]] = []
    for opt in options:
        seen: list[frozenset[str]] = []
        for res in opt.results:
            of = frozenset(res.of)
            for code in sorted(of - tests):
                issues.append(Issue(res.source, f'"{q.id}": option "{opt.id}" needs a result of LOINC {code}, which '
                                    'is not one of the question\'s "record" codes'))
            problem = code_problem(res.value)
            if not problem and res.value.system not in ("snomed", "loinc"):
                problem = f"a result's value takes codes of snomed or loinc, not {res.value.system}"
            elif not problem and res.value.system == "loinc" and not is_loinc_answer(res.value):
                problem = f"{res.value} is the code of a test; a result's value is a LOINC answer code (LA...)"
            if problem:
                issues.append(Issue(res.value.source, f'"{q.id}": option "{opt.id}": {problem}'))
            clash = next((g for g in [*groups, *seen] if g != of and g & of), None)
            if clash is not None:
                issues.append(Issue(res.source, f'"{q.id}": option "{opt.id}" names the test {", ".join(sorted(of))}; '
                                    f'another result names it {", ".join(sorted(clash))}: write one test the same '
                                    "way everywhere"))
            elif of in seen:
                issues.append(Issue(res.source, f'"{q.id}": option "{opt.id}" needs two results of one test '
                                    f'({", ".join(sorted(of))})'))
            seen.append(of)
        groups += [g for g in seen if g not in groups]
    for i, a in enumerate(options):
        for b in options[i + 1:]:
            needs = {frozenset(r.of): r.value.key for r in a.results}
            if not any(frozenset(r.of) in needs and needs[frozenset(r.of)] != r.value.key for r in b.results):
                issues.append(Issue(b.source, f'"{q.id}": options "{a.id}" and "{b.id}" can both be chosen by one '
                                    "record: they need no different value of one test"))


def _numeric(g: Guideline, q: NumericQuestion, issues: list[Issue], claim: Claim) -> None:
    rec = q.record
    if rec is None:
        return
    for code in rec.codes:
        claim(code, q.id, "a numeric question's record", OBSERVATION_SYSTEMS)
        if code.unit and norm_unit(code.unit) not in {norm_unit(u) for u in [q.unit, *(a.unit for a in q.units)]}:
            issues.append(Issue(code.source, f'"{q.id}": unit "{code.unit}" of {code} is not one the question accepts '
                                f"({accepted_units(q)})"))
    if rec.same_as:
        other = g.nodes.get(rec.same_as)
        if not isinstance(other, NumericQuestion) or other.record is None or not other.record.codes:
            issues.append(Issue(rec.source, f'"{q.id}": "same_as" names "{rec.same_as}", which is not a numeric '
                                'question with record "codes"'))
        elif norm_unit(other.unit) != norm_unit(q.unit):
            issues.append(Issue(rec.source, f'"{q.id}": "same_as" names "{rec.same_as}", whose unit ({other.unit}) is '
                                f"not this question's ({q.unit})"))
    elif rec.max_age_days is None and rec.codes:
        issues.append(Issue(rec.source, f'"{q.id}": "record" has no "max_age_days": a value measured at any time '
                            "answers it", "warning"))

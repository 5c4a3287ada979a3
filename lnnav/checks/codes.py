"""The record mapping of a guideline: codes of known systems, units a question accepts, one code per question.

A code that answered two questions would put one measurement into both (a creatinine
from today into "creatinine when the regimen started"); a question asked on two
pathways that means the same measurement says so with ``same_as`` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from lnnav.base.errors import Issue
from lnnav.base.source import Source
from lnnav.model.codes import GENDER, Code, code_problem
from lnnav.model.guideline import Guideline, MultiQuestion, NumericQuestion, Question
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
            if node.record and node.record.codes and not coded:
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

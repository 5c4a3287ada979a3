"""A finished consult as plain data: the one shape every output format is made from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lnnav import __version__
from lnnav.base.records import NamedTuple
from lnnav.engine.walk import DrugNote, Step, Walk
from lnnav.model.guideline import Reference

if TYPE_CHECKING:  # a consult without --explain does not import it (a tenth of a JSON consult's own imports)
    from lnnav.engine.explain import Explanation

# the version of this JSON document's shape (keys are only ever added within a version),
# not the guideline format's schema_version
OUTPUT_SCHEMA_VERSION = 1

SUPPORT_LINE = "lnnav supports, and does not replace, clinical judgement."


def ref_numbers(walk: Walk) -> dict[str, int]:
    return {r.id: n for n, r in enumerate(walk.references, start=1)}


def cite(walk: Walk, ref_ids: tuple[str, ...]) -> str:
    """``[1, 3]`` for the given references, numbered as in the reference list."""
    numbers = ref_numbers(walk)
    found = [str(numbers[r]) for r in ref_ids if r in numbers]
    return f"[{', '.join(found)}]" if found else ""


def computed_from(step: Step) -> str:
    """A computed value's inputs as one phrase ("Cyclophosphamide given = 6 g; ..."), for every front-end."""
    return "; ".join(f"{text} = {value}" for _id, text, value in step.inputs)


NOT_OFFERED = "Not offered for this patient"


class Refusal(NamedTuple):
    """One drug this patient is not offered, for every output: its name, why, and the references."""

    drug: str
    name: str
    because: str
    references: tuple[str, ...]


def refusals(walk: Walk) -> list[Refusal]:
    """The drugs of the left-out actions, one each, with their reasons joined, in the actions' order."""
    names = {d.id: d.name for d in walk.guideline.drugs}
    because: dict[str, dict[str, None]] = {}
    refs: dict[str, dict[str, None]] = {}
    for x in walk.not_offered:
        for w in x.withheld:
            because.setdefault(w.drug, {})[w.rule.text] = None
            refs.setdefault(w.drug, {}).update(dict.fromkeys(w.rule.references))
    return [Refusal(d, names.get(d, d), " ".join(because[d]), tuple(refs[d])) for d in because]


def note_label(walk: Walk, note: DrugNote) -> str:
    """How a note under an action is introduced: the drug's name, and "not offered" for a withheld member."""
    name = next((d.name for d in walk.guideline.drugs if d.id == note.drug), note.drug)
    return f"{name} - not offered" if note.withheld else name


def origin_note(walk: Walk, node_id: str) -> str:
    """"from the record: Observation/egfr-1, measured 2025-05-02" for an answer taken from the patient's record."""
    origin = walk.origin(node_id)
    if origin is None or origin.source != "record":
        return ""
    when = f", measured {origin.date}" if origin.date else ""
    return f"from the record: {', '.join(origin.resources)}{when}"


def reference_text(ref: Reference) -> str:
    parts = [ref.citation]
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    if ref.pmid:
        parts.append(f"PMID {ref.pmid}")
    if ref.url and not ref.doi:
        parts.append(ref.url)
    return " ".join(parts)


def _drug_data(walk: Walk, numbers: dict[str, int]) -> dict[str, Any]:
    """The catalogue's part of the outcome (only for a guideline that has a catalogue)."""
    return {
        "proposes": list(walk.proposes),
        "not_offered": [{"text": x.text, "drugs": list(x.drugs), "because": x.because,
                         "references": [numbers[r] for r in x.references if r in numbers]} for x in walk.not_offered],
        "drug_cautions": [{"drug": n.drug, "text": n.text if not n.withheld else f"Not offered: {n.text}",
                           "references": [numbers[r] for r in n.references if r in numbers]}
                          for n in walk.drug_cautions],
    }


def to_data(walk: Walk, explanation: Explanation | None = None) -> dict[str, Any]:
    """The JSON document of a consult (its keys are a public API).

    Args:
        walk: the finished consult.
        explanation: the teaching trace; when given, it is added under "explanation".
    """
    g = walk.guideline
    o = walk.outcome
    numbers = ref_numbers(walk)
    data: dict[str, Any] = {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "lnnav_version": __version__,
        "guideline": {
            "id": g.id,
            "title": g.title,
            "version": g.version,
            "last_reviewed": g.last_reviewed,
            "sha256": g.sha256,
        },
        "answers": walk.answers,
        **({"answers_source": {s.node: walk.origins[s.node].to_data() for s in walk.steps
                                if s.answered and s.node in walk.origins}} if walk.origins else {}),
        "path": [
            {
                "node": s.node,
                "kind": s.kind,
                "text": s.text,
                "answer": s.answer,
                "label": s.label,
                "next": s.next,
                "rule": s.rule,
                **({"typed": s.typed} if s.typed else {}),
                **({"inputs": [{"id": i, "text": t, "value": v} for i, t, v in s.inputs]} if s.inputs else {}),
            }
            for s in walk.steps
        ],
        "outcome": {
            "id": o.id,
            "title": o.title,
            "pathway": o.pathway,
            "pathway_title": g.pathway_title(o.pathway) if o.pathway else "",
            "summary": o.summary,
            "findings": list(walk.findings),
            "grade": o.grade,
            "actions": list(walk.actions),
            "cautions": list(walk.cautions),
            "rationale": o.rationale,
            "references": [numbers[r] for r in o.references if r in numbers],
            **(_drug_data(walk, numbers) if g.drugs else {}),
        },
        "alerts": [
            {
                "id": f.alert.id,
                "title": f.alert.title,
                "text": f.alert.text,
                "grade": f.alert.grade,
                "because": f.because,
                "references": [numbers[r] for r in f.alert.references if r in numbers],
            }
            for f in walk.alerts
        ],
        "references": [
            {"number": numbers[r.id], "id": r.id, "citation": r.citation, "doi": r.doi, "pmid": r.pmid, "url": r.url}
            for r in walk.references
        ],
        "warnings": list(walk.warnings),
        "disclaimer": f"{SUPPORT_LINE} {g.disclaimer}".strip(),
    }
    if explanation is not None:
        from lnnav.engine.explain import to_data as explanation_data

        data["explanation"] = explanation_data(explanation)
    return data

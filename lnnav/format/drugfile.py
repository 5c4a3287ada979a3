"""The drug catalogue file (``drugs:`` in the manifest) -> Drug records, every issue recorded.

Each entry names a drug or a class, the other names text may use for it, a class's
members, and its withhold and caution rules, each with a condition the format
already has. Lookups and the checks that need the whole guideline are elsewhere
(lnnav.model.drugs, lnnav.checks.drugs).
"""

from __future__ import annotations

from lnnav.base.errors import Issue
from lnnav.format.conditions import parse_condition
from lnnav.format.fields import Fields, as_map
from lnnav.format.yamlio import YNode
from lnnav.model.drugs import Drug, DrugRule

DRUG_REQUIRED = ("id", "name")
DRUG_OPTIONAL = ("also", "members", "withhold", "cautions")
WITHHOLD_KEYS = ("when", "because")
CAUTION_KEYS = ("when", "text")
RULE_OPTIONAL = ("references",)


def read_drug_file(root: YNode, issues: list[Issue]) -> tuple[tuple[Drug, ...], bool]:
    """The drugs of a catalogue file, and whether every entry could be read."""
    fmap = as_map(root, "the drug catalogue", issues)
    if fmap is None:
        return (), False
    before = len(issues)
    f = Fields(fmap, "the drug catalogue", issues, ("drugs",))
    out: list[Drug] = []
    seen: dict[str, Drug] = {}
    for item in f.seq("drugs"):
        drug = _drug(item, issues)
        if drug is None or not drug.id:
            continue
        if drug.id in seen:
            issues.append(Issue(drug.source, f'duplicate drug id "{drug.id}" (first defined at {seen[drug.id].source})'))
            continue
        seen[drug.id] = drug
        out.append(drug)
    return tuple(out), len(issues) == before


def _drug(item: YNode, issues: list[Issue]) -> Drug | None:
    dmap = as_map(item, "a drug", issues)
    if dmap is None:
        return None
    f = Fields(dmap, "a drug", issues, DRUG_REQUIRED, DRUG_OPTIONAL)
    drug_id = f.ident("id")
    what = f'drug "{drug_id}"' if drug_id else "a drug"
    f.what = what
    members = f.idents("members", allow_empty=True) if f.has("members") else ()
    for member, src in members:
        if member == drug_id:
            issues.append(Issue(src, f'{what} lists itself among its members; a class holds other drugs'))
    return Drug(
        id=drug_id,
        name=f.text("name"),
        also=f.texts("also", allow_empty=True) if f.has("also") else (),
        members=tuple((m, src) for m, src in members if m != drug_id),
        withhold=_rules(f, "withhold", WITHHOLD_KEYS),
        cautions=_rules(f, "cautions", CAUTION_KEYS),
        source=dmap.source,
    )


def _rules(f: Fields, key: str, keys: tuple[str, str]) -> tuple[DrugRule, ...]:
    out: list[DrugRule] = []
    for n in f.seq(key, allow_empty=True) if f.has(key) else ():
        rmap = as_map(n, f'an item of "{key}"', f.issues)
        if rmap is None:
            continue
        label = "a withhold rule" if key == "withhold" else "a caution"
        r = Fields(rmap, f"{label} of {f.what}", f.issues, keys, RULE_OPTIONAL)
        when_node = r.get("when")
        when = parse_condition(when_node, f.issues) if when_node is not None else None
        text = r.text(keys[1])
        refs = tuple(ref for ref, _src in r.idents("references", allow_empty=True)) if r.has("references") else ()
        if when is not None and text:
            out.append(DrugRule(when, text, refs, rmap.source))
    return tuple(out)

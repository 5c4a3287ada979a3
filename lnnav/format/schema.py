"""The JSON Schema (draft 2020-12) of every YAML file in a guideline folder.

One schema covers the manifest, node files, the bibliography and scenarios, so
that every file can point at the same ``lnnav.schema.json`` and editors need no
per-file setup. It is built here, from the loader's own key lists, and written
to ``guidelines/lnnav.schema.json`` by ``lnnav schema``; a test keeps the two equal.

The schema catches structural slips (keys, types, ids, required fields) as you
type. Graph checks (dangling ``next``, cycles, undefined references) and YAML 1.1
typing (an unquoted ``yes`` is a boolean to lnnav, a string to YAML 1.2 editors)
remain the job of ``lnnav validate``.
"""

from __future__ import annotations

import json
from typing import Any

from lnnav.format.fields import ID_PATTERN
from lnnav.format.loader import MANIFEST_OPTIONAL, MANIFEST_REQUIRED
from lnnav.format.nodefile import NODE_KINDS, NODE_OPTIONAL, NODE_REQUIRED
from lnnav.model.codes import CODE_SYSTEMS
from lnnav.model.conditions import COMPARE_OPS
from lnnav.model.guideline import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS

Schema = dict[str, Any]

SCHEMA_FILE = "lnnav.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _doc(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


def _list(items: Schema, description: str, *, min_items: int = 1) -> Schema:
    out: Schema = {"type": "array", "items": items}
    if min_items:
        out["minItems"] = min_items
    return _doc(out, description)


def _object(properties: dict[str, Schema], required: tuple[str, ...], description: str) -> Schema:
    # the loader rejects unknown keys, so the schema does too (typos are flagged as typed)
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _pick(props: dict[str, Schema], required: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, Schema]:
    """The properties named by the loader's key lists, in the loader's order."""
    return {key: props[key] for key in required + optional}


_TEXT: Schema = {"type": "string", "pattern": r"\S"}
_HELP: Schema = {"type": "string"}
_ID: Schema = {"type": "string", "pattern": ID_PATTERN.pattern}
_NUMBER: Schema = {"type": "number"}
_DATE: Schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# a condition value is taken as written, so yes, 3 and true are all fine
_VALUE: Schema = {"type": ["string", "number", "boolean"]}


def _manifest() -> Schema:
    props: dict[str, Schema] = {
        "schema_version": _doc({"enum": list(SUPPORTED_SCHEMA_VERSIONS)},
                               f"The format version; this lnnav reads {' and '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))} "
                               f"(write {SCHEMA_VERSION} for a new guideline)."),
        "id": _doc(_ID, "The guideline's id."),
        "title": _doc(_TEXT, "Shown on every recommendation."),
        "version": _doc(_TEXT, 'The content version, a quoted string ("1.2.0"); bump it on every content change.'),
        "last_reviewed": _doc(_DATE, "Date of the last clinical review, YYYY-MM-DD."),
        "review_due": _doc(_DATE, "Date the next review is due, YYYY-MM-DD."),
        "intended_use": _doc(_TEXT, "Who it is for and what it covers."),
        "disclaimer": _doc(_TEXT, "Shown on every consult."),
        "grading": _object(
            {
                "name": _doc(_TEXT, "The grading scheme's name."),
                "grades": _list(_ref("grade"), "The grades; a grade used anywhere must be one of these ids."),
            },
            ("name", "grades"),
            "The evidence grading scheme.",
        ),
        "pathways": _list(_ref("pathway"), "Pathways a recommendation may belong to."),
        "start": _doc(_ID, "The id of the first node."),
        "files": _list(_doc(_ID, "A node file name, relative to this folder."), "The node files, in order."),
        "bibliography": _doc(_TEXT, "The bibliography file name."),
        "description": _doc(_TEXT, "Longer text for maintainers."),
        "drugs": _doc(_TEXT, "v2: the drug catalogue file name (drugs.yaml): each drug's names, class members and "
                             "withhold and caution rules."),
    }
    return _object(_pick(props, MANIFEST_REQUIRED, MANIFEST_OPTIONAL), MANIFEST_REQUIRED,
                   "The manifest, guideline.yaml.")


def _rule_label() -> Schema:
    return _doc(_TEXT, "v2: the rule in a clinician's words, shown in the path, --explain and handouts in place of "
                       "its condition.")


def _node_props() -> dict[str, Schema]:
    return {
        "id": _doc(_ID, "Unique across the whole guideline."),
        "text": _doc(_TEXT, "The question, or what is computed."),
        "help": _doc(_HELP, "Definitions and thresholds, with their source; shown with the question."),
        "options": _list(_ref("option"), "The answers; at least two.", min_items=2),
        "unit": _doc(_TEXT, "The canonical unit: answers are kept and compared in it."),
        "units": _list(_ref("unit"), "Other units accepted (v2), each with its factor to the canonical unit."),
        "typical": _doc(_object({"min": _NUMBER, "max": _NUMBER}, ("min", "max"), "A plausible range."),
                        "v2: a value inside min/max but outside this range is confirmed (prompt) or warned about."),
        "unknown": _doc(_object({"label": _TEXT, "next": _ID}, ("label", "next"),
                                 "The answer when the value is not known, and where it leads."),
                        'v2: lets the value be answered as not known ("unknown"); then it counts as not answered.'),
        "record": _doc(_ref("record"), "v2: answered from the patient's record (lnnav consult --fhir): the codes whose "
                       "value answers it, and how recent the value must be."),
        "rules": _list(_ref("rule"), "v2: {when, next} rules tried in order, ending with one {otherwise: NODE}."),
        "show_on_card": _doc({"type": "boolean"}, "v2, routes: true to show the label of the rule taken on the "
                             "outcome card, before its actions; every rule then needs a label."),
        "expr": _doc(_TEXT, "v2: arithmetic over earlier numbers: + - * /, ( ), min, max, abs."),
        "min": _doc(_NUMBER, "The smallest allowed value (inclusive)."),
        "max": _doc(_NUMBER, "The largest allowed value (inclusive)."),
        "integer": _doc({"type": "boolean"}, "true for whole numbers only."),
        "next": _doc(_ID, "Where to go, whatever the value."),
        "branches": _list(_ref("branch"), "The first branch whose every bound holds is taken; the last has no when."),
        "title": _doc(_TEXT, "Short and imperative."),
        "summary": _doc(_TEXT, "One or two sentences."),
        "actions": _list(_ref("action"), "What to do next, check, avoid."),
        "cautions": _list(_ref("item"), "Cautions shown with the outcome.", min_items=0),
        "grade": _doc(_TEXT, "A grade id from the manifest's grading scheme."),
        "references": _list(_ID, "Reference ids from the bibliography; at least one."),
        "rationale": _doc(_TEXT, "Why, for the explanation."),
        "pathway": _doc(_ID, "One of the manifest's pathway ids."),
    }


def _node(kind: str) -> Schema:
    props = _node_props()
    props["kind"] = {"const": kind}
    if kind == "multi":
        props["options"] = _list(_ref("multi_option"), "The answers; at least two.", min_items=2)
        props["next"] = _doc(_ID, "Where to go after any answer.")
    if kind == "compute":
        props["unit"] = _doc(_HELP, 'The unit of the result ("", "%" or "ratio" for none).')
    required = ("id", "kind", *NODE_REQUIRED[kind])
    out = _object(_pick(props, required, NODE_OPTIONAL[kind]), required, f"A node of kind {kind}.")
    if kind == "numeric":
        out["oneOf"] = [{"required": ["next"]}, {"required": ["branches"]}]
    return out


def _condition() -> Schema:
    compare: dict[str, Schema] = {op: _doc(_NUMBER, f"The numeric answer is {op} this.") for op in COMPARE_OPS}
    on_question = _object(
        {"question": _doc(_ID, "A question's or computed value's id."),
         "equals": _doc(_VALUE, "An option id or a category."),
         "in": _list(_VALUE, "Option ids or categories."), **compare,
         "includes": _doc(_VALUE, "v2, multi questions: this option was ticked."),
         "includes_any": _list(_VALUE, "v2, multi questions: at least one of these was ticked."),
         "includes_all": _list(_VALUE, "v2, multi questions: all of these were ticked.")},
        ("question",),
        "A condition on a question's answer.",
    )
    # exactly one form: equals, in, comparisons or an includes form (the loader refuses mixtures)
    on_question["oneOf"] = [{"required": ["equals"]}, {"required": ["in"]},
                            {"anyOf": [{"required": [op]} for op in COMPARE_OPS]},
                            {"required": ["includes"]}, {"required": ["includes_any"]}, {"required": ["includes_all"]}]
    forms: list[tuple[str, Schema]] = [
        ("question", on_question),
        ("answered", _object({"answered": _doc(_ID, "A question or computed value.")}, ("answered",),
                             "v2: the question was answered (or the value computed) in this consult.")),
        ("reached", _object({"reached": _doc(_ID, "A node id.")}, ("reached",), "The consult passed through a node.")),
        ("proposed", _object({"proposed": _doc(_ID, "A drug id of the catalogue.")}, ("proposed",),
                             "v2, alerts and an outcome's cautions only: an action shown on the outcome proposes "
                             "this drug (after withholding; a class counts when one of its members is proposed).")),
        ("proposed_any", _object({"proposed_any": _list(_ID, "Drug ids of the catalogue.")}, ("proposed_any",),
                                 "v2, alerts and an outcome's cautions only: a shown action proposes one of them.")),
        ("always", _object({"always": {"const": True, "description": "Always true."}}, ("always",),
                           "Holds for every consult.")),
        ("all", _object({"all": _list(_ref("condition"), "Every one holds.")}, ("all",), "All of.")),
        ("any", _object({"any": _list(_ref("condition"), "At least one holds.")}, ("any",), "Any of.")),
        ("not", _object({"not": _ref("condition")}, ("not",), "Does not hold.")),
    ]
    return _chain(forms, {"description": "A condition: question, answered, reached, proposed, proposed_any, always, "
                                         "all, any or not.",
                          "type": "object",
                          "required": ["question"]})


def _chain(forms: list[tuple[str, Schema]], last: Schema) -> Schema:
    """If a key is present then its form, else the next: errors name the form meant, not every form.

    Keys may be "a|b": any of them selects the form.
    """
    out = last
    for keys, form in reversed(forms):
        names = keys.split("|")
        test: Schema = {"required": names} if len(names) == 1 else {"anyOf": [{"required": [k]} for k in names]}
        out = {"if": {"type": "object", **test}, "then": form, "else": out}
    return out


def _defs() -> dict[str, Schema]:
    defs: dict[str, Schema] = {
        "manifest": _manifest(),
        "grade": _object({"id": _doc(_TEXT, "The grade as the source writes it."), "description": _TEXT},
                         ("id",), "One grade of the scheme."),
        "pathway": _object({"id": _ID, "title": _TEXT}, ("id", "title"), "A pathway."),
        "node_file": {
            **_object(
                {"nodes": _list(_ref("node"), "The nodes: questions, decisions, computed values and outcomes."),
                 "alerts": _list(_ref("alert"), "Cautions attached when their condition holds.")},
                (),
                "A node file, listed in the manifest's files.",
            ),
            "anyOf": [{"required": ["nodes"]}, {"required": ["alerts"]}],
        },
        "node": {
            "type": "object",
            "description": "A node: its kind decides its keys.",
            "properties": {"kind": {"enum": list(NODE_KINDS)}},
            "required": ["id", "kind"],
            "allOf": [{"if": {"properties": {"kind": {"const": k}}}, "then": _ref(k)} for k in NODE_KINDS],
        },
        **{kind: _node(kind) for kind in NODE_KINDS},
        "option": _object({"id": _ID, "label": _doc(_TEXT, "As the user sees it."), "next": _ID, "help": _TEXT,
                           "when": _doc(_ref("condition"), "v2: offered only when this holds."),
                           "short": _doc(_TEXT, "A few words for the edge in `lnnav graph` (default: the id)."),
                           "codes": _list(_ref("code"), "v2: a coded value in the patient's record that chooses this "
                                                        "option."),
                           "results": _list(_ref("result"), "v2: the coded results that, all together, choose this "
                                                            "option (instead of codes).")},
                          ("id", "label", "next"), "An answer of a question."),
        "multi_option": _object({"id": _ID, "label": _doc(_TEXT, "As the user sees it."), "help": _TEXT,
                                 "when": _doc(_ref("condition"), "Offered only when this holds."),
                                 "exclusive": _doc({"type": "boolean"}, '"None of these": never combined.'),
                                 "codes": _list(_ref("code"), "Codes in the patient's record that tick this option "
                                                              "(an RxNorm ingredient of a current drug).")},
                                ("id", "label"), "An answer of a multi question (v2)."),
        "record": _object(
            {"codes": _list(_ref("code"), "The observation codes whose value answers the question."),
             "max_age_days": _doc({"type": "integer", "minimum": 0}, "A value measured longer ago does not answer it."),
             "same_as": _doc(_ID, "Answered by the same record value as this question (numeric questions).")},
            (), "How a question is answered from the patient's record."),
        "result": _object({"of": _list(_doc({"type": "string"}, "A LOINC code of the question's record codes."),
                                       "The codes of one test (its latest value is read)."),
                           "is": _doc(_ref("code"), "The coded value the test must have (SNOMED CT or a LOINC "
                                                    "answer).")},
                          ("of", "is"), "One coded result an option needs."),
        "code": _object({"system": _doc({"enum": list(CODE_SYSTEMS)}, "The code system."),
                         "code": _doc({"type": ["string", "integer"]}, "The code, as the system writes it."),
                         "unit": _doc(_TEXT, "Numeric questions: the unit the code's values come in; one the question "
                                             "accepts.")},
                        ("system", "code"), "A code of a public code system."),
        "unit": _object({"unit": _TEXT, "factor": _doc({"type": "number", "exclusiveMinimum": 0},
                                                       "One of this unit is this many canonical units.")},
                        ("unit", "factor"), "Another accepted unit."),
        "rule": {"anyOf": [
            _object({"when": _ref("condition"), "next": _ID, "label": _rule_label()}, ("when", "next"),
                    "Taken when its condition holds."),
            _object({"otherwise": _ID, "label": _rule_label()}, ("otherwise",), "The last rule: taken when no other holds."),
        ]},
        "item": {"anyOf": [
            _TEXT,
            _object({"text": _TEXT, "when": _ref("condition")}, ("text", "when"), "v2: shown only when it holds."),
        ]},
        "action": {"anyOf": [
            _TEXT,
            _object({"text": _TEXT, "when": _ref("condition")}, ("text", "when"), "v2: shown only when it holds."),
            {**_object({"text": _TEXT, "when": _ref("condition"),
                        "proposes": _list(_ID, "v2: the catalogue drugs this action offers; withheld for a patient "
                                               "their rules exclude.", min_items=0),
                        "names": _list(_ID, "v2: catalogue drugs the text mentions without proposing them.",
                                       min_items=0)},
                       ("text",), "v2: an action that proposes or names catalogue drugs."),
             "anyOf": [{"required": ["proposes"]}, {"required": ["names"]}]},
        ]},
        "drug_catalogue": _object({"drugs": _list(_ref("drug"), "The drugs and classes the outcomes propose.")},
                                  ("drugs",), "The drug catalogue file (v2), named by the manifest's drugs."),
        "drug": _object(
            {"id": _doc(_ID, "Unique in the catalogue; what proposes, names, members and proposed name."),
             "name": _doc(_TEXT, "As the outputs show it."),
             "also": _list(_TEXT, "Other names text may use (brands, abbreviations, plurals).", min_items=0),
             "members": _list(_ID, "A class: the drug ids it stands for; its rules apply to each of them.",
                              min_items=0),
             "withhold": _list(_ref("withhold_rule"), "This patient must not be offered it.", min_items=0),
             "cautions": _list(_ref("drug_caution"), "Offered, with this note beside it.", min_items=0)},
            ("id", "name"), "One drug, or a class of drugs.",
        ),
        "withhold_rule": _object({"when": _ref("condition"), "because": _doc(_TEXT, "The reason shown to the clinician."),
                                  "references": _list(_ID, "Reference ids.", min_items=0)},
                                 ("when", "because"), "Withhold the drug when the condition holds."),
        "drug_caution": _object({"when": _ref("condition"), "text": _doc(_TEXT, "Shown under the action."),
                                 "references": _list(_ID, "Reference ids.", min_items=0)},
                                ("when", "text"), "A note shown under an action that proposes the drug."),
        "branch": _object(
            {"when": {**_object({str(op): _NUMBER for op in COMPARE_OPS}, (), "Bounds that must all hold."),
                      "minProperties": 1},
             "next": _ID},
            ("next",),
            "A numeric branch.",
        ),
        "alert": _object(
            {"id": _ID, "title": _TEXT, "text": _TEXT, "when": _ref("condition"),
             "references": _list(_ID, "Reference ids.", min_items=0), "grade": _TEXT},
            ("id", "title", "text", "when"),
            "A caution attached to the outcome whenever its condition holds.",
        ),
        "condition": _condition(),
        "bibliography": _object({"references": _list(_ref("reference"), "The references.")}, ("references",),
                                "The bibliography file."),
        "reference": _object(
            {"id": _ID, "citation": _TEXT, "doi": _TEXT,
             "pmid": {"anyOf": [_TEXT, {"type": "integer"}], "description": "PubMed id."},
             "url": _TEXT, "note": _TEXT},
            ("id", "citation"),
            "One reference.",
        ),
        "scenario": _object(
            {"title": _TEXT, "description": _TEXT,
             "answers": _doc({"type": "object", "propertyNames": _ID,
                              "additionalProperties": {"anyOf": [_VALUE, _list(_ID, "Option ids.")]}},
                             'Question id -> option id, number ("115 umol/L" with a unit) or a list of option ids.'),
             "expect": _object({"outcome": _ID, "alerts": _list(_ID, "Alerts that must fire.", min_items=0),
                                "not_alerts": _list(_ID, "Alerts that must not fire.", min_items=0),
                                "accept": _list(_ID, "Other outcomes a quiz accepts as right (another valid path).",
                                                min_items=0)},
                               ("outcome",), "The expected result.")},
            ("title", "description", "answers", "expect"),
            "A worked case with its expected result (also an answers file).",
        ),
    }
    return defs


def guideline_schema() -> Schema:
    """The JSON Schema for every YAML file of a guideline folder.

    The file kind is told by its keys: a manifest has ``schema_version`` (or
    ``start``/``files``), a bibliography ``references``, a drug catalogue ``drugs``,
    a scenario ``expect`` or ``answers``; anything else is a node file.

    Returns:
        The schema as a dict, ready for ``json.dumps``.
    """
    return {
        "$schema": DRAFT,
        "title": f"lnnav guideline file (schema_version {' or '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})",
        "description": "A guideline.yaml manifest, a node file, a bibliography or a scenario. "
                       "Generated by `lnnav schema`; see guidelines/FORMAT.md.",
        "type": "object",
        **_chain(
            [
                ("schema_version|start|files", _ref("manifest")),
                ("references", _ref("bibliography")),
                ("drugs", _ref("drug_catalogue")),
                ("expect|answers", _ref("scenario")),
            ],
            _ref("node_file"),
        ),
        "$defs": _defs(),
    }


def schema_text() -> str:
    """The schema as the shipped file holds it: two-space JSON and a final newline."""
    return json.dumps(guideline_schema(), indent=2, ensure_ascii=False) + "\n"


def header_line(relative_path: str) -> str:
    """The first line of a guideline YAML file, pointing editors at the schema."""
    return f"# yaml-language-server: $schema={relative_path}"

"""One node file -> nodes and alerts, read field by field, every issue recorded.

Which kinds and keys a node may have depends on the guideline's schema_version:
the manifest is read first (lnnav.format.loader), then each file listed in ``files:`` here.
"""

from __future__ import annotations

from lnnav.base.errors import Issue
from lnnav.base.source import NO_SOURCE, Source
from lnnav.format.conditions import parse_condition
from lnnav.format.fields import Fields, as_map
from lnnav.format.yamlio import YMap, YNode, YScalar
from lnnav.model import expr as expr_mod
from lnnav.model.codes import Code, RecordMap, Result
from lnnav.model.conditions import COMPARE_OPS, CompareOp, Condition
from lnnav.model.guideline import (
    ActionDrugs,
    Alert,
    Branch,
    Compute,
    MultiQuestion,
    Node,
    NotKnown,
    NumericQuestion,
    Option,
    Places,
    Question,
    Recommendation,
    Route,
    Rule,
    UnitAlt,
)

NODE_KINDS = ("question", "numeric", "multi", "route", "compute", "recommendation")
# the kinds each schema_version allows: v2 moved every threshold into YAML (compute + route)
KINDS_BY_VERSION = {
    1: ("question", "numeric", "recommendation"),
    2: ("question", "numeric", "multi", "route", "compute", "recommendation"),
}

NODE_COMMON = ("id", "kind")
NODE_REQUIRED = {
    "question": ("text", "options"),
    "numeric": ("text", "unit", "min", "max"),
    "multi": ("text", "options", "next"),
    "route": ("text", "rules"),
    "compute": ("text", "unit", "expr", "next"),
    "recommendation": ("title", "summary", "actions", "grade", "references"),
}
NODE_OPTIONAL = {
    "question": ("help", "record"),
    "numeric": ("help", "integer", "next", "branches", "units", "typical", "unknown", "record"),
    "multi": ("help",),
    "route": ("help", "show_on_card"),
    "compute": ("help",),
    "recommendation": ("cautions", "rationale", "pathway"),
}
OPTION_REQUIRED = {"question": ("id", "label", "next"), "multi": ("id", "label")}
OPTION_OPTIONAL = {"question": ("help", "when", "short", "codes", "results"), "multi": ("help", "when", "exclusive", "codes")}
V1_OPTION_OPTIONAL = ("help", "short")
V1_NUMERIC_ONLY = ("units", "typical", "unknown", "record")  # numeric keys that v1 does not have
V1_QUESTION_ONLY = ("record",)
RECORD_KEYS = ("codes", "max_age_days", "same_as")
CODE_REQUIRED = ("system", "code")
RESULT_REQUIRED = ("of", "is")
ACTION_DRUG_KEYS = ("proposes", "names")  # an action's link to the drug catalogue (lnnav.model.drugs)
# the key tuples made once, not at each node or item (lnnav.format.fields keeps its key sets by tuple)
_NODE_KEYS = {kind: NODE_COMMON + required for kind, required in NODE_REQUIRED.items()}
_ITEM_KEYS = {  # (marks, marked) -> required, optional keys of an action or caution written as a mapping
    (marks, marked): (required, tuple(k for k in ("when", *marks) if k not in required))
    for marks in (ACTION_DRUG_KEYS, ()) for marked in (True, False)
    for required in ((("text",) if marked else ("text", "when")),)
}



def read_node_file(root: YNode, version: int, nodes: dict[str, Node], alerts: list[Alert], issues: list[Issue]) -> bool:
    """Add a file's nodes and alerts; False when some node could not be read at all."""
    fmap = as_map(root, "a node file", issues)
    if fmap is None:
        return False
    before = len(issues)
    f = Fields(fmap, "a node file", issues, (), ("nodes", "alerts"))
    if not f.has("nodes") and not f.has("alerts"):
        f.error(fmap.source, 'a node file needs "nodes" and/or "alerts"')
    items = f.seq("nodes")
    # a misspelt or malformed top level may be hiding every node of the file
    complete = len(issues) == before
    for item in items:
        node = _node(item, version, issues)
        if node is None or not node.id:
            complete = False
            continue
        if node.id in nodes:
            first = nodes[node.id].source
            issues.append(Issue(node.source, f'duplicate node id "{node.id}" (first defined at {first})'))
            continue
        nodes[node.id] = node
    for item in f.seq("alerts"):
        alert = _alert(item, issues)
        if alert is not None:
            alerts.append(alert)
    return complete


def _node(item: YNode, version: int, issues: list[Issue]) -> Node | None:
    nmap = as_map(item, "a node", issues)
    if nmap is None:
        return None
    kind_node = nmap.items.get("kind")
    kind = kind_node[1].text if kind_node and isinstance(kind_node[1], YScalar) else ""
    id_item = nmap.items.get("id")
    label = f'node "{id_item[1].text}"' if id_item and isinstance(id_item[1], YScalar) else "a node"
    kinds = KINDS_BY_VERSION[version]
    if kind not in kinds:
        src = kind_node[1].source if kind_node else nmap.source
        what = f'unknown kind "{kind}"' if kind_node else 'missing "kind"'
        if kind == "calculator":
            # its thresholds lived in Python, out of a maintainer's sight, and the content audit found
            # two of them unsafe: a guideline that used one must be rewritten, never silently re-read
            what = ('kind "calculator" is no longer supported (in any schema_version): every threshold lives '
                    "in the guideline now; write compute nodes and a route (FORMAT.md, \"From v1 to v2\")")
            issues.append(Issue(src, f"{label}: {what}"))
            return None
        if kind in NODE_KINDS:
            what = f'kind "{kind}" needs schema_version 2 (this guideline is version {version})'
            issues.append(Issue(src, f"{label}: {what}"))
            return None
        issues.append(Issue(src, f"{label}: {what}; use one of {', '.join(kinds)}"))
        return None
    optional = NODE_OPTIONAL[kind]
    if version == 1 and kind in ("numeric", "question"):
        optional = tuple(k for k in optional if k not in (V1_NUMERIC_ONLY if kind == "numeric" else V1_QUESTION_ONLY))
    f = Fields(nmap, f"{kind} {label}", issues, _NODE_KEYS[kind], optional)
    node_id = f.ident("id")
    if kind == "question":
        return Question(node_id, f.text("text"), _options(f, "question", version), f.text("help", allow_empty=True),
                        nmap.source, record=_record(f, numeric=False))
    if kind == "multi":
        return MultiQuestion(node_id, f.text("text"), _options(f, "multi", version), f.ident("next"),
                             f.text("help", allow_empty=True), nmap.source, f.src("next"))
    if kind == "route":
        return _route(f, node_id)
    if kind == "compute":
        return _compute(f, node_id)
    if kind == "numeric":
        return _numeric(f, node_id)
    actions, action_when, action_drugs = _items(f, "actions", allow_empty=False)
    cautions, caution_when, _texts = _items(f, "cautions", allow_empty=True)
    refs = f.idents("references", allow_empty=True)
    return Recommendation(
        id=node_id,
        title=f.text("title"),
        summary=f.text("summary"),
        actions=actions,
        cautions=cautions,
        grade=f.text("grade"),
        references=tuple(r for r, _ in refs),
        rationale=f.text("rationale"),
        pathway=f.ident("pathway"),
        source=nmap.source,
        action_when=action_when if any(c is not None for c in action_when) else (),
        caution_when=caution_when if any(c is not None for c in caution_when) else (),
        action_drugs=action_drugs if any(d.proposes or d.names for d in action_drugs) or version >= 2 else (),
        places=_places(f, ("grade", "pathway"), refs),
    )


def _items(f: Fields, key: str, *, allow_empty: bool
           ) -> tuple[tuple[str, ...], tuple[Condition | None, ...], tuple[ActionDrugs, ...]]:
    """Actions or cautions: plain strings, or {text, when} items shown only when ``when`` holds.

    An action may also say which catalogue drugs it ``proposes`` and ``names``; it then
    needs no ``when``.
    """
    texts: list[str] = []
    whens: list[Condition | None] = []
    drugs: list[ActionDrugs] = []
    marks = ACTION_DRUG_KEYS if key == "actions" else ()
    for n in f.seq(key, allow_empty=allow_empty):
        if isinstance(n, YMap):
            marked = any(k in n.items for k in marks)
            required, optional = _ITEM_KEYS[marks, marked]
            i = Fields(n, f'an item of "{key}" in {f.what}', f.issues, required, optional)
            when_node = i.get("when")
            when = parse_condition(when_node, f.issues) if when_node is not None else None
            text = i.text("text")
            proposes = i.idents("proposes", allow_empty=True) if i.has("proposes") else ()
            names = i.idents("names", allow_empty=True) if i.has("names") else ()
            if text and (when is not None or (marked and when_node is None)):
                texts.append(text)
                whens.append(when)
                drugs.append(ActionDrugs(i.src("text"), proposes, names))
            continue
        text = f.item_text(key, n)
        if text:
            texts.append(text)
            whens.append(None)
            drugs.append(ActionDrugs(n.source))
    return tuple(texts), tuple(whens), tuple(drugs)


def _options(f: Fields, kind: str, version: int) -> tuple[Option, ...]:
    out = []
    optional = OPTION_OPTIONAL[kind] if version >= 2 else V1_OPTION_OPTIONAL
    for n in f.seq("options"):
        om = as_map(n, "an option", f.issues)
        if om is None:
            continue
        o = Fields(om, f"an option of {f.what}", f.issues, OPTION_REQUIRED[kind], optional)
        when_node = o.get("when")
        when = parse_condition(when_node, f.issues) if when_node is not None else None
        nxt = o.ident("next") if kind == "question" else ""
        out.append(Option(o.ident("id"), o.text("label"), nxt, o.text("help"), om.source, when,
                          o.flag("exclusive"), o.text("short"),
                          _codes(o, "codes", numeric=False) if o.has("codes") else (),
                          _results(o) if kind == "question" and o.has("results") else ()))
    return tuple(out)


def _results(f: Fields) -> tuple[Result, ...]:
    """``results``: a list of {of: [LOINC codes of one test], is: {system, code}}, all needed at once."""
    out = []
    for n in f.seq("results"):
        rm = as_map(n, "a result", f.issues)
        if rm is None:
            continue
        r = Fields(rm, f'a result of "results" in {f.what}', f.issues, RESULT_REQUIRED, ())
        of = r.texts("of")
        value = r.mapping("is")
        if value is None:
            continue
        c = Fields(value, f'the "is" code of a result in {f.what}', f.issues, CODE_REQUIRED, ())
        code = Code(c.text("system"), c.text("code", numbers_ok=True), "", value.source)
        out.append(Result(tuple(x for x in of if x), code, rm.source))
    return tuple(out)


def _codes(f: Fields, key: str, *, numeric: bool) -> tuple[Code, ...]:
    """A list of {system, code} (and, for a number, the ``unit`` its values come in)."""
    out = []
    for n in f.seq(key):
        cm = as_map(n, "a code", f.issues)
        if cm is None:
            continue
        c = Fields(cm, f'a code of "{key}" in {f.what}', f.issues, CODE_REQUIRED, ("unit",) if numeric else ())
        # an RxCUI or a SNOMED CT id written unquoted is a YAML integer: its text is the code
        out.append(Code(c.text("system"), c.text("code", numbers_ok=True), c.text("unit"), cm.source))
    return tuple(out)


def _record(f: Fields, *, numeric: bool) -> RecordMap | None:
    rmap = f.mapping("record")
    if rmap is None:
        return None
    r = Fields(rmap, f'"record" in {f.what}', f.issues, (), RECORD_KEYS if numeric else ("codes", "max_age_days"))
    if not r.has("codes") and not r.has("same_as"):
        r.error(rmap.source, f'"record" in {f.what} needs "codes"' + (' or "same_as"' if numeric else ""))
    if r.has("codes") and r.has("same_as"):
        r.error(rmap.source, f'"record" in {f.what} takes "codes" or "same_as", not both')
    age = r.number("max_age_days")
    if age is not None and (age != int(age) or age < 0):
        r.error(r.src("max_age_days"), f'"max_age_days" in {f.what} must be a whole number of days, 0 or more')
        age = None
    return RecordMap(_codes(r, "codes", numeric=numeric), int(age) if age is not None else None, r.ident("same_as"),
                     rmap.source)


def _route(f: Fields, node_id: str) -> Route:
    rules: list[Rule] = []
    for n in f.seq("rules"):
        rm = as_map(n, "a rule", f.issues)
        if rm is None:
            continue
        if "otherwise" in rm.items:
            r = Fields(rm, f"the otherwise rule of {f.what}", f.issues, ("otherwise",), ("label",))
            rules.append(Rule(None, r.ident("otherwise"), rm.source, r.text("label")))
            continue
        r = Fields(rm, f"a rule of {f.what}", f.issues, ("when", "next"), ("label",))
        when_node = r.get("when")
        when = parse_condition(when_node, f.issues) if when_node is not None else None
        if when is not None:
            rules.append(Rule(when, r.ident("next"), rm.source, r.text("label")))
    on_card = f.flag("show_on_card")
    if on_card:
        for number, rule in enumerate(rules, 1):
            if not rule.label:
                # the card would name the decision without saying which way it went
                f.error(rule.source, f'rule {number} of {f.what} needs a "label": the route has "show_on_card: true", '
                                     "so the card shows the label of the rule taken")
    return Route(node_id, f.text("text"), tuple(rules), f.text("help", allow_empty=True), f.source,
                 show_on_card=on_card)


def _compute(f: Fields, node_id: str) -> Compute:
    text = f.text("expr")
    src = f.src("expr")
    tree: expr_mod.Expr = expr_mod.Num(0.0)
    if text:
        try:
            tree = expr_mod.parse(text)
        except expr_mod.ExprError as exc:
            f.error(expr_source(src, f.get("expr"), exc.offset), f"{f.what}: {exc}")
    node = f.get("expr")
    one_line = isinstance(node, YScalar) and "\n" not in node.text and src.line > 0
    return Compute(node_id, f.text("text"), f.text("unit", allow_empty=True), tree, text, f.ident("next"),
                   f.text("help", allow_empty=True), f.source, f.src("next"), src,
                   expr_at=expr_source(src, node, 0) if one_line else NO_SOURCE, places=_places(f, ("unit",)))


def expr_source(src: Source, node: YNode | None, offset: int) -> Source:
    """Where character ``offset`` of an expression sits, for a one-line scalar (its start otherwise)."""
    if isinstance(node, YScalar) and "\n" not in node.text and src.line > 0:
        quoted = 1 if node.quoted else 0
        return Source(src.file, src.line, src.col + quoted + offset)
    return src


def _bounds(f: Fields) -> tuple[tuple[CompareOp, float], ...]:
    out = []
    for op in COMPARE_OPS:
        value = f.number(op)
        if value is not None:
            out.append((op, value))
    return tuple(out)


def _numeric(f: Fields, node_id: str) -> NumericQuestion:
    branches: list[Branch] = []
    if f.has("next") == f.has("branches"):
        f.error(f.source, f'{f.what} needs exactly one of "next" or "branches"')
    if f.has("next"):
        branches.append(Branch(f.ident("next"), (), f.src("next")))
    for n in f.seq("branches"):
        bm = as_map(n, "a branch", f.issues)
        if bm is None:
            continue
        b = Fields(bm, f"a branch of {f.what}", f.issues, ("next",), ("when",))
        when = b.mapping("when")
        bounds: tuple[tuple[CompareOp, float], ...] = ()
        if when is not None:
            bounds = _bounds(Fields(when, "a branch condition", f.issues, (), COMPARE_OPS))
            if not bounds and not any(op in when.items for op in COMPARE_OPS):  # else its value was reported
                f.error(when.source, "a branch condition needs one of lt, le, gt, ge")
        branches.append(Branch(b.ident("next"), bounds, bm.source))
    return NumericQuestion(
        id=node_id,
        text=f.text("text"),
        unit=f.text("unit"),
        minimum=f.number("min") or 0.0,
        maximum=f.number("max") or 0.0,
        branches=tuple(branches),
        help=f.text("help", allow_empty=True),
        integer=f.flag("integer"),
        source=f.source,
        units=_units(f),
        typical=_typical(f),
        unknown=_not_known(f),
        record=_record(f, numeric=True),
    )


def _not_known(f: Fields) -> NotKnown | None:
    umap = f.mapping("unknown")
    if umap is None:
        return None
    u = Fields(umap, f'"unknown" in {f.what}', f.issues, ("label", "next"))
    return NotKnown(u.text("label"), u.ident("next"), u.src("next"))


def _units(f: Fields) -> tuple[UnitAlt, ...]:
    out = []
    for n in f.seq("units") if f.has("units") else ():
        um = as_map(n, "a unit", f.issues)
        if um is None:
            continue
        u = Fields(um, f"a unit of {f.what}", f.issues, ("unit", "factor"))
        factor = u.number("factor")
        out.append(UnitAlt(u.text("unit"), factor if factor is not None else 0.0, um.source))
    return tuple(out)


def _typical(f: Fields) -> tuple[float, float] | None:
    tmap = f.mapping("typical")
    if tmap is None:
        return None
    t = Fields(tmap, f'"typical" in {f.what}', f.issues, ("min", "max"))
    low, high = t.number("min"), t.number("max")
    if low is None or high is None:
        return None
    return low, high


def _alert(item: YNode, issues: list[Issue]) -> Alert | None:
    amap = as_map(item, "an alert", issues)
    if amap is None:
        return None
    f = Fields(amap, "an alert", issues, ("id", "title", "text", "when"), ("references", "grade"))
    when_node = f.get("when")
    when = parse_condition(when_node, issues) if when_node is not None else None
    if when is None:
        return None
    refs = f.idents("references", allow_empty=True)
    return Alert(
        id=f.ident("id"),
        title=f.text("title"),
        text=f.text("text"),
        when=when,
        references=tuple(r for r, _ in refs),
        grade=f.text("grade"),
        source=amap.source,
        places=_places(f, ("grade",), refs),
    )


def _places(f: Fields, keys: tuple[str, ...], refs: tuple[tuple[str, Source], ...] = ()) -> Places:
    """Where each of ``keys`` and each reference is written, for errors at the key, not the node."""
    out = [(key, f.src(key)) for key in keys if f.has(key)]
    return (*out, *((f"references.{i}", src) for i, (_ref, src) in enumerate(refs)))

"""Declarative conditions read from YAML, field by field, every problem recorded."""

from __future__ import annotations

from lnnav.base.errors import Issue
from lnnav.format.fields import Fields, as_map, ident_of
from lnnav.format.yamlio import YNode, YScalar
from lnnav.model.conditions import (
    COMPARE_OPS,
    AllOf,
    Always,
    Answered,
    AnswerIs,
    AnyOf,
    Compare,
    Condition,
    Includes,
    Not,
    Proposed,
    Reached,
)

_FORMS = ("question (with equals, in, lt, le, gt, ge, includes, includes_any or includes_all), answered, reached, "
          "always, all, any or not")
_INCLUDES = ("includes", "includes_any", "includes_all")
_QUESTION_OPTIONAL = ("equals", "in", *COMPARE_OPS, *_INCLUDES)  # made once: see lnnav.format.fields


def parse_condition(node: YNode, issues: list[Issue]) -> Condition | None:
    """Read one condition; every problem goes to ``issues``."""
    ymap = as_map(node, "a condition", issues)
    if ymap is None:
        return None
    keys = set(ymap.items)
    src = ymap.source
    if "question" in keys:
        f = Fields(ymap, "condition", issues, ("question",), _QUESTION_OPTIONAL)
        question = f.ident("question")
        forms = [k for k in _INCLUDES if f.has(k)]
        if forms:
            if len(forms) > 1 or f.has("equals") or f.has("in") or any(f.has(op) for op in COMPARE_OPS):
                f.error(src, f'a condition takes one of {", ".join(_INCLUDES)} alone, not with other tests')
            key = forms[0]
            nodes = [f.get(key)] if key == "includes" else f.seq(key)
            found = [value_text(n, issues) for n in nodes]
            return Includes(question, tuple(v for v in found if v is not None),
                            "all" if key == "includes_all" else "any", src)
        if f.has("equals") or f.has("in"):
            if f.has("equals") and f.has("in"):
                f.error(src, 'a condition takes "equals" or "in", not both')
            if any(f.has(op) for op in COMPARE_OPS):
                f.error(src, 'a condition takes "equals"/"in" or numeric comparisons, not both')
            values = [value_text(n, issues) for n in ([f.get("equals")] if f.has("equals") else f.seq("in"))]
            return AnswerIs(question, tuple(v for v in values if v is not None), src)
        bounds = tuple((op, f.number(op)) for op in COMPARE_OPS if f.has(op))
        if not bounds:
            f.error(src, 'a "question" condition needs "equals", "in" or one of lt, le, gt, ge')
        return Compare(question, tuple((op, v) for op, v in bounds if v is not None), src)
    if "answered" in keys:
        f = Fields(ymap, "condition", issues, ("answered",))
        named = f.get("answered")
        return Answered(ident_of(named, '"answered"', issues) if named is not None else "", src)
    if "always" in keys:
        f = Fields(ymap, "condition", issues, ("always",))
        given = f.get("always")
        if isinstance(given, YScalar) and given.value is False:
            f.error(given.source, '"always" can only be true; to switch an alert off, remove it')
        elif given is not None and not (isinstance(given, YScalar) and given.value is True):
            f.flag("always")  # reports what was given instead of true
        return Always(src)
    if "reached" in keys:
        f = Fields(ymap, "condition", issues, ("reached",))
        reached = f.get("reached")
        return Reached(ident_of(reached, '"reached"', issues) if reached is not None else "", src)
    if "proposed" in keys or "proposed_any" in keys:
        key = "proposed" if "proposed" in keys else "proposed_any"
        f = Fields(ymap, "condition", issues, (key,))
        listed: list[YNode | None] = [f.get(key)] if key == "proposed" else list(f.seq(key))
        drugs = [ident_of(n, f'"{key}"', issues) for n in listed if n is not None]
        return Proposed(tuple(d for d in drugs if d), src)
    for key, cls in (("all", AllOf), ("any", AnyOf)):
        if key in keys:
            f = Fields(ymap, "condition", issues, (key,))
            items = [parse_condition(n, issues) for n in f.seq(key)]
            return cls(tuple(i for i in items if i is not None), src)
    if "not" in keys:
        f = Fields(ymap, "condition", issues, ("not",))
        inner_node = f.get("not")
        inner = parse_condition(inner_node, issues) if inner_node is not None else None
        return Not(inner, src) if inner is not None else None
    issues.append(Issue(src, f"a condition must be one of: {_FORMS}"))
    return None


def value_text(node: YNode | None, issues: list[Issue]) -> str | None:
    """An option or category value: the text as written, so `yes` stays "yes"."""
    if isinstance(node, YScalar) and node.text:
        return node.text
    if node is not None:
        issues.append(Issue(node.source, "a condition value must be an option id"))
    return None

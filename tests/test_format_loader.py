from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_checks_analysis import EXPECTED as ANALYSIS

from conftest import INVALID, MINI, ROOT, edited_copy
from lnnav.base.errors import GuidelineError, UsageError
from lnnav.format.loader import load_guideline, load_or_raise
from lnnav.model.guideline import NumericQuestion, Question, Recommendation, Route

# One fixture folder per error kind, and every line `lnnav validate` must print for it.
EXPECTED = {
    "syntax-error": ["nodes.yaml:21:7: error: YAML syntax error: did not find expected ',' or ']'"],
    "tab-indent": [
        "nodes.yaml:4:1: error: YAML syntax error: found a tab character that violates indentation "
        "(the line has a tab: indent with spaces)"
    ],
    "duplicate-key": ['nodes.yaml:6:5: error: duplicate key "text" (first defined at line 4)'],
    "anchor-alias": [
        "nodes.yaml:20:17: error: anchors are not allowed (&refs); write the value out",
        "nodes.yaml:28:17: error: aliases are not allowed (*refs); write the value out",
        'nodes.yaml:21:5: error: recommendation "rec_b" cites no references; add at least one',
    ],
    "custom-tag": ["bibliography.yaml:1:13: error: tags are not allowed (!include); write plain YAML"],
    "python-tag": [
        "nodes.yaml:16:14: error: tags are not allowed (!!python/object/apply:os.system); write plain YAML"
    ],
    "unknown-key": [
        'nodes.yaml:5:5: error: unknown key "hlep" in question node "q1"; did you mean "help"?; '
        "allowed: id, kind, text, options, help"
    ],
    "missing-key": ['nodes.yaml:21:5: error: recommendation node "rec_b" is missing required key "summary"'],
    "numeric-id": [
        'nodes.yaml:10:13: error: "id" in an option of question node "q1" must be a string, got a number (2); '
        'quote it: "2"'
    ],
    "boolean-id": [
        'nodes.yaml:10:13: error: "id" in an option of question node "q1" must be a string, got a boolean (yes); '
        'quote it: "yes"'
    ],
    "boolean-key": [
        'nodes.yaml:5:5: error: key on is read as a boolean (on), not text; quote it: "on"',
        'nodes.yaml:5:5: error: unknown key "on" in question node "q1"; allowed: id, kind, text, options, help',
    ],
    "schema-version": ["guideline.yaml:1:17: error: schema_version 3 is not supported; this lnnav reads 1 or 2"],
    "missing-schema-version": ['guideline.yaml:1:1: error: the manifest is missing "schema_version" (this lnnav reads 1 or 2)'],
    "dangling-next": [
        'nodes.yaml:10:9: error: "next" names node "rec_bb", which does not exist; did you mean "rec_b"?',
        'nodes.yaml:21:5: error: node "rec_b" is not reachable from the start node "q1" (this may follow from the '
        "error at line 10, column 9: fix that first)",
    ],
    "unreachable-node": ['nodes.yaml:21:5: error: node "rec_b" is not reachable from the start node "q1"'],
    "cycle": [
        "nodes.yaml:10:9: error: cycle: q1 -> q1; a consult must always end at a recommendation",
        'nodes.yaml:21:5: error: node "rec_b" is not reachable from the start node "q1" (this may follow from the '
        "error at line 10, column 9: fix that first)",
    ],
    "next-typo": [
        'nodes.yaml:10:9: error: "next" names node "sevrity", which does not exist; did you mean "severity"?',
        'nodes.yaml:11:5: error: nodes "severity", "upcr", "months", "drugs", "biopsy", "rec_severe", "rec_switch" are '
        'not reachable from the start node "situation" (this may follow from the error at line 10, column 9: fix that '
        "first)",
    ],
    "too-few-options": ['nodes.yaml:2:5: error: question "q1" has 1 option(s); a question needs at least two'],
    "no-references": ['nodes.yaml:13:5: error: recommendation "rec_a" cites no references; add at least one'],
    "undefined-reference": [
        'nodes.yaml:20:24: error: reference "ref9" is cited but not defined in the bibliography; did you mean "ref1"?'
    ],
    "v1-calculator-kind": [
        'nodes.yaml:30:11: error: node "calc": kind "calculator" is no longer supported (in any schema_version): every '
        'threshold lives in the guideline now; write compute nodes and a route (FORMAT.md, "From v1 to v2")'
    ],
    "unknown-grade": ['nodes.yaml:19:12: error: grade "1A" is not in the grading scheme; allowed: practice point'],
    "duplicate-node-id": [
        'nodes.yaml:21:5: error: duplicate node id "rec_a" (first defined at {dir}/nodes.yaml:13:5)',
        'nodes.yaml:10:9: error: "next" names node "rec_b", which does not exist; did you mean "rec_a"?',
    ],
    "missing-file": ['guideline.yaml:16:5: error: file "flare.yaml" is listed but not found in {dir}'],
    "unknown-kind": [
        'nodes.yaml:3:11: error: node "q1": unknown kind "questoin"; use one of question, numeric, recommendation'
    ],
    "numeric-default-last": [
        'nodes.yaml:29:5: error: numeric question "num": the last branch must have no "when" '
        "(it is taken when no other branch matches)"
    ],
    "alert-unknown-question": ['nodes.yaml:33:11: error: condition names question "q9", which does not exist'],
    "alert-bad-value": ['nodes.yaml:33:11: error: "c" is not an answer of "q1"; allowed: a, b'],
    "empty-file": ["nodes.yaml: error: file is empty"],
    "top-level-list": ["nodes.yaml:1:1: error: a node file must be a mapping, got a list"],
    "multiple-errors": [
        'nodes.yaml:5:5: error: unknown key "hlep" in question node "q1"; did you mean "help"?; '
        "allowed: id, kind, text, options, help",
        'nodes.yaml:10:13: error: "id" in an option of question node "q1" must be a string, got a number (2); '
        'quote it: "2"',
        'nodes.yaml:10:9: error: "next" names node "rec_bb", which does not exist; did you mean "rec_b"?',
        'nodes.yaml:21:5: error: node "rec_b" is not reachable from the start node "q1" (this may follow from the '
        "error at line 10, column 9: fix that first)",
    ],
    # format v2: one fixture per error of the new kinds and conditions
    "v2-calculator-kind": [
        "nodes.yaml:36:11: error: node \"cyc_total\": kind \"calculator\" is no longer supported (in any schema_version): every threshold lives in the guideline now; write compute nodes and a route (FORMAT.md, \"From v1 to v2\")",
    ],
    "v2-compute-units": [
        "nodes.yaml:39:11: error: compute \"cyc_total\": \"+\" mixes units (g, mg/dL); convert to one unit first",
    ],
    "v2-compute-unknown-id": [
        "nodes.yaml:39:11: error: compute \"cyc_total\": \"cyc_prio\" does not exist; did you mean \"cyc_prior\"?",
    ],
    "v2-divisor-zero": [
        'nodes.yaml:15:31: error: compute "k_ratio": the divisor after "/" can be 0 (it ranges from 0 to 9 with the '
        'answers allowed on the way here): guard the compute with a route rule that keeps it from 0, or narrow '
        '"min"/"max"',
    ],
    "v2-overflow": [
        'nodes.yaml:39:21: error: compute "cyc_total": "*" can overflow to infinity with the answers allowed: keep '
        'every part of the expression within about 1e308, or narrow "min"/"max"',
    ],
    "v2-equals-on-multi": [
        "nodes.yaml:97:11: error: \"drugs\" is a multi question: use includes, includes_any or includes_all",
    ],
    "v2-expr-syntax": [
        "nodes.yaml:39:23: error: compute node \"cyc_total\": expected a number, an id or '(', found \"*\"",
    ],
    "v2-includes-on-single": [
        "nodes.yaml:97:11: error: \"extra\" is a question, not a multi question: use equals or in",
    ],
    "v2-not-on-every-path": [
        "nodes.yaml:92:15: error: action 2 of \"rec_avoid_cyc\": \"extra\" is not asked on every path that reaches it; ask it earlier or guard with {answered: extra}",
    ],
    "v2-route-no-otherwise": [
        "nodes.yaml:41:5: error: route \"plan\": the rules must end with exactly one {otherwise: NODE}, and only the last rule may be otherwise",
    ],
    "v2-unit-factor": [
        "nodes.yaml:22:9: error: numeric question \"creat\": the factor of unit \"umol/L\" must be a positive finite number (how many mg/dL one umol/L is), got 0",
    ],
    "v2-unknown-option": [
        "nodes.yaml:97:11: error: \"belimab\" is not an answer of \"drugs\"; did you mean \"belimumab\"?; allowed: mmf, cyc, belimumab, none",
    ],
    "v1-multi-kind": [
        "nodes.yaml:3:11: error: node \"q1\": kind \"multi\" needs schema_version 2 (this guideline is version 1)",
    ],
}


def lines_for(name: str) -> list[str]:
    folder = f"tests/data/invalid/{name}"
    return [f"{folder}/{line}".replace("{dir}", folder) for line in EXPECTED[name]]


def test_every_invalid_fixture_has_expectations() -> None:
    here = sorted([*EXPECTED, *ANALYSIS])  # rule-analysis findings are asserted in test_checks_analysis
    assert here == sorted(p.name for p in INVALID.iterdir() if p.is_dir() and p.name != "unused-reference")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exact_located_errors(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    guideline, issues = load_guideline(Path("tests/data/invalid") / name)
    assert guideline is None
    assert [str(i) for i in issues] == lines_for(name)


def test_a_reference_never_cited_is_a_warning_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    guideline, issues = load_guideline(Path("tests/data/invalid/unused-reference"))
    assert guideline is not None
    assert [str(i) for i in issues] == [
        'tests/data/invalid/unused-reference/bibliography.yaml:4:5: warning: reference "ref2" is defined but never cited'
    ]


def test_the_mini_guideline_loads_with_every_kind_of_content() -> None:
    g = load_or_raise(MINI)
    assert g.id == "mini" and g.version == "1.0.0" and g.last_reviewed == "2026-11-01"
    assert isinstance(g.nodes["situation"], Question)
    upcr = g.nodes["upcr"]
    assert isinstance(upcr, NumericQuestion) and (upcr.unit, upcr.minimum, upcr.maximum) == ("g/g", 0, 30)
    rec = g.nodes["rec_adherence"]
    assert isinstance(rec, Recommendation) and rec.references == ("ref_a", "ref_b")
    assert g.references["ref_a"].pmid == "123456"
    assert [a.id for a in g.alerts] == ["heavy"]
    assert len(g.sha256) == 64


def test_the_content_hash_changes_with_the_content(tmp_path: Path) -> None:
    copy = tmp_path / "g"
    shutil.copytree(MINI, copy)
    before = load_or_raise(copy).sha256
    nodes = copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("Pick the one that fits best.", "Pick one."))
    assert load_or_raise(copy).sha256 != before


def test_crlf_line_ends_do_not_change_the_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "g"
    shutil.copytree(MINI, copy)
    before = load_or_raise(copy).sha256
    for f in copy.glob("*.yaml"):
        f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    assert load_or_raise(copy).sha256 == before


def test_an_invalid_guideline_is_refused_for_a_consult() -> None:
    with pytest.raises(GuidelineError) as info:
        load_or_raise(INVALID / "cycle")
    assert info.value.message == "guideline is invalid; run `lnnav validate` on it"
    assert len(info.value.issues) == 2


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="guideline folder not found"):
        load_guideline(tmp_path / "nowhere")


def test_a_file_given_as_folder_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a folder; give the guideline folder"):
        load_guideline(MINI / "guideline.yaml")


LABELS = ROOT / "tests" / "data" / "labels"


def edited_labels(tmp_path: Path, old: str, new: str) -> Path:
    return edited_copy(tmp_path, LABELS, "nodes.yaml", old, new, every=True)


def errors_of(folder: Path) -> list[str]:
    _g, issues = load_guideline(folder)
    return [f"{i.source.line}:{i.source.col}: {i.message}" for i in issues if i.severity == "error"]


def test_route_rule_labels_and_show_on_card_are_read() -> None:
    plan = load_or_raise(LABELS).nodes["plan"]
    assert isinstance(plan, Route) and plan.show_on_card
    assert [r.label for r in plan.rules] == [
        "Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide",
        "On mycophenolate or belimumab - add a third drug", "Neither drug on board - a low-dose course"]
    extra_free = load_or_raise(ROOT / "tests" / "data" / "v2").nodes["plan"]
    assert isinstance(extra_free, Route) and not extra_free.show_on_card and {r.label for r in extra_free.rules} == {""}


def test_show_on_card_needs_a_label_on_every_rule_located_at_the_rule(tmp_path: Path) -> None:
    folder = edited_labels(tmp_path, "        label: On mycophenolate or belimumab - add a third drug\n", "")
    assert errors_of(folder) == [
        '49:9: rule 2 of route node "plan" needs a "label": the route has "show_on_card: true", so the card shows '
        "the label of the rule taken"]


def test_an_unlabelled_otherwise_under_show_on_card_is_an_error_too(tmp_path: Path) -> None:
    folder = edited_labels(tmp_path, "        label: Neither drug on board - a low-dose course\n", "")
    assert [e.split(": ", 1)[1] for e in errors_of(folder)] == [
        'rule 3 of route node "plan" needs a "label": the route has "show_on_card: true", so the card shows '
        "the label of the rule taken"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("label: On mycophenolate or belimumab - add a third drug", "label: [a, b]",
     '"label" in a rule of route node "plan" must be text, got a list'),
    ("label: On mycophenolate or belimumab - add a third drug", 'label: ""',
     '"label" in a rule of route node "plan" is empty'),
    ("label: Neither drug on board - a low-dose course", "lable: Neither drug on board",
     'unknown key "lable" in the otherwise rule of route node "plan"; did you mean "label"?; allowed: '
     "otherwise, label"),
    ("show_on_card: true", "show_on_card: 1", '"show_on_card" in route node "plan" must be true or false, got a number (1)'),
])
def test_a_malformed_label_or_flag_is_a_located_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    errors = errors_of(edited_labels(tmp_path, old, new))
    assert any(e.endswith(message) for e in errors), errors

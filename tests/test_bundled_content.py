"""The bundled guideline keeps the content rules of issue 10 (what a clinician reads, help, dates, alerts)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from conftest import BUNDLED
from lnnav.base.errors import AnswersError
from lnnav.engine import scenarios
from lnnav.engine.answers import Scripted, parse_sets, resolve
from lnnav.engine.walk import Walk, navigate
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Compute, MultiQuestion, NumericQuestion, Question, Recommendation, Route

GUIDELINE = load_or_raise(BUNDLED)
SCENARIOS = [scenarios.load(p) for p in scenarios.find([scenarios.default_dir(BUNDLED)])]
# Research provenance lives in reference notes and REVIEW.md, never in what a clinician reads.
HEDGES = re.compile(r"\b(tag [VSU]|R\d{1,3}|unverified|not verified|brief|addendum|audit)\b", re.I)
# Ids that read as code (snake_case); ids that are plain words ("dose", "contraception") may appear as words.
IDS = re.compile(r"\b(" + "|".join(sorted((re.escape(i) for i in [*GUIDELINE.nodes, *(a.id for a in GUIDELINE.alerts)]
                                            if "_" in i), key=len, reverse=True)) + r")\b")


def clinician_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every string a consult, show or handout displays."""
    for node in GUIDELINE.nodes.values():
        if isinstance(node, (Question, MultiQuestion, NumericQuestion, Route, Compute)):
            yield f"{node.id} text", node.text
            yield f"{node.id} help", node.help
        if isinstance(node, Route):
            for number, rule in enumerate(node.rules, 1):
                yield f"{node.id} rule {number}", rule.label
        if isinstance(node, (Question, MultiQuestion)):
            for o in node.options:
                yield f"{node.id} option {o.id}", f"{o.label} {o.help}"
        if isinstance(node, Recommendation):
            for part in (node.title, node.summary, node.rationale, node.grade, *node.actions, *node.cautions):
                yield node.id, part
    for alert in GUIDELINE.alerts:
        yield alert.id, f"{alert.title} {alert.text} {alert.grade}"
    for drug in GUIDELINE.drugs:
        yield f"drug {drug.id}", " ".join((drug.name, *(r.text for r in (*drug.withhold, *drug.cautions))))
    for grade in GUIDELINE.grades:
        yield f"grade {grade.id}", f"{grade.id} {grade.description}"


def test_the_manifest_is_version_2_1_0_reviewed_today_and_due_in_a_year() -> None:
    g = GUIDELINE
    assert (g.version, g.last_reviewed, g.review_due) == ("2.1.0", "2026-12-02", "2027-12-02")


def test_no_research_tag_or_internal_id_in_what_a_clinician_reads() -> None:
    texts = list(clinician_texts())
    assert len(texts) > 500
    found = [(where, m.group(0)) for where, text in texts for m in (HEDGES.search(text), IDS.search(text)) if m]
    assert found == []


def test_every_help_opens_with_one_short_definition_line_then_the_evidence() -> None:
    asked = [n for n in GUIDELINE.nodes.values() if isinstance(n, (Question, MultiQuestion, NumericQuestion, Route,
                                                                     Compute))]
    for node in asked:
        first, _, evidence = node.help.strip().partition("\n\n")
        assert "\n" not in first and len(first) <= 220, f"{node.id}: {first!r}"
        assert evidence.strip(), f"{node.id}: no evidence after the definition line"


def test_every_alert_has_a_scenario_where_it_fires_and_one_where_it_must_not() -> None:
    fires = {a for sc in SCENARIOS for a in sc.alerts}
    silent = {a for sc in SCENARIOS for a in sc.not_alerts}
    ids = {a.id for a in GUIDELINE.alerts}
    assert (ids - fires, ids - silent) == (set(), set())


def test_every_file_carries_the_schema_header_and_no_machine_path() -> None:
    for path in sorted(BUNDLED.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yaml":
            depth = "../../" if path.parent.name == "scenarios" else "../"
            assert text.startswith(f"# yaml-language-server: $schema={depth}lnnav.schema.json\n"), path.name
        assert not re.search(r"(?<![\w.])/(work|tmp|home|usr|root)/", text), path.name


# A card is read between two patients: the alerts must leave room for the recommendation.
MAX_ALERTS, MAX_ALERT_TEXT, MAX_ONE_ALERT = 5, 1500, 600


def over_budget(walk: Walk) -> tuple[int, int, dict[str, int]] | None:
    """(alerts, characters, alerts over 600) of a card over the budget, None when it keeps within it."""
    texts = {f.alert.id: len(f.alert.text) for f in walk.alerts}
    long = {a: n for a, n in texts.items() if n > MAX_ONE_ALERT}
    if len(texts) > MAX_ALERTS or sum(texts.values()) > MAX_ALERT_TEXT or long:
        return len(texts), sum(texts.values()), long
    return None


def test_every_bundled_scenario_card_keeps_within_the_alert_budget() -> None:
    over = []
    for sc in SCENARIOS:
        walk = scenarios.run(GUIDELINE, sc).walk
        assert walk is not None, sc.path.name
        if (found := over_budget(walk)) is not None:
            over.append((sc.path.name, *found))
    assert len(SCENARIOS) >= 58
    assert over == []


# The patient states that add alerts to any card, each put on top of every bundled scenario as
# --set would: every sex and pregnancy answer, a child and an adult, hepatitis B and tuberculosis
# results (negative, not known, both positive, anti-HBc alone), and the interacting drugs.
PEOPLE = [("female", p) for p in ("pregnant_now", "planned", "possible", "not_possible", "sterilised",
                                             "not_discussed")] + [
    ("male", p) for p in ("father_planned", "father_not_planned", "not_discussed")]
AGES = ("16", "40")
SCREENS = (("negative", "negative"), ("not_known", "not_known"), ("hbsag_positive", "positive"),
           ("core_only", "negative"))
INTERACTING = ((), ("strong_cyp3a4", "ppi"))


def with_state(sc: scenarios.Scenario, sex: str, pregnancy: str, age: str, screen: tuple[str, str],
               extra: tuple[str, ...]) -> Walk:
    drugs = [d for d in sc.answers.given["current_drugs"].text.split(",") if d not in ("none", *extra)]
    sets = [f"sex={sex}", f"pregnancy={pregnancy}", f"age={age}", f"hbv_status={screen[0]}",
            f"tb_status={screen[1]}", f"current_drugs={','.join([*drugs, *extra]) or 'none'}"]
    return navigate(GUIDELINE, Scripted(GUIDELINE, resolve(GUIDELINE, sc.answers.merged(parse_sets(sets)))))


def test_every_card_keeps_within_the_alert_budget_for_every_patient_state_on_every_scenario() -> None:
    over: dict[str, tuple[object, ...]] = {}
    walks, cut_short = 0, set()
    for sc in SCENARIOS:
        for (sex, pregnancy), age, screen, extra in itertools.product(PEOPLE, AGES, SCREENS, INTERACTING):
            try:
                walk = with_state(sc, sex, pregnancy, age, screen, extra)
            except AnswersError:  # the state leads past the scenario's answers (out of a pregnancy card)
                cut_short.add(sc.path.name)
                continue
            walks += 1
            if (found := over_budget(walk)) is not None:
                over.setdefault(walk.outcome.id, (sc.path.name, sex, pregnancy, age, screen, extra, *found))
    assert walks > 9000
    assert cut_short == {sc.path.name for sc in SCENARIOS if sc.answers.given["pregnancy"].text == "pregnant_now"}
    assert over == {}


def test_no_alert_is_longer_than_one_card_may_carry() -> None:
    assert {a.id: len(a.text) for a in GUIDELINE.alerts if len(a.text) > MAX_ONE_ALERT} == {}


# the Table 29 grade and the row that set it, as the card's first line (audit 2.0 N3)
FLARE_GRADES = {
    "flare-after-high-cumulative-cyclophosphamide.yaml": "severe - creatinine up more than 1.0 mg/dL",
    "severe-flare-creatinine-from-2-2.yaml": "severe - creatinine up more than 1.5 mg/dL",
    "nephrotic-flare-small-creatinine-rise.yaml": "severe - PCR up more than 5.0 g/g",
    "nephritic-flare.yaml": "moderate - creatinine up 0.20-1.0 mg/dL from a pre-flare value below 2.0",
    "flare-on-belimumab-low-egfr.yaml": "moderate - creatinine up 0.40-1.5 mg/dL",
    "proteinuric-rise-after-ace-stopped.yaml": "moderate - PCR from below 0.5 to 1.0 g/g or more",
    "proteinuric-flare.yaml": "moderate - PCR from 0.5-1.0 to 2.0 g/g or more",
    "flare-proteinuria-doubled-after-ciclosporin.yaml": "moderate - PCR at least doubled from above 1.0 g/g",
    "proteinuria-3000-to-5500.yaml": "at least moderate - PCR rose to 5.0 g/g or more",
}


def test_every_card_after_the_flare_grade_names_the_grade_and_its_row_first() -> None:
    seen = {}
    for sc in SCENARIOS:
        walk = scenarios.run(GUIDELINE, sc).walk
        assert walk is not None
        if any(s.node == "flare_grade" for s in walk.steps):
            assert len(walk.findings) == 1, sc.path.name
            assert walk.findings[0].startswith(("Flare grade: ", "Table 29: ")), walk.findings
            seen[sc.path.name] = walk.findings[0]
        else:
            assert walk.findings == (), sc.path.name
    for name, grade in FLARE_GRADES.items():
        assert seen[name].startswith(f"Flare grade: {grade}"), (name, seen[name])
    assert seen["mild-sediment-flare.yaml"] == "Table 29: no moderate or severe row is met by the creatinine or PCR change"


def test_every_route_rule_of_the_bundled_guideline_reads_in_words_on_the_path() -> None:
    from lnnav.model.guideline import Route

    g = load_or_raise(BUNDLED)
    unlabelled = [f"{n.id} rule {i + 1}" for n in g.nodes.values() if isinstance(n, Route)
                  for i, rule in enumerate(n.rules) if not rule.label]
    assert unlabelled == []  # "Path taken" would show the rule's logic to the clinician

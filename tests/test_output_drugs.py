"""The drug catalogue in every output: the card, --brief, JSON, Markdown, HTML and --explain."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import CliRunner

G = ("--guideline", "tests/data/drugs")
LOW = ("--set", "egfr=35", "--set", "pregnancy=not_planned")  # belimumab with its caution; no calcineurin inhibitor
PREGNANT = ("--set", "egfr=60", "--set", "pregnancy=planned")  # a class offered, one of its members not


@pytest.mark.parametrize(("fmt", "name"), [("text", "consult-drugs.txt"), ("markdown", "consult-drugs.md"),
                                           ("html", "consult-drugs.html")])
def test_a_consult_with_withheld_drugs_matches_its_golden(cli: CliRunner, golden: Callable[[str, str], None],
                                                         fmt: str, name: str) -> None:
    run = cli("consult", *G, *LOW, "--explain", "--format", fmt)
    assert (run.code, run.err) == (0, "")
    golden(name, run.out)


def test_the_card_lists_what_is_not_offered_after_the_actions_one_line_each(cli: CliRunner) -> None:
    lines = cli("consult", *G, *LOW).out.splitlines()
    at = lines.index("Not offered for this patient")
    assert lines[at - 1] == "3. Do not repeat cyclophosphamide."
    assert lines[at + 1] == "  Calcineurin inhibitor - not listed as an option at eGFR 45 or below [1]"
    assert lines[at + 2] == "! Alert: Belimumab dosing"


def test_a_caution_sits_right_under_its_action(cli: CliRunner) -> None:
    lines = cli("consult", *G, *LOW).out.splitlines()
    at = lines.index("1. Add belimumab to mycophenolate.")
    assert lines[at + 1] == "   ! Belimumab: Monitor kidney function closely. [2]"


def test_a_withheld_member_of_an_offered_class_is_noted_under_the_action(cli: CliRunner) -> None:
    lines = cli("consult", *G, *PREGNANT).out.splitlines()
    at = lines.index("1. Switch to azathioprine with a calcineurin inhibitor.")
    assert lines[at + 1] == "   ! Voclosporin - not offered: no data in pregnancy [2]"


def test_brief_keeps_one_line_for_what_is_not_offered(cli: CliRunner) -> None:
    out = cli("consult", *G, *PREGNANT, "--brief").out
    lines = [line for line in out.splitlines() if "Not offered" in line]
    assert lines == ["Not offered for this patient: Mycophenolate (why: see the full result)"]


def test_json_carries_proposes_not_offered_and_drug_cautions(cli: CliRunner) -> None:
    outcome = json.loads(cli("consult", *G, *LOW, "--format", "json").out)["outcome"]
    assert outcome["actions"] == ["Add belimumab to mycophenolate.",
                                  "Continue azathioprine alone until kidney function allows more.",
                                  "Do not repeat cyclophosphamide."]
    assert outcome["proposes"] == ["mmf", "belimumab", "azathioprine"]
    assert outcome["not_offered"] == [{"text": "Add a calcineurin inhibitor to mycophenolate.", "drugs": ["cni"],
                                       "because": "not listed as an option at eGFR 45 or below", "references": [1]}]
    assert outcome["drug_cautions"] == [{"drug": "belimumab", "text": "Monitor kidney function closely.",
                                         "references": [2]}]


def test_json_explanation_names_each_withholding_rule_and_its_place(cli: CliRunner) -> None:
    doc = json.loads(cli("consult", *G, *LOW, "--explain", "--format", "json").out)
    (withheld,) = doc["explanation"]["withheld"]
    assert withheld["drug"] == "cni" and withheld["where"] == "tests/data/drugs/drugs.yaml:26:9"
    assert withheld["condition"] == '"Current eGFR" <= 45 mL/min/1.73 m2'


def test_a_guideline_without_a_catalogue_keeps_its_json_keys(cli: CliRunner) -> None:
    outcome = json.loads(cli("consult", "--guideline", "tests/data/v2", "--answers",
                             "tests/data/v2/scenarios/dual.yaml", "--format", "json").out)["outcome"]
    assert not {"proposes", "not_offered", "drug_cautions"} & set(outcome)


def test_markdown_nests_a_caution_under_its_action_and_lists_what_is_not_offered(cli: CliRunner) -> None:
    out = cli("consult", *G, *LOW, "--format", "markdown").out
    assert "1. Add belimumab to mycophenolate.\n   - **Belimumab:** Monitor kidney function closely. [2]\n" in out
    assert "## Not offered for this patient\n\n- **Calcineurin inhibitor** - not listed as an option at eGFR 45 or " \
           "below [1]\n" in out


def test_html_shows_the_same_blocks(cli: CliRunner) -> None:
    out = cli("consult", *G, *LOW, "--format", "html").out
    assert '<li>Add belimumab to mycophenolate.<ul class="drug-notes"><li><strong>Belimumab:</strong> Monitor ' \
           "kidney function closely. [2]</li></ul></li>" in out
    assert "<h2>Not offered for this patient</h2>" in out

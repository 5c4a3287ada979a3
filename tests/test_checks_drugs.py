"""validate on the drug catalogue: each check with a planted mistake, at its exact FILE:LINE:COL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from lnnav.format.loader import load_guideline

DRUGS = DATA / "drugs"
NO_CATALOGUE = 'the guideline has no drug catalogue: name one with "drugs: drugs.yaml" in the manifest'


def planted(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    """The issues of a copy of the worked example with one edit, as printed, relative to the copy."""
    copy = tmp_path / "g"
    shutil.copytree(DRUGS, copy)
    text = (copy / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    (copy / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    _g, issues = load_guideline(copy)
    return [str(i).replace(f"{copy}/", "") for i in issues]


def test_the_worked_example_is_clean() -> None:
    g, issues = load_guideline(DRUGS)
    assert g is not None and issues == []


CASES = [
    ("a drug id twice", "drugs.yaml", "  - id: azathioprine\n", "  - id: tacrolimus\n",
     'drugs.yaml:37:5: error: duplicate drug id "tacrolimus" (first defined at drugs.yaml:29:5)'),
    ("a withhold rule without because", "drugs.yaml", "        because: teratogenic; stop it before conception\n", "",
     'drugs.yaml:7:9: error: a withhold rule of drug "mmf" is missing required key "because"'),
    ("a class that names itself", "drugs.yaml", "members: [tacrolimus, voclosporin]",
     "members: [tacrolimus, voclosporin, cni]",
     'drugs.yaml:24:40: error: drug "cni" lists itself among its members; a class holds other drugs'),
    ("a class that holds itself through another", "drugs.yaml", "  - id: tacrolimus\n    name: Tacrolimus\n",
     "  - id: tacrolimus\n    name: Tacrolimus\n    members: [cni]\n",
     'drugs.yaml:24:15: error: drug "cni" holds itself through its member "tacrolimus": a class cannot be its own '
     "member"),
    ("an unknown member", "drugs.yaml", "members: [tacrolimus, voclosporin]", "members: [tacrolimus, voclosporine]",
     'drugs.yaml:24:27: error: drug "cni": member "voclosporine" is not in the drug catalogue; did you mean '
     '"voclosporin"?'),
    ("an unknown id in proposes", "nodes.yaml", "proposes: [mmf, belimumab]", "proposes: [mmf, belimumap]",
     'nodes.yaml:24:25: error: action 1 of "rec_add" proposes drug "belimumap", which is not in the drug catalogue; '
     'did you mean "belimumab"?'),
    ("an unknown id in names", "nodes.yaml", "names: [cyclophosphamide]", "names: [cyclophosphamid]",
     'nodes.yaml:34:17: error: action 5 of "rec_add" names drug "cyclophosphamid", which is not in the drug '
     'catalogue; did you mean "cyclophosphamide"?'),
    ("an unknown id in proposed", "nodes.yaml", "when: {proposed: voclosporin}", "when: {proposed: voclosporine}",
     'nodes.yaml:44:11: error: condition names drug "voclosporine", which is not in the drug catalogue; did you mean '
     '"voclosporin"?'),
    ("proposed in an action's when", "nodes.yaml", "        when: {question: egfr, le: 45}\n",
     "        when: {proposed: cni}\n",
     'nodes.yaml:32:15: error: action 4 of "rec_add": proposed and proposed_any may only be tested in alerts and in '
     "an outcome's cautions (what is proposed is known only once the actions are chosen)"),
    ("proposed in an option's when", "nodes.yaml", "      - {id: planned, label: Planned, next: rec_add}",
     "      - {id: planned, label: Planned, next: rec_add, when: {proposed: cni}}",
     'nodes.yaml:16:60: error: option "planned" of "pregnancy": proposed and proposed_any may only be tested in alerts '
     "and in an outcome's cautions (what is proposed is known only once the actions are chosen)"),
    ("a drug named in text but neither proposed nor named", "nodes.yaml",
     "      - text: Do not repeat cyclophosphamide.\n        names: [cyclophosphamide]\n",
     "      - Do not repeat CYCLOPHOSPHAMIDE.\n",
     'nodes.yaml:33:9: warning: action 5 of "rec_add" names Cyclophosphamide ("CYCLOPHOSPHAMIDE") but neither proposes '
     'nor names it: add "proposes: [cyclophosphamide]" if it offers the drug, or "names: [cyclophosphamide]" if it '
     "only mentions it"),
    ("an outcome left without treatment for some answers", "nodes.yaml",
     "        proposes: [azathioprine]\n        when: {question: egfr, le: 45}\n",
     "        proposes: [azathioprine]\n        when: {question: egfr, le: 20}\n",
     'nodes.yaml:18:5: warning: outcome "rec_add" offers no treatment when pregnancy = planned and egfr > 20 and '
     "egfr <= 45: every action that proposes a drug is hidden or withheld then; add an action for that case"),
    ("a withhold rule that can never hold", "drugs.yaml", "      - when: {question: egfr, lt: 30}\n",
     "      - when: {question: egfr, gt: 300}\n",
     'drugs.yaml:14:9: error: withhold rule 1 of drug "belimumab" can never hold: its condition (egfr > 300) can never '
     "hold; egfr is from 0 to 200 mL/min/1.73 m2"),
    ("a withhold rule shadowed by its class", "drugs.yaml",
     "        because: no data in pregnancy\n        references: [ref_b]\n",
     "        because: no data in pregnancy\n        references: [ref_b]\n      - when: {question: egfr, lt: 20}\n"
     "        because: test\n",
     'drugs.yaml:37:9: warning: withhold rule 2 of drug "voclosporin" never changes what is offered: a rule of its '
     "class (egfr <= 45) already withholds it in every case it covers; merge the two reasons into one rule"),
    ("a caution that can never be shown", "drugs.yaml", "        text: Monitor kidney function closely.\n",
     "        text: Monitor kidney function closely.\n      - when: {question: egfr, lt: 20}\n        text: never\n",
     'drugs.yaml:20:9: error: caution 2 of drug "belimumab" can never be shown: Belimumab is withheld in every case '
     "its condition covers"),
    ("a catalogue in a v1 guideline", "guideline.yaml", "schema_version: 2", "schema_version: 1",
     'guideline.yaml:18:1: error: "drugs" (a drug catalogue) needs schema_version 2 (this guideline is version 1)'),
    ("a catalogue file that is not there", "guideline.yaml", "drugs: drugs.yaml", "drugs: drug.yaml",
     'guideline.yaml:18:8: error: file "drug.yaml" is listed but not found in g; did you mean "drugs.yaml"?'),
    ("a rule list that is not a list", "drugs.yaml", "    also: [MMF]\n", "    also: [MMF]\n    cautions: 3\n",
     'drugs.yaml:6:15: error: "cautions" in drug "mmf" must be a list, got a number (3)'),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_planted_catalogue_mistake_is_reported_alone_at_its_place(
        tmp_path: Path, case: str, file: str, old: str, new: str, message: str) -> None:
    issues = planted(tmp_path, file, old, new)
    assert [i.replace(f"{tmp_path}/", "") for i in issues] == [message]


def test_proposes_without_a_catalogue_is_an_error_at_each_id(tmp_path: Path) -> None:
    issues = planted(tmp_path, "guideline.yaml", "drugs: drugs.yaml\n", "")
    assert f'nodes.yaml:24:20: error: action 1 of "rec_add" proposes drug "mmf", but {NO_CATALOGUE}' in issues
    assert f"nodes.yaml:44:11: error: a proposed condition names a drug, but {NO_CATALOGUE}" in issues
    assert len(issues) == 11


def test_a_member_listed_covers_the_class_named_in_the_text_and_the_other_way(tmp_path: Path) -> None:
    issues = planted(tmp_path, "nodes.yaml", "      - text: Add a calcineurin inhibitor to mycophenolate.\n"
                     "        proposes: [mmf, cni]\n",
                     "      - text: Add tacrolimus, a calcineurin inhibitor, to mycophenolate.\n"
                     "        proposes: [mmf, tacrolimus]\n")
    assert issues == []


def test_a_name_inside_a_longer_word_is_not_a_mention(tmp_path: Path) -> None:
    issues = planted(tmp_path, "nodes.yaml", "      - text: Do not repeat cyclophosphamide.\n",
                     "      - text: Do not repeat cyclophosphamides or MMFX.\n")
    assert issues == []


LOW_AZATHIOPRINE = ("        proposes: [azathioprine]\n        when: {question: egfr, le: 45}\n",
                    "        proposes: [azathioprine]\n        when: {question: egfr, le: 20}\n")


def with_action_for_the_gap(tmp_path: Path, names: str) -> list[str]:
    old, new = LOW_AZATHIOPRINE
    extra = f"      - text: Ask a specialist centre what to give instead.\n        names: [{names}]\n" \
            "        when: {question: egfr, le: 45}\n"
    return planted(tmp_path, "nodes.yaml", old, new + extra)


def test_an_action_that_names_the_drug_withheld_in_that_case_answers_the_no_treatment_warning(tmp_path: Path) -> None:
    # Planned pregnancy at eGFR 20-45: mycophenolate and the calcineurin inhibitor are withheld there.
    assert with_action_for_the_gap(tmp_path, "cni") == []


def test_naming_a_drug_that_is_not_withheld_there_leaves_the_warning(tmp_path: Path) -> None:
    assert with_action_for_the_gap(tmp_path, "cyclophosphamide") == [
        'nodes.yaml:18:5: warning: outcome "rec_add" offers no treatment when pregnancy = planned and egfr > 20 and '
        "egfr <= 45: every action that proposes a drug is hidden or withheld then; add an action for that case"]

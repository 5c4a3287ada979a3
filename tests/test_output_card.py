"""The text result: the card (bottom line first), the details after it, and --brief."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUNDLED, CliRunner
from lnnav.cli.main import main

MINI_ARGS = ("--guideline", "tests/data/mini")
SEVERE = ("--answers", "tests/data/mini/scenarios/severe-flare.yaml")
CARD = [
    "Recommendation: Re-induce",
    "Pathway: Flare. Evidence grade: practice point [1]",
    "What to do",
    "1. Re-induce with the regimen that worked.",
    "! Alert: Nephrotic-range proteinuria",
    "lnnav supports, and does not replace, clinical judgement.",
]


def test_the_result_opens_with_the_card_then_the_details(cli: CliRunner) -> None:
    lines = cli("consult", *MINI_ARGS, *SEVERE).out.splitlines()
    assert lines[:6] == CARD
    assert lines[6:9] == ["", "Details", "Heavy proteinuria."]
    assert lines.index("! Nephrotic-range proteinuria: Consider anticoagulation risk. [1]") < lines.index("Path taken")
    assert lines[-1] == "Test content only; it supports and does not replace clinical judgement."


def test_brief_prints_the_card_alone(cli: CliRunner) -> None:
    run = cli("consult", *MINI_ARGS, *SEVERE, "--brief")
    assert (run.code, run.out.splitlines()) == (0, CARD)


def test_explain_follows_the_details(cli: CliRunner) -> None:
    lines = cli("consult", *MINI_ARGS, *SEVERE, "--explain").out.splitlines()
    assert lines.index("Explanation") > lines.index("References")
    assert "  Answer: Worse after a response (flare)" in lines


def test_guideline_text_is_shown_as_written_not_as_markup(cli: CliRunner, tmp_path: Path) -> None:
    from conftest import edited_mini

    folder = edited_mini(tmp_path, "Re-induce with the regimen that worked.", "Give [bold]1 g[/] [mg/day].")
    out = cli("consult", "--guideline", str(folder), *SEVERE).out
    assert "1. Give [bold]1 g[/] [mg/day]." in out.splitlines()


@pytest.mark.parametrize("columns", ["0", "40", "abc"])
def test_text_off_the_terminal_has_a_stable_width_and_whole_citations(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path, columns: str) -> None:
    scenario = BUNDLED / "scenarios" / "ppi-interaction.yaml"
    monkeypatch.setenv("COLUMNS", columns)
    out = tmp_path / "result.txt"
    assert main(["consult", "--answers", str(scenario), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    width = 40 if columns == "40" else 100
    assert text.startswith("Recommendation: ")
    assert "doi:10.1093/rheumatology/keq238" in text
    assert "..." not in text and "…" not in text
    assert all(len(line) <= width or " " not in line.strip() for line in text.splitlines())


V2 = ("--guideline", "tests/data/v2", "--answers", "tests/data/v2/scenarios/dual.yaml")


def test_v2_details_show_computed_values_with_their_inputs_and_multi_answers(cli: CliRunner) -> None:
    lines = cli("consult", *V2).out.splitlines()
    assert lines[:4] == ["Recommendation: Add a third drug", "Pathway: Flare. Evidence grade: 1A [1]", "What to do",
                         "1. Add belimumab to the current regimen."]
    assert "2. Keep mycophenolate at the full dose." in lines  # a conditional action whose condition holds
    computed = lines.index("Computed values")
    assert lines[computed + 1:computed + 3] == [
        "= Cyclophosphamide total after one more 3 g course = 9 g (from Cyclophosphamide already given",
        "  (total) = 6 g)"]
    assert "1. Which drugs does the patient take now? -> Mycophenolate; Belimumab" in lines
    assert "2. Current serum creatinine -> 190 umol/L = 2.149 mg/dL" in lines
    assert "Numbers to check" not in lines


def test_an_unusual_number_is_listed_to_check(cli: CliRunner) -> None:
    lines = cli("consult", *V2, "--set", "creat=15").out.splitlines()
    at = lines.index("Numbers to check")
    assert lines[at + 1].startswith('! "creat" (Current serum creatinine): 15 mg/dL is unusually high')


def test_the_cards_citations_shorten_runs_of_numbers(mini: object) -> None:
    from lnnav.engine.answers import Scripted, load_answers, resolve
    from lnnav.engine.walk import navigate
    from lnnav.model.guideline import Guideline, Reference
    from lnnav.output.card import cite_ranges

    assert isinstance(mini, Guideline)
    walk = navigate(mini, Scripted(mini, resolve(mini, load_answers(Path(__file__).parent / "data" / "mini" / "scenarios" / "severe-flare.yaml"))))
    refs = tuple(Reference(f"r{n}", f"Citation {n}.") for n in range(1, 8))
    walk = walk._replace(references=refs)
    assert cite_ranges(walk, ("r1", "r2", "r3", "r4", "r6", "r7")) == "[1-4, 6, 7]"
    assert cite_ranges(walk, ("r5", "r1")) == "[1, 5]"
    assert cite_ranges(walk, ("nowhere",)) == ""


@pytest.mark.parametrize("scenario", sorted((BUNDLED / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_brief_fits_25_lines_at_100_columns(cli: CliRunner, scenario: Path) -> None:
    run = cli("consult", "--answers", str(scenario), "--brief")  # the fixture sets COLUMNS=100
    assert run.code == 0, run.err
    assert len(run.out.splitlines()) <= 25, run.out


LABELS = ("--guideline", "tests/data/labels", "--answers", "tests/data/labels/scenarios/avoid.yaml")
FINDING = "Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide"


def test_a_route_shown_on_the_card_names_its_rule_before_the_actions_as_written(cli: CliRunner) -> None:
    lines = cli("consult", *LABELS, "--brief").out.splitlines()
    assert lines[2:4] == [FINDING, "What to do"]


def test_the_path_says_a_labelled_rule_in_its_words(cli: CliRunner) -> None:
    out = " ".join(cli("consult", *LABELS).out.split())  # the fixture's 100 columns wrap this line
    assert f"5. Choose the next step from the regimen and exposure -> {FINDING} References" in out

"""`lnnav consult --fhir`: a consult prefilled from a patient's record, scripted; where each answer came from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner
from fhir_bundles import TODAY, bundle, full_record, patient, quantity, write
from lnnav.format.loader import load_or_raise

pytest.importorskip("fhir.resources")
RECORD = ("consult", "--guideline", "tests/data/record", "--as-of", TODAY)
EXAMPLE = "guidelines/lupus-nephritis/examples/patient-bundle.json"


def test_a_record_answers_what_it_holds_and_the_rest_is_given(cli: CliRunner, tmp_path: Path) -> None:
    run = cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--set", "situation=plain", "--format", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert doc["outcome"]["id"] == "rec_plain"
    assert doc["answers_source"]["creat"] == {"source": "record", "resources": ["Observation/cr-1"], "date": "2026-05-12"}
    assert doc["answers_source"]["situation"] == {"source": "given"}
    assert doc["answers"]["drugs"] == ["mpa", "hcq"]


def test_the_text_path_says_which_answers_came_from_the_record_and_when(cli: CliRunner, tmp_path: Path) -> None:
    run = cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--set", "situation=plain")
    assert "Current eGFR -> 52 mL/min/1.73 m2 (from the record: Observation/egfr-1, measured 2026-05-12)" in run.out
    assert "Which situation applies? -> Plain\n" in run.out


def test_markdown_and_html_say_it_too(cli: CliRunner, tmp_path: Path) -> None:
    path = str(write(tmp_path, full_record()))
    md = cli(*RECORD, "--fhir", path, "--set", "situation=plain", "--format", "markdown").out
    html = cli(*RECORD, "--fhir", path, "--set", "situation=plain", "--format", "html").out
    assert "| Negative (from the record: Observation/hbs-1, measured 2026-05-12) |" in md
    assert "Negative <small>(from the record: Observation/hbs-1, measured 2026-05-12)</small>" in html


def test_set_wins_over_the_record(cli: CliRunner, tmp_path: Path) -> None:
    run = cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--set", "situation=plain", "--set", "egfr=70",
              "--format", "json")
    doc = json.loads(run.out)
    assert (doc["answers"]["egfr"], doc["answers_source"]["egfr"]) == (70.0, {"source": "given"})


def test_answers_win_over_the_record_too(cli: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("situation: plain\nsex: male\n", encoding="utf-8")
    doc = json.loads(cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--answers", str(answers),
                         "--format", "json").out)
    assert (doc["answers"]["sex"], doc["answers_source"]["sex"]) == ("male", {"source": "given"})


def test_a_consult_asks_only_what_the_record_cannot_answer(cli: CliRunner, tmp_path: Path) -> None:
    run = cli(*RECORD, "--fhir", str(write(tmp_path, full_record())))
    assert run.code == 2
    assert 'no answer for question "situation"' in run.err


def test_a_value_not_used_is_said_and_nothing_else_is_lost(cli: CliRunner, tmp_path: Path) -> None:
    doc = full_record()
    doc["entry"].append({"resource": quantity("cr-old", "2160-0", 0.9, "mg/dL", date="2025-01-01")})
    run = cli(*RECORD, "--fhir", str(write(tmp_path, doc)), "--set", "situation=plain")
    assert run.code == 0
    assert ("lnnav: warning: " + str(tmp_path / "record.json") + ": entry 7 (Observation/cr-old): measured 2025-01-01, "
            'more than 30 days ago: too old to answer "creat" (Current serum creatinine); not used') in run.err


def test_the_record_is_read_from_standard_input_with_a_dash(tmp_path: Path) -> None:
    lnnav = Path(sys.executable).parent / "lnnav"
    run = subprocess.run([str(lnnav), *RECORD, "--fhir", "-", "--set", "situation=flare", "--format", "json"],
                         input=json.dumps(full_record()), capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["answers_source"]["flare_creat"]["resources"] == ["Observation/cr-1"]


def test_a_bundle_that_is_not_fhir_exits_2_with_the_reason(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    run = cli(*RECORD, "--fhir", str(bad))
    assert run.code == 2
    assert f"lnnav: error: {bad}: not a FHIR Bundle (a Patient)" in run.err


def test_a_missing_record_file_is_named(cli: CliRunner, tmp_path: Path) -> None:
    run = cli(*RECORD, "--fhir", str(tmp_path / "none.json"))
    assert (run.code, run.err.strip()) == (2, f"lnnav: error: {tmp_path / 'none.json'}: record file not found")


def test_as_of_needs_a_record_and_a_date(cli: CliRunner, tmp_path: Path) -> None:
    assert "give it with --fhir FILE" in cli("consult", "--as-of", TODAY, "--set", "situation=flare").err
    run = cli(*RECORD[:3], "--as-of", "20 May", "--fhir", str(write(tmp_path, bundle(patient()))))
    assert (run.code, run.err.strip()) == (2, 'lnnav: error: --as-of takes a date, YYYY-MM-DD, got "20 May"')


def test_a_saved_record_keeps_where_answers_came_from_and_replay_says_it(cli: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "session.json"
    cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--set", "situation=plain", "--save", str(saved))
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["answers_source"]["age"] == {"source": "record", "resources": ["Patient/p1"], "date": ""}
    replayed = cli("replay", str(saved), "--guideline", "tests/data/record")
    assert replayed.code == 0, replayed.err
    assert "from the record: egfr = 52 mL/min/1.73 m2 (Observation/egfr-1, measured 2026-05-12)" in replayed.out


def test_a_consult_from_a_saved_record_keeps_its_record_answers(cli: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "session.json"
    cli(*RECORD, "--fhir", str(write(tmp_path, full_record())), "--set", "situation=plain", "--save", str(saved))
    doc = json.loads(cli("consult", "--guideline", "tests/data/record", "--answers", str(saved), "--format", "json").out)
    assert doc["answers_source"]["creat"]["source"] == "record"
    assert doc["answers_source"]["situation"] == {"source": "given"}


def test_a_consult_without_a_record_has_no_answers_source(cli: CliRunner) -> None:
    doc = json.loads(cli("consult", "--guideline", "tests/data/record", "--answers",
                         "tests/data/record/scenarios/plain.yaml", "--format", "json").out)
    assert "answers_source" not in doc


def test_a_consult_without_a_record_does_not_load_the_fhir_library() -> None:
    code = ("import sys; from lnnav.cli.main import main; "
            "main(['consult', '--guideline', 'tests/data/mini', '--set', 'situation=flare', '--set', 'upcr=4', "
            "'--format', 'json']); print('fhir' in sys.modules, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.stderr.strip().endswith("False"), run.stderr


def test_the_shipped_example_leaves_only_what_a_record_cannot_say(cli: CliRunner) -> None:
    run = cli("consult", "--fhir", EXAMPLE, "--as-of", "2026-05-20")
    assert run.code == 2 and 'no answer for question "pregnancy"' in run.err, run.err
    assert 'MedicationStatement/ms-tacrolimus): status "stopped" (not active)' in run.err


# the answers no record holds, for one path through the bundled guideline from the shipped example
NOT_IN_THE_RECORD = ("pregnancy=possible", "tb_status=negative", "situation=no_response", "months_on_therapy=6",
                     "trajectory=creatinine_rising", "response_so_far=partial", "adherence=not_assessed")


def test_a_consult_from_the_shipped_example_needs_only_what_its_record_cannot_say(cli: CliRunner) -> None:
    sets = [a for s in NOT_IN_THE_RECORD for a in ("--set", s)]
    run = cli("consult", "--fhir", EXAMPLE, "--as-of", "2026-05-20", *sets, "--format", "json")
    assert run.code == 0, run.err
    sources = {q: s["source"] for q, s in json.loads(run.out)["answers_source"].items()}
    g = load_or_raise(ROOT / "guidelines" / "lupus-nephritis")
    mapped = {q for q, n in g.nodes.items() if getattr(n, "record", None) is not None
              or any(o.codes or getattr(o, "results", ()) for o in getattr(n, "options", ()))}
    from_record = {q for q, s in sources.items() if s == "record"}
    assert from_record == {"sex", "age", "current_drugs", "egfr", "hbv_status", "current_upcr"}
    # every other answer on the path is one no record holds; pregnancy is mapped, but the example's
    # "not pregnant" does not say whether a pregnancy is possible or planned
    assert {q for q, s in sources.items() if s != "record"} & mapped == {"pregnancy"}
    assert len(sources) - len(from_record) == len(NOT_IN_THE_RECORD)
    assert "LA26683-5 matches no option of \"pregnancy\"" in run.err


def test_text_from_the_record_is_shown_never_acted_on(cli: CliRunner, tmp_path: Path) -> None:
    doc = bundle(patient(), quantity("cr", "2160-0", 1.0, "\x1b[2Jmg"))
    run = cli(*RECORD, "--fhir", str(write(tmp_path, doc)), "--set", "situation=plain")
    assert "\x1b" not in run.err and 'unit "\\x1b[2Jmg" is not one "creat" accepts' in run.err, run.err

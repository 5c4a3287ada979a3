"""`consult --fhir` at a real terminal, one key at a time: the record's values are listed with value, unit, date
and resource, confirmed or edited in one step, and only the questions the record cannot answer are asked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("fhir.resources")

from pty_helpers import DOWN, ENTER, expect_prompt, finish, record

from fhir_bundles import TODAY, full_record, write

Spawn = Callable[..., Any]
SPACE = " "
CONFIRM = "From the patient's record"
SITUATION = "Which situation applies?"


def consult(pty_lnnav: Spawn, tmp_path: Path) -> tuple[Any, Path]:
    saved = tmp_path / "session.json"
    child = pty_lnnav("consult", "--guideline", "tests/data/record", "--as-of", TODAY, "--no-color",
                      "--fhir", str(write(tmp_path, full_record())), "--save", str(saved), rows=40, cols=120)
    return child, saved


def test_the_record_is_confirmed_in_one_step_then_only_the_rest_is_asked(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, saved = consult(pty_lnnav, tmp_path)
    shown = record(child)
    expect_prompt(child, CONFIRM)
    expect_prompt(child, "Current serum creatinine: 115 umol/L = 1.301 mg/dL (Observation/cr-1, measured 2026-05-12)")
    child.send(ENTER)
    expect_prompt(child, SITUATION)
    child.send(ENTER)
    assert finish(child) == 0
    screen = shown.getvalue()
    assert "Sex of the patient: Female (Patient/p1)" in screen
    assert "Current eGFR: 52 mL/min/1.73 m2 (Observation/egfr-1, measured 2026-05-12)" in screen
    assert "Age [years]" not in screen  # never asked: the record answered it
    sources = json.loads(saved.read_text(encoding="utf-8"))["answers_source"]
    assert sources["egfr"]["source"] == "record" and sources["situation"] == {"source": "asked"}


def test_a_value_unticked_is_asked_with_the_record_value_offered(pty_lnnav: Spawn, tmp_path: Path) -> None:
    child, saved = consult(pty_lnnav, tmp_path)
    expect_prompt(child, CONFIRM)
    expect_prompt(child, "HBsAg")
    child.send(SPACE)  # the pointer starts on the first value, the patient's sex: untick it
    child.send(ENTER)
    expect_prompt(child, "Sex of the patient")
    child.send(ENTER)  # the record's answer, Female, is offered first
    expect_prompt(child, SITUATION)
    child.send(ENTER)
    assert finish(child) == 0
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert (doc["answers"]["sex"], doc["answers_source"]["sex"]) == ("female", {"source": "asked"})
    assert doc["answers_source"]["age"]["source"] == "record"


def test_from_the_shipped_example_only_what_its_record_cannot_say_is_asked(pty_lnnav: Spawn, tmp_path: Path) -> None:
    saved = tmp_path / "session.json"
    given = ("tb_status=negative", "situation=no_response", "months_on_therapy=6", "trajectory=creatinine_rising",
             "response_so_far=partial", "adherence=not_assessed")
    child = pty_lnnav("consult", "--fhir", "guidelines/lupus-nephritis/examples/patient-bundle.json", "--as-of",
                      "2026-05-20", "--no-color", "--no-pager", *[a for g in given for a in ("--set", g)], "--save", str(saved),
                      rows=50, cols=160)
    shown = record(child)
    expect_prompt(child, CONFIRM)
    # both results it rests on, and the day of the older (the line wraps before "measured")
    expect_prompt(child, "(HBsAg and anti-HBc): HBsAg and anti-HBc both negative (Observation/hbsag-2026-03-02, "
                         "Observation/antihbc-2026-03-02,")
    expect_prompt(child, "measured 2026-03-02)")
    child.send(ENTER)
    expect_prompt(child, "Is a pregnancy possible or planned?")  # the record's "not pregnant" does not say
    child.send(DOWN + DOWN + ENTER)  # she could become pregnant but is not planning to
    assert finish(child) == 0
    sources = json.loads(saved.read_text(encoding="utf-8"))["answers_source"]
    assert [q for q, s in sources.items() if s["source"] == "asked"] == ["pregnancy"]
    assert {q for q, s in sources.items() if s["source"] == "record"} == {
        "sex", "age", "current_drugs", "egfr", "hbv_status", "current_upcr"}
    assert "Sex of the patient?" not in shown.getvalue()

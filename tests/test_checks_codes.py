"""lnnav.checks.codes, through `lnnav validate`: the record mapping of a guideline, located at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, CliRunner, edited_copy

RECORD = ROOT / "tests" / "data" / "record"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    return edited_copy(tmp_path, RECORD, "nodes.yaml", old, new)


def validate(cli: CliRunner, folder: Path) -> str:
    run = cli("validate", str(folder))
    return run.out + run.err


def test_the_record_test_guideline_maps_cleanly(cli: CliRunner) -> None:
    run = cli("validate", str(RECORD))
    assert run.code == 0, run.err


def test_the_bundled_guideline_maps_cleanly(cli: CliRunner) -> None:
    run = cli("validate", "guidelines/lupus-nephritis")
    assert run.code == 0 and "0 warning(s)" in run.out, run.out + run.err


@pytest.mark.parametrize(("old", "new", "said"), [
    ("{system: rxnorm, code: 5521}", "{system: rxnorn, code: 5521}",
     'nodes.yaml:40:17: error: "drugs": unknown code system "rxnorn"; known: loinc, rxnorm, snomed, administrative-gender'),
    ("code: 2160-0, unit: mg/dL", "code: 2160-1, unit: mg/dL",
     'nodes.yaml:72:11: error: "creat": LOINC code "2160-1" has a wrong check digit (for 2160 it is 0)'),
    ("code: 14682-9, unit: umol/L", "code: 14682-9, unit: mmol/L",
     'nodes.yaml:73:11: error: "creat": unit "mmol/L" of loinc 14682-9 is not one the question accepts (mg/dL, umol/L)'),
    ("{system: snomed, code: 10828004}", "{system: snomed, code: 10828005}",
     'nodes.yaml:88:17: error: "hbsag": SNOMED CT code "10828005" has a wrong check digit (Verhoeff)'),
    ("{system: rxnorm, code: 42316}", "{system: loinc, code: 2160-0}",
     'nodes.yaml:43:17: error: "drugs": an option of a multi question takes codes of rxnorm, not loinc'),
])
def test_a_slip_in_a_code_is_located(cli: CliRunner, tmp_path: Path, old: str, new: str, said: str) -> None:
    out = validate(cli, edited(tmp_path, old, new))
    assert said in out, out


def test_a_code_on_two_questions_is_refused_where_it_is_written_the_second_time(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "record: {same_as: creat}", "record: {codes: [{system: loinc, code: 2160-0}], "
                                                                     "max_age_days: 30}"))
    assert ('nodes.yaml:115:22: error: loinc 2160-0 is already a code of "creat" (' in out
            and 'a code answers one question and chooses one option (a measurement asked on two pathways: "same_as")'
            in out), out


def test_same_as_must_name_a_mapped_numeric_question(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "record: {same_as: creat}", "record: {same_as: situation}"))
    assert ('nodes.yaml:115:13: error: "flare_creat": "same_as" names "situation", which is not a numeric question '
            'with record "codes"') in out, out


def test_a_numeric_mapping_without_a_maximum_age_is_warned_about(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "      max_age_days: 90\n", ""))
    assert 'warning: "egfr": "record" has no "max_age_days": a value measured at any time answers it' in out, out


def test_a_none_of_these_option_takes_no_codes(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "        exclusive: true\n", "        exclusive: true\n"
                                                                    "        codes: [{system: rxnorm, code: 1256}]\n"))
    assert 'a record cannot show that a drug is absent, so it takes no codes' in out, out


def test_a_coded_option_needs_the_observation_that_carries_it(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "    record:\n      codes: [{system: loinc, code: 5195-3}]\n"
                                         "      max_age_days: 365\n", ""))
    assert ('"hbsag": option "positive" has a snomed code but the question has no "record" codes naming the '
            "observation that carries it") in out, out


def test_an_unknown_key_in_a_record_mapping_is_named(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "      max_age_days: 30\n", "      max_age: 30\n"))
    assert 'unknown key "max_age" in "record" in numeric node "creat"' in out, out


# "results": an option chosen by several coded results at once (HBsAg and anti-HBc), on a copy of the
# test guideline whose HBsAg question is rewritten to need them
CODED = ("      codes: [{system: loinc, code: 5195-3}]\n      max_age_days: 365\n    options:\n"
         "      - id: positive\n        label: Positive\n        next: situation\n"
         "        codes: [{system: snomed, code: 10828004}]\n"
         "      - id: negative\n        label: Negative\n        next: situation\n"
         "        codes: [{system: snomed, code: 260385009}]\n")
RESULTS = ("      codes: [{system: loinc, code: 5195-3}, {system: loinc, code: 16933-4}]\n      max_age_days: 365\n"
           "    options:\n      - id: positive\n        label: Positive\n        next: situation\n"
           "        results: [{of: [5195-3], is: {system: snomed, code: 10828004}}]\n"
           "      - id: negative\n        label: Negative\n        next: situation\n        results:\n"
           "          - {of: [5195-3], is: {system: snomed, code: 260385009}}\n"
           "          - {of: [16933-4], is: {system: snomed, code: 260385009}}\n")


def with_results(tmp_path: Path, old: str = "", new: str = "") -> Path:
    return edited(tmp_path, CODED, RESULTS.replace(old, new, 1) if old else RESULTS)


def test_options_chosen_by_several_results_map_cleanly(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("validate", str(with_results(tmp_path)))
    assert run.code == 0 and "0 warning(s)" in run.out, run.out + run.err


def test_a_result_must_name_a_test_of_the_questions_record_codes(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "{of: [16933-4]", "{of: [13952-7]"))
    assert ('nodes.yaml:94:13: error: "hbsag": option "negative" needs a result of LOINC 13952-7, which is not one of '
            "the question's \"record\" codes") in out, out


def test_two_options_one_record_could_both_choose_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "[{of: [5195-3], is: {system: snomed, code: 10828004}}]",
                                     "[{of: [16933-4], is: {system: snomed, code: 260385009}}]"))
    assert ('nodes.yaml:89:9: error: "hbsag": options "positive" and "negative" can both be chosen by one record: '
            "they need no different value of one test") in out, out


def test_one_test_is_written_the_same_way_in_every_result(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "{of: [16933-4]", "{of: [16933-4, 5195-3]"))
    assert 'write one test the same way everywhere' in out, out


def test_codes_and_results_do_not_mix_in_one_question(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "results: [{of: [5195-3], is: {system: snomed, code: 10828004}}]",
                                     "codes: [{system: snomed, code: 10828004}]"))
    assert '"hbsag": its options are chosen by "codes" or by "results", not both in one question' in out, out


def test_a_results_value_is_a_coded_answer_not_a_test(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "is: {system: snomed, code: 10828004}", "is: {system: loinc, code: 2160-0}"))
    assert ('"hbsag": option "positive": loinc 2160-0 is the code of a test; a result\'s value is a LOINC answer '
            "code (LA...)") in out, out


def test_a_loinc_answer_code_cannot_name_the_test_a_question_reads(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, edited(tmp_path, "codes: [{system: loinc, code: 5195-3}]", "codes: [{system: loinc, code: "
                                                                                 "LA15173-0}]"))
    assert '"hbsag": loinc LA15173-0 is a LOINC answer code (a value), not the code of a test' in out, out


def test_a_result_needs_both_its_keys(cli: CliRunner, tmp_path: Path) -> None:
    out = validate(cli, with_results(tmp_path, "{of: [16933-4], is: {system: snomed, code: 260385009}}",
                                     "{of: [16933-4]}"))
    assert ('nodes.yaml:94:13: error: a result of "results" in an option of question node "hbsag" is missing '
            'required key "is"') in out, out

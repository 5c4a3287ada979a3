"""The JSON Schema: generated once, shipped, pointed at by every file, and in step with validate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lnnav.cli.main import main
from lnnav.cli.paths import bundled_root
from lnnav.format.loader import load_guideline
from lnnav.format.schema import SCHEMA_FILE, guideline_schema, header_line, schema_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "guidelines" / SCHEMA_FILE
DATA = ROOT / "tests" / "data"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
FIXTURE_DIRS = sorted(p for base in ("invalid", "invalid-structural") for p in (DATA / base).glob("*") if p.is_dir())

# Messages for slips a JSON Schema cannot see: YAML features resolved before the schema
# runs, and YAML 1.1 typing (an unquoted yes is a boolean to lnnav, a string to YAML 1.2 tools).
YAML_LEVEL = ("anchors are not allowed", "aliases are not allowed", "got a boolean", "is read as a boolean")
# One schema serves every format version, and a node file does not say its version: which
# kinds a version allows is only known to `lnnav validate`.
VERSION_LEVEL = ("needs schema_version 2",)
# Messages for structural slips: the schema must flag a folder with any of these.
STRUCTURAL = (
    "unknown key", "is missing required key", "must be text", "must be a number", "must be a list",
    "must be a mapping", "must be true or false", "must be a string", "is not a valid id", "unknown kind",
    'missing "kind"', "schema_version", "is empty", "is an empty list", "needs at least two", "cites no references",
    'exactly one of "next" or "branches"', "must be a date", 'needs "nodes" and/or "alerts"', "a condition",
    "YAML syntax error", "duplicate key", "tags are not allowed", "file is too large", "not valid UTF-8",
    "must be a positive finite number",
)


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def run_check_jsonschema(files: list[Path]) -> dict[str, list[str]]:
    """Problems per file, as the real tool reports them (offline: a local schema file)."""
    proc = subprocess.run(
        [str(CHECK_JSONSCHEMA), "-o", "json", "--schemafile", str(SHIPPED), *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(proc.stdout)
    out: dict[str, list[str]] = {str(f): [] for f in files}
    for err in report.get("errors", []) + report.get("parse_errors", []):
        out[err["filename"]].append(err["message"])
    return out


def test_shipped_schema_is_the_generated_one() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SHIPPED.read_text(encoding="utf-8")


def test_bundled_root_holds_the_schema() -> None:
    assert (bundled_root() / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()


def test_schema_is_valid_draft_2020_12() -> None:
    proc = subprocess.run([str(CHECK_JSONSCHEMA), "--check-metaschema", str(SHIPPED)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert guideline_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_ids_follow_the_loader_pattern() -> None:
    defs = guideline_schema()["$defs"]
    assert defs["option"]["properties"]["next"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
    assert defs["question"]["additionalProperties"] is False
    assert defs["question"]["required"] == ["id", "kind", "text", "options"]


@pytest.mark.parametrize(
    "files",
    [yaml_files(ROOT / "guidelines"), yaml_files(DATA / "mini"), yaml_files(DATA / "v2"),
     yaml_files(DATA / "labels")],
    ids=["shipped", "mini", "v2", "labels"],
)
def test_every_yaml_file_points_at_the_schema(files: list[Path]) -> None:
    wrong = []
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        expected = header_line(Path(os.path.relpath(SHIPPED, path.parent)).as_posix())
        if first != expected:
            wrong.append(f"{path.relative_to(ROOT)}: first line must be {expected!r}")
    assert wrong == []


def test_check_jsonschema_accepts_every_shipped_and_mini_file() -> None:
    files = (yaml_files(ROOT / "guidelines") + yaml_files(DATA / "mini") + yaml_files(DATA / "v2")
             + yaml_files(DATA / "labels"))
    problems = {f: p for f, p in run_check_jsonschema(files).items() if p}
    assert problems == {}


@pytest.fixture(scope="module")
def schema_verdicts() -> dict[str, list[str]]:
    return run_check_jsonschema([f for d in FIXTURE_DIRS for f in yaml_files(d)])


@pytest.mark.parametrize("folder", FIXTURE_DIRS, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURE_DIRS])
def test_schema_agrees_with_validate_on_structural_faults(folder: Path, schema_verdicts: dict[str, list[str]]) -> None:
    _guideline, issues = load_guideline(folder)
    errors = [i.message for i in issues if i.is_error]
    if any(m in e for e in errors for m in YAML_LEVEL):
        pytest.skip("a YAML-level fault (anchors, aliases, YAML 1.1 booleans): only lnnav validate sees it")
    if any(m in e for e in errors for m in VERSION_LEVEL):
        pytest.skip("a kind the guideline's schema_version does not allow: only lnnav validate knows the version")
    structural = [e for e in errors if any(m in e for m in STRUCTURAL)]
    schema_problems = [p for f in yaml_files(folder) for p in schema_verdicts[str(f)]]
    assert bool(schema_problems) == bool(structural), (errors, schema_problems)


def test_own_structural_fixtures_are_rejected_by_both(schema_verdicts: dict[str, list[str]]) -> None:
    own = [d for d in FIXTURE_DIRS if d.parent.name == "invalid-structural"]
    assert len(own) >= 7
    for folder in own:
        assert load_guideline(folder)[0] is None
        assert any(schema_verdicts[str(f)] for f in yaml_files(folder)), folder.name


def test_check_jsonschema_accepts_the_drug_catalogue_example() -> None:
    problems = {f: p for f, p in run_check_jsonschema(yaml_files(DATA / "drugs")).items() if p}
    assert problems == {}


def test_the_schema_refuses_a_withhold_rule_without_because(tmp_path: Path) -> None:
    bad = tmp_path / "drugs.yaml"
    bad.write_text("drugs:\n  - id: x\n    name: X\n    withhold:\n      - when: {always: true}\n", encoding="utf-8")
    (problems,) = run_check_jsonschema([bad]).values()
    assert problems

"""Compute expressions of any size: refused at a located place or worked out, never a RecursionError."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, CliRunner

# each with the column of the 101st level, where the expression is refused (it starts at column 11)
NESTED = {
    "5,000 nested parentheses": ("(" * 5000 + "potassium" + ")" * 5000, 111),
    "2,000 nested max(": ("max(" * 2000 + "potassium" + ", 1)" * 2000, 411),
    "3,000 minus signs": ("-" * 3000 + "potassium", 111),
}


def planted(tmp_path: Path, expr: str) -> Path:
    """The guarded guideline with its ratio computed by ``expr`` (written on one line)."""
    copy = tmp_path / "g"
    shutil.copytree(DATA / "guarded", copy)
    nodes = copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("(potassium - 5.0) / (potassium - 1)", expr))
    return copy


@pytest.mark.parametrize(("expr", "col"), list(NESTED.values()), ids=list(NESTED))
def test_an_expression_nested_too_deep_is_a_located_error_of_validate_and_consult(
        cli: CliRunner, tmp_path: Path, expr: str, col: int) -> None:
    folder = planted(tmp_path, expr)
    for argv in (("validate", str(folder)), ("consult", "--guideline", str(folder), "--set", "potassium=3")):
        run = cli(*argv)
        assert run.code == 1
        text = run.out + run.err
        assert f'nodes.yaml:23:{col}: error: compute node "k_ratio": the expression nests more than 100 deep' in text
        assert "Traceback" not in text


def test_a_sum_of_ten_thousand_terms_validates_and_is_worked_out(cli: CliRunner, tmp_path: Path) -> None:
    folder = planted(tmp_path, "(" + " + ".join(["potassium"] * 10_000) + ") / potassium - 9999")
    assert cli("validate", str(folder)).code == 0
    run = cli("consult", "--guideline", str(folder), "--set", "potassium=3", "--format", "json")
    assert run.code == 0, run.err
    computed = [s for s in json.loads(run.out)["path"] if s["node"] == "k_ratio"]
    assert computed[0]["answer"] == 1.0

"""lnnav.checks.faults and load_partial: an invalid guideline is loaded as far as it goes, and its faults named."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import INVALID, MINI
from lnnav.checks.faults import faults
from lnnav.format.loader import load_guideline, load_partial


def test_load_partial_returns_the_model_of_an_invalid_guideline_with_its_errors() -> None:
    g, issues = load_partial(INVALID / "dangling-next")
    assert g is not None and set(g.nodes) == {"q1", "rec_a", "rec_b"}
    assert any(i.is_error for i in issues)
    assert load_guideline(INVALID / "dangling-next")[0] is None


def test_a_link_to_a_missing_node_is_dangling() -> None:
    g, _ = load_partial(INVALID / "dangling-next")
    assert g is not None
    found = faults(g)
    assert [(e.source, e.target, e.choice) for e in found.dangling] == [("q1", "rec_bb", "b")]
    assert found.cyclic == frozenset() and not found.missing_start


def test_an_edge_back_to_itself_is_on_a_cycle() -> None:
    g, _ = load_partial(INVALID / "cycle")
    assert g is not None
    assert faults(g).cyclic == frozenset({("q1", "b")})


def test_a_valid_guideline_has_no_faults() -> None:
    g, _ = load_partial(MINI)
    assert g is not None and not faults(g).any


def test_only_the_edges_of_a_longer_loop_are_cyclic(tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace("next: rec_adherence", "next: situation"),
                     encoding="utf-8")
    g, _ = load_partial(folder)
    assert g is not None
    assert faults(g).cyclic == frozenset({("situation", "no_response"), ("adherence", "no")})

from __future__ import annotations

import json

from conftest import DATA
from lnnav.engine.answers import Scripted
from lnnav.engine.walk import navigate
from lnnav.format.loader import load_or_raise
from lnnav.output.report import to_data

FINDING = "Exposure *36 g* or more <b>[bold]reached[/bold]</b> - no more cyclophosphamide"


def test_json_gives_the_findings_and_each_rule_in_words_and_logic() -> None:
    g = load_or_raise(DATA / "labels")
    data = json.loads(json.dumps(to_data(navigate(g, Scripted(g, {"drugs": ("mmf",), "creat": 1.0,
                                                                   "cyc_prior": 33.0})))))
    assert data["outcome"]["findings"] == [FINDING]
    route = next(s for s in data["path"] if s["kind"] == "route")
    assert (route["label"], route["rule"]) == (FINDING, "cyc_total >= 36")


def test_json_findings_are_empty_without_a_route_shown_on_the_card() -> None:
    g = load_or_raise(DATA / "v2")
    data = to_data(navigate(g, Scripted(g, {"drugs": ("none",), "creat": 1.0, "cyc_prior": 0.0})))
    assert data["outcome"]["findings"] == []

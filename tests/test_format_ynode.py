from __future__ import annotations

from lnnav.base.source import Source
from lnnav.format.ynode import YMap, YScalar, YSeq


def test_a_node_names_its_place_as_editors_count_from_the_line_and_column_libyaml_gives() -> None:
    # libyaml counts lines and columns from 0; a message names them from 1
    scalar = YScalar("x", "x", False, None, False, "f.yaml", 0, 3)
    assert scalar.source == Source("f.yaml", 1, 4) and type(scalar.source) is Source
    assert str(YMap(None, None, "f.yaml", 9, 0).source) == "f.yaml:10:1"
    assert str(YSeq(None, None, "f.yaml", 2, 6).source) == "f.yaml:3:7"


def test_a_place_given_when_the_node_is_made_is_the_one_named() -> None:
    src = Source("g.yaml", 5, 2)
    assert YScalar(None, "", False, src, True).source is src

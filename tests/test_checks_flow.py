"""Links as integer arrays: what the start reaches, cycles, order, and who is on every path."""

from __future__ import annotations

from conftest import MINI
from lnnav.checks.flow import Dominators, Flow
from lnnav.format.loader import load_or_raise

BASE = load_or_raise(MINI)


def flow_of(links: dict[str, list[str]], start: str = "a") -> Flow:
    g = BASE._replace(nodes=dict.fromkeys(links, BASE.nodes[BASE.start]), start=start)
    return Flow(g, list(links.values()))


DIAMOND = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["e"], "e": [], "lost": ["e"]}


def test_nodes_the_start_does_not_reach_in_file_order() -> None:
    f = flow_of(DIAMOND)
    assert [f.ids[i] for i in f.unreachable()] == ["lost"]
    assert f.succ[f.index["a"]] == [1, 2]


def test_a_link_to_a_missing_node_is_minus_one_and_ignored() -> None:
    f = flow_of({"a": ["nowhere", "b"], "b": []})
    assert f.succ[0] == [-1, 1]
    assert list(f.unreachable()) == []
    assert list(f.cycles()) == []


def test_each_cycle_is_reported_once_at_the_link_that_closes_it() -> None:
    f = flow_of({"a": ["b"], "b": ["c", "a"], "c": ["c"]})
    assert [([f.ids[i] for i in loop], f.ids[u], k) for loop, u, k in f.cycles()] == [
        (["c", "c"], "c", 0), (["a", "b", "a"], "b", 1)]


def test_topological_order_puts_every_node_after_those_leading_to_it() -> None:
    f = flow_of(DIAMOND)
    order = [f.ids[i] for i in f.topological()]
    assert order == ["a", "lost", "b", "c", "d", "e"]


def test_dominators_are_the_nodes_on_every_path() -> None:
    dom = Dominators(flow_of(DIAMOND))
    assert dom.on_every_path("a", "d") and dom.on_every_path("a", "a")
    assert not dom.on_every_path("b", "d") and not dom.on_every_path("c", "d")
    assert not dom.on_every_path("a", "e")  # "lost" leads to e without passing a
    assert dom.on_every_path("e", "e") and not dom.on_every_path("d", "e")
    assert not dom.on_every_path("nowhere", "e")
    chain = Dominators(flow_of({"a": ["b", "b"], "b": ["c"], "c": []}))
    assert chain.on_every_path("b", "c") and chain.on_every_path("a", "c")

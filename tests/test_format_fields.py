from __future__ import annotations

from lnnav.base.errors import Issue
from lnnav.format.fields import Fields
from lnnav.format.yamlio import YMap, parse


def _map(text: str) -> YMap:
    root, issues = parse(text, "f.yaml")
    assert issues == [] and isinstance(root, YMap)
    return root


def _messages(node: YMap, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[str]:
    issues: list[Issue] = []
    Fields(node, "a thing", issues, required, optional)
    return [str(i) for i in issues]


def test_unknown_and_missing_keys_are_reported_with_the_allowed_keys() -> None:
    node = _map("a: 1\nz: 2\n")
    assert _messages(node, ("a", "b"), ("c",)) == [
        'f.yaml:2:1: error: unknown key "z" in a thing; allowed: a, b, c',
        'f.yaml:1:1: error: a thing is missing required key "b"',
    ]


def test_the_same_keys_split_otherwise_between_required_and_optional_are_judged_by_the_split() -> None:
    node = _map("a: 1\n")
    assert _messages(node, ("a", "b")) == ['f.yaml:1:1: error: a thing is missing required key "b"']
    assert _messages(node, ("a",), ("b",)) == []
    assert _messages(node, ("a", "b")) == ['f.yaml:1:1: error: a thing is missing required key "b"']


def test_key_tuples_made_afresh_at_each_call_are_read_like_constant_ones() -> None:
    # the key sets are found by the tuples' identity: tuples built at each call must not mislead it
    node = _map("a: 1\nb: 2\n")
    for extra in ("b", "c", "b", "d", "b"):
        required = tuple(["a", extra])
        expected = [] if extra == "b" else [f'f.yaml:2:1: error: unknown key "b" in a thing; allowed: a, {extra}',
                                            f'f.yaml:1:1: error: a thing is missing required key "{extra}"']
        assert _messages(node, required) == expected
    for _ in range(3000):  # more kinds than the cache keeps: it is emptied and made again
        assert _messages(node, tuple(["a"]), tuple(["b"])) == []


def test_a_plain_number_is_read_as_a_float_and_anything_else_is_reported() -> None:
    node = _map("n: 3\nx: 2.5\nt: yes\ns: '4'\n")
    issues: list[Issue] = []
    f = Fields(node, "a thing", issues, (), ("n", "x", "t", "s", "m"))
    assert (f.number("n"), f.number("x"), f.number("m")) == (3.0, 2.5, None)
    assert type(f.number("n")) is float
    assert f.number("t") is None and f.number("s") is None
    assert [str(i) for i in issues] == [
        'f.yaml:3:4: error: "t" in a thing must be a number, got a boolean (yes)',
        'f.yaml:4:4: error: "s" in a thing must be a number, got a string ("4")',
    ]

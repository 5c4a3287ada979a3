from __future__ import annotations

from pathlib import Path

from lnnav.format.yamlio import MAX_DEPTH, YMap, YScalar, YSeq, decode, load_file, parse


def messages(text: str) -> list[str]:
    return [str(i) for i in parse(text, "f.yaml")[1]]


def test_plain_mapping_keeps_line_and_column_of_every_value() -> None:
    root, issues = parse("a: 1\nb:\n  - x\n  - 'y'\n", "f.yaml")
    assert issues == []
    assert isinstance(root, YMap)
    a = root.items["a"][1]
    assert isinstance(a, YScalar) and a.value == 1 and str(a.source) == "f.yaml:1:4"
    b = root.items["b"][1]
    assert isinstance(b, YSeq) and [str(n.source) for n in b.items] == ["f.yaml:3:5", "f.yaml:4:5"]


def test_duplicate_keys_are_reported_with_both_lines_and_the_first_kept() -> None:
    root, issues = parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(i) for i in issues] == ['f.yaml:3:1: error: duplicate key "a" (first defined at line 1)']
    assert isinstance(root, YMap)
    first = root.items["a"][1]
    assert isinstance(first, YScalar) and first.value == 1


def test_anchors_and_aliases_are_rejected() -> None:
    assert messages("a: &x [1]\nb: *x\n") == [
        "f.yaml:1:4: error: anchors are not allowed (&x); write the value out",
        "f.yaml:2:4: error: aliases are not allowed (*x); write the value out",
    ]


def test_tags_are_rejected_whatever_they_name() -> None:
    assert messages("a: !include other.yaml\nb: !!python/object:os.system {}\n") == [
        "f.yaml:1:4: error: tags are not allowed (!include); write plain YAML",
        "f.yaml:2:4: error: tags are not allowed (!!python/object:os.system); write plain YAML",
    ]


def test_keys_that_yaml_reads_as_booleans_need_quotes() -> None:
    assert messages("yes: 1\n'no': 2\n") == ['f.yaml:1:1: error: key yes is read as a boolean (yes), not text; quote it: "yes"']


def test_answers_mode_reads_keys_as_written() -> None:
    root, issues = parse("yes: on\n", "f.yaml", strict_keys=False)
    assert issues == [] and isinstance(root, YMap) and "yes" in root.items
    value = root.items["yes"][1]
    assert isinstance(value, YScalar) and value.text == "on" and value.value is True


def test_more_than_one_document_is_an_error() -> None:
    assert messages("a: 1\n---\nb: 2\n") == ["f.yaml:2:1: error: more than one YAML document in the file ('---'); keep one"]


def test_syntax_errors_carry_the_position_and_a_tab_hint() -> None:
    assert messages("a:\n\tb: 1\n") == [
        "f.yaml:2:1: error: YAML syntax error: found character that cannot start any token "
        "(the line has a tab: indent with spaces)"
    ]


def test_deep_nesting_stops_at_the_limit_without_recursion() -> None:
    for text in ("[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10), "- " * (MAX_DEPTH + 10) + "x\n"):
        root, issues = parse(text, "f.yaml")
        assert root is None
        assert [i.message for i in issues] == [f"nesting is deeper than {MAX_DEPTH} levels"]


def test_nesting_just_under_the_limit_is_fine() -> None:
    root, issues = parse("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "f.yaml")
    assert issues == [] and root is not None


def test_quoted_scalars_stay_text_and_remember_that_they_were_quoted() -> None:
    root, _ = parse("a: '1'\nb: 1\n", "f.yaml")
    assert isinstance(root, YMap)
    a, b = root.items["a"][1], root.items["b"][1]
    assert isinstance(a, YScalar) and a.value == "1" and a.quoted
    assert isinstance(b, YScalar) and b.value == 1 and not b.quoted


def test_a_bom_and_crlf_line_ends_are_accepted() -> None:
    text, issues = decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "f.yaml")
    assert issues == [] and text == "a: 1\nb: 2\n"


def test_bytes_that_are_not_utf8_are_located() -> None:
    text, issues = decode(b"a: 1\nb: \xff\n", "f.yaml")
    assert text is None
    assert [str(i) for i in issues] == ["f.yaml:2:4: error: not valid UTF-8 text; save the file as UTF-8"]


def test_binary_data_is_refused() -> None:
    _, issues = decode(b"a: 1\x00\x01", "f.yaml")
    assert [str(i) for i in issues] == ["f.yaml:1:5: error: binary data (NUL byte); expected a UTF-8 text file"]


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text("# only a comment\n")
    root, issues, _ = load_file(tmp_path / "e.yaml", "e.yaml")
    assert root is None and [str(i) for i in issues] == ["e.yaml: error: file is empty"]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    root, issues, _ = load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert root is None and [str(i) for i in issues] == ["nope.yaml: error: file not found"]


def test_control_characters_in_any_text_are_refused_where_written() -> None:
    text = 'a: "x\\e[2Jy"\nb: plain \u202e bidi\n"k\\x07": 1\nc: |\n  fine\nd: "tab\\t and newline\\n are fine"\ne: "\\x9b"\n'
    assert messages(text) == [
        "f.yaml:1:4: error: control character \\x1b is not allowed in text; remove it",
        "f.yaml:2:4: error: bidirectional control character \\u202e is not allowed in text: it reorders what a "
        "reader sees; remove it",
        "f.yaml:3:1: error: control character \\x07 is not allowed in text; remove it",
        "f.yaml:7:4: error: control character \\x9b is not allowed in text; remove it",
    ]


def test_a_json_surrogate_pair_escape_reads_as_its_character() -> None:
    root, issues = parse('{"title": "\\ud83d\\ude00 ok", "kept": "\\\\ud83d\\\\ude00"}', "a.json")
    assert issues == []
    assert isinstance(root, YMap)
    assert [v.value for _k, v in root.items.values()] == ["\U0001f600 ok", "\\ud83d\\ude00"]


def _values(text: str) -> dict[str, tuple[object, str, bool, bool, str]]:
    root, _issues = parse(text, "f.yaml")
    assert isinstance(root, YMap)
    out = {}
    for name, (_key, node) in root.items.items():
        assert isinstance(node, YScalar)
        out[name] = (node.value, node.text, node.quoted, node.placeholder, str(node.source))
    return out


def test_every_kind_of_value_after_a_key_is_read_as_on_its_own() -> None:
    # a plain scalar value is read together with its key; anything else goes round the event loop
    text = ("a: plain\nb: 'quoted'\nc: |\n  block\nd: &x 1\ne: !!str 2\nf: ! 3\ng: *x\nh: [1]\ni: .nan\n"
            'j: "\\e"\nk: 4\n')
    assert messages(text) == [
        "f.yaml:5:4: error: anchors are not allowed (&x); write the value out",
        "f.yaml:6:4: error: tags are not allowed (!!str); write plain YAML",
        "f.yaml:8:4: error: aliases are not allowed (*x); write the value out",
        "f.yaml:10:4: error: .nan is not a finite number; write a number (quote it if it is text)",
        "f.yaml:11:4: error: control character \\x1b is not allowed in text; remove it",
    ]
    root, _issues = parse(text, "f.yaml")
    assert isinstance(root, YMap) and list(root.items) == list("abcdefghijk")
    assert [str(k.source) for k, _v in root.items.values()] == [f"f.yaml:{n}:1" for n in (1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12)]
    h = root.items["h"][1]
    assert isinstance(h, YSeq) and str(h.items[0].source) == "f.yaml:9:5"
    got = _values(text.replace("h: [1]\n", ""))
    assert got["a"] == ("plain", "plain", False, False, "f.yaml:1:4")
    assert got["b"] == ("quoted", "quoted", True, False, "f.yaml:2:4")
    assert got["c"] == ("block\n", "block\n", True, False, "f.yaml:3:4")
    assert got["d"] == (1, "1", False, False, "f.yaml:5:4")
    assert got["e"] == (None, "2", True, True, "f.yaml:6:4")
    assert got["f"] == (3, "3", False, False, "f.yaml:7:4")
    assert got["g"] == (None, "", False, True, "f.yaml:8:4")
    assert got["i"] == (None, ".nan", False, True, "f.yaml:9:4")
    assert got["k"] == (4, "4", False, False, "f.yaml:11:4")


def test_a_duplicate_key_is_reported_whatever_its_value_and_the_first_is_kept() -> None:
    text = "a: 1\na: 2\nb: [1]\nb: 3\nc: 4\nc: {d: 5}\n"
    assert messages(text) == [
        'f.yaml:2:1: error: duplicate key "a" (first defined at line 1)',
        'f.yaml:4:1: error: duplicate key "b" (first defined at line 3)',
        'f.yaml:6:1: error: duplicate key "c" (first defined at line 5)',
    ]
    root, _issues = parse(text, "f.yaml")
    assert isinstance(root, YMap)
    assert isinstance(root.items["b"][1], YSeq)
    c = root.items["c"][1]
    assert isinstance(c, YScalar) and c.value == 4


def test_text_holding_anchor_alias_or_tag_characters_is_read_as_written() -> None:
    text = "a: Tom & Jerry!\nb: c0a * 3 + max(c0b, 0)\nc: wow!\nd: 'x & y'\ne: a *b\n"
    assert messages(text) == []
    assert {k: v[0] for k, v in _values(text).items()} == {
        "a": "Tom & Jerry!", "b": "c0a * 3 + max(c0b, 0)", "c": "wow!", "d": "x & y", "e": "a *b"}


def test_plain_scalars_resolve_as_yaml_reads_them_whatever_their_first_character() -> None:
    text = ("a: yes\nb: 1e3\nc: ~\nd: no\ne: .5\nf: +1\ng: 0x1F\nh: hello\ni: Über\nj: 2026-01-01\nk:\nl: null\n"
            "m: true\n")
    got = {k: v[0] for k, v in _values(text).items()}
    assert got == {"a": True, "b": "1e3", "c": None, "d": False, "e": 0.5, "f": 1, "g": 31, "h": "hello", "i": "Über",
                   "j": "2026-01-01", "k": None, "l": None, "m": True}
    assert type(got["f"]) is int and type(got["e"]) is float

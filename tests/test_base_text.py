"""Control characters in text from files or the command line are made visible, never emitted."""

from __future__ import annotations

from lnnav.base.text import echo, first_control, json_text, visible


def test_escape_sequences_are_written_out() -> None:
    assert visible("\x1b[2J\x1b]0;title\x07\x9b31m\x7f") == "\\x1b[2J\\x1b]0;title\\x07\\x9b31m\\x7f"


def test_bidi_overrides_and_isolates_are_written_out() -> None:
    assert visible("abc\u202edef\u2066") == "abc\\u202edef\\u2066"


def test_newlines_and_tabs_stay_in_multi_line_text() -> None:
    assert visible("a\n\tb\rc") == "a\n\tb\\rc"


def test_a_one_line_echo_writes_newlines_out_too() -> None:
    assert echo("a\nb\tc") == "a\\nb\\tc"


def test_a_huge_value_is_echoed_shortened_with_its_length() -> None:
    assert echo("x" * 5000, limit=10) == "xxxxxxxxxx... (5,000 characters)"


def test_plain_text_is_returned_unchanged() -> None:
    text = "Römmele [mg/day] <b> µmol/L"
    assert visible(text) is text


def test_first_control_names_the_offset_and_character() -> None:
    assert first_control("ok\x1bno") == (2, "\x1b")
    assert first_control("fine\n\ttext") is None


def test_json_text_is_strict_json_even_when_a_value_is_not_finite() -> None:
    import json
    import math

    def refuse(token: str) -> object:
        raise AssertionError(f"not JSON: {token}")

    text = json_text({"answer": math.inf, "path": [{"v": -math.inf}, {"v": math.nan}], "ok": 1.5})
    assert json.loads(text, parse_constant=refuse) == {"answer": None, "path": [{"v": None}, {"v": None}], "ok": 1.5}

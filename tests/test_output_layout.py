"""lnnav.output.layout: wrapping under a hanging mark, never cutting a word, and the text width."""

from __future__ import annotations

import pytest

from lnnav.output.layout import BLANK, Block, lay_out, lay_out_all, marked, numbered, para, plain, text_width


def test_a_long_item_wraps_under_its_own_text() -> None:
    lines = plain(lay_out_all(numbered(["one two three four five six"]), 14))
    assert lines == "1. one two\n   three four\n   five six\n"


def test_marks_of_different_lengths_line_their_texts_up() -> None:
    out = plain(lay_out_all(marked(["[1]", "[10]"], ["a b", "c d"]), 40))
    assert out == "[1]  a b\n[10] c d\n"


def test_a_word_longer_than_the_line_stands_whole_on_its_own_line() -> None:
    doi = "doi:10.1093/rheumatology/keq238-with-a-very-long-suffix"
    out = plain(lay_out(para(f"See {doi} now"), 20))
    assert out == f"See\n{doi}\nnow\n"
    assert "..." not in out


def test_whitespace_and_newlines_in_text_become_single_spaces() -> None:
    assert plain(lay_out(para("a\n  b\tc"), 40)) == "a b c\n"


def test_a_blank_block_is_an_empty_line_and_indent_moves_the_paragraph() -> None:
    assert plain(lay_out_all([para("x"), BLANK, para("y z", indent=2)], 4)) == "x\n\n  y\n  z\n"


def test_styles_stay_with_their_words() -> None:
    assert lay_out(Block((("Grade: ", "bold"), ("1A", ""))), 40) == [[("Grade: ", "bold"), ("1A", "")]]
    assert lay_out(Block((("Evidence grade: ", "bold"), ("1A", ""))), 10) == [
        [("Evidence", "bold")], [("grade:", "bold"), (" ", ""), ("1A", "")]]


def test_text_in_spans_is_never_read_as_markup() -> None:
    assert plain(lay_out(para("[bold]x[/] [mg/day]"), 40)) == "[bold]x[/] [mg/day]\n"


@pytest.mark.parametrize(("columns", "width"), [("", 100), ("0", 100), ("-5", 100), ("abc", 100), ("19", 100),
                                                ("40", 40), (" 120 ", 120)])
def test_text_width_is_a_valid_columns_else_100(columns: str, width: int) -> None:
    assert text_width({"COLUMNS": columns}) == width

"""lnnav.format.yamlhints: the common YAML slips get one plain sentence on how to fix them (one fixture per slip)."""

from __future__ import annotations

import pytest

from conftest import DATA
from lnnav.format.yamlhints import explain
from lnnav.format.yamlio import load_file

SLIPS = DATA / "yaml-slips"
INDENT = ('This line is indented differently from the lines it belongs with: line up the keys of one mapping, '
          'and the "- " items of one list, in the same column, with spaces.')


@pytest.mark.parametrize(("name", "message"), [
    ("colon-in-text.yaml",
     'colon-in-text.yaml:4:20: error: YAML syntax error: mapping values are not allowed in this context. The value '
     'of "text" contains ": ", which YAML reads as the start of another key: put the whole value in quotes '
     '(text: "Adherence: confirmed by drug levels?").'),
    ("unclosed-quote.yaml",
     'unclosed-quote.yaml:4:11: error: YAML syntax error: the quote " opened here is never closed (found unexpected '
     'end of stream). Add the closing " where the text ends.'),
    ("inconsistent-indent.yaml",
     "inconsistent-indent.yaml:4:4: error: YAML syntax error: did not find expected '-' indicator. " + INDENT),
    ("list-item-for-key.yaml",
     'list-item-for-key.yaml:4:5: error: YAML syntax error: did not find expected key. A list item ("- ") stands '
     'where a "key: value" was expected: put the items under a key of their own ("key:" on the line above them), '
     'or write this line as "key: value".'),
])
def test_a_common_slip_is_explained_with_its_fix(name: str, message: str) -> None:
    root, issues, _text = load_file(SLIPS / name, name)
    assert root is None
    assert [str(i) for i in issues] == [message]


def test_a_quote_inside_the_text_is_escaped_in_the_suggested_fix() -> None:
    text = 'label: Say "yes": then go on\n'
    helped = explain("mapping values are not allowed in this context", "", (0, 17), None, text)
    assert helped is not None
    assert helped.message.endswith('(label: "Say \\"yes\\": then go on").')


def test_a_slip_it_does_not_know_gets_no_sentence() -> None:
    assert explain("found undefined alias", "", (0, 0), None, "a: *b\n") is None

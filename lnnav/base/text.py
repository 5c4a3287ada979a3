"""Text from files and the command line, made safe to show: control characters made visible.

Pure (no rich, no I/O): the core uses it in messages, the front-ends in every output.
"""

from __future__ import annotations

import math
import re

# C0 controls but tab and newline, DEL, C1 controls, the bidi embeddings, overrides
# and isolates that reorder what a reader sees ("Trojan Source"), and lone surrogates
# (the bytes of a file name that is not UTF-8: no stream can write them)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# the same, newline and tab included: for single-line places (an error message, a file name)
CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_ECHO = 200  # characters of a value echoed back in a message


def escape_char(char: str) -> str:
    r"""One control character as Python writes it: ``\x1b``, ``\n``, ``\u202e``."""
    code = ord(char)
    if char in "\n\t\r":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    r"""``text`` with every control character written out (ESC -> ``\x1b``).

    Args:
        text: what to show.
        newlines: keep newlines and tabs as they are (multi-line text); False writes
            them out too, for a single line (a message, a file name).
    """
    pattern = CONTROL if newlines else CONTROL_OR_NEWLINE
    if pattern.search(text) is None:  # the common case costs one scan
        return text
    return pattern.sub(lambda m: escape_char(m.group()), text)


def one_line(text: str) -> str:
    """Guideline text on one line, whitespace runs made single spaces, control characters written out."""
    return " ".join(visible(text).split())


def echo(text: str, limit: int = MAX_ECHO) -> str:
    """A value a user gave, for a one-line message: visible, and shortened when huge."""
    shown = visible(text, newlines=False)
    if len(shown) <= limit:
        return shown
    return f"{shown[:limit]}... ({len(text):,} characters)"


def control_problem(char: str) -> str:
    """Why a control character is refused in a guideline, answers file or record."""
    if "\u202a" <= char <= "\u2069":
        return (f"bidirectional control character {escape_char(char)} is not allowed in text: it reorders "
                "what a reader sees; remove it")
    return f"control character {escape_char(char)} is not allowed in text; remove it"


def first_control(text: str) -> tuple[int, str] | None:
    """The offset and the character of the first control character in ``text``, if any."""
    m = CONTROL.search(text)
    return (m.start(), m.group()) if m else None


def _finite(doc: object) -> object:
    """``doc`` with every NaN and infinity made None."""
    if isinstance(doc, float) and not math.isfinite(doc):
        return None
    if isinstance(doc, dict):
        return {k: _finite(v) for k, v in doc.items()}
    if isinstance(doc, (list, tuple)):
        return [_finite(v) for v in doc]
    return doc


def json_text(doc: object) -> str:
    r"""``doc`` as indented JSON, every control character escaped (``\u001b``, ``\u202e``).

    json escapes C0 controls itself; DEL, C1 and the bidi controls it leaves raw, and
    a terminal would act on them. JSON syntax is ASCII, so any such character found
    is inside a string, where a \u escape reads back as the same character.
    """
    import json  # here: the CLI imports this module at start-up, and most runs write no JSON

    try:
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:  # NaN or infinity, which JSON has no words for: null, never a non-JSON token
        text = json.dumps(_finite(doc), indent=2, ensure_ascii=False, allow_nan=False)
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

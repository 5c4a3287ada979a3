"""A checked guideline's model, kept in the cache as JSON, so that a consult need not read its YAML again.

With the note of lnnav.format.stamp a consult skips the checks, but reading the
YAML and building the model from it were then most of what was left of its time
(about 20 ms of the bundled guideline's 30). Next to the note, the first consult
keeps the model it built: one JSON file per guideline folder (``parsed/`` in the
cache), its records written as lists tagged with the record type (an index in
RECORDS, the model's NamedTuples: nothing else can be built from an entry), the
files the guideline read named once, each location as one number.

An entry is trusted only when all of this holds, else the YAML is read as before
and the entry written again: the entry and its folder are this user's and no one
else's to write; its header is ours (its format, and a hash of its body that
matches: a torn or altered entry is not read); it was built from the stamp key
of the files as they are now (read again, byte for byte, in the order the loader
read them, with this very lnnav); and the note says those very files passed the
checks. It is written only when it reads back equal to the model it came from.
JSON only: reading an entry builds strings, numbers and the model's own records,
and runs no code.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from lnnav.base.digest import digest
from lnnav.base.files import MAX_BYTES, Unreadable, inside, read_bytes
from lnnav.base.source import NO_SOURCE, Source
from lnnav.format.stamp import Stamp
from lnnav.model.codes import Code, RecordMap, Result
from lnnav.model.conditions import AllOf, Always, Answered, AnswerIs, AnyOf, Compare, Includes, Not, Proposed, Reached
from lnnav.model.drugs import Drug, DrugRule
from lnnav.model.expr import Bin, Call, Neg, Num, Ref
from lnnav.model.guideline import (
    ActionDrugs,
    Alert,
    Branch,
    Compute,
    Grade,
    Guideline,
    MultiQuestion,
    NotKnown,
    NumericQuestion,
    Option,
    Pathway,
    Question,
    Recommendation,
    Reference,
    Route,
    Rule,
    UnitAlt,
)

FORMAT = 1  # of the entry itself
_TUPLE, _SOURCE = 0, 1  # the tags of a plain tuple and of a Source; the records follow
# the only types an entry can build; a tag is an index here (any change to lnnav changes the stamp key too)
RECORDS: tuple[type[tuple[Any, ...]], ...] = (
    tuple, Source,
    Guideline, Grade, Pathway, Reference, Alert,
    Question, NumericQuestion, MultiQuestion, Route, Compute, Recommendation,
    Option, Branch, UnitAlt, NotKnown, Rule, ActionDrugs,
    AnswerIs, Compare, Reached, Includes, Answered, Always, Proposed, AllOf, AnyOf, Not,
    Num, Ref, Neg, Bin, Call,
    Code, RecordMap, Result, Drug, DrugRule,
)
_TAGS: dict[type, int] = {cls: i for i, cls in enumerate(RECORDS)}
_WIDTH = tuple(0 if i <= _SOURCE else len(cls._fields) for i, cls in enumerate(RECORDS))  # type: ignore[attr-defined]
# the fields that hold a location (their default is NO_SOURCE), written as one number: file, line and column
_WHERE = tuple(() if i <= _SOURCE else tuple(n for n, f in enumerate(cls._fields)  # type: ignore[attr-defined]
                                               if cls._field_defaults.get(f) is NO_SOURCE)  # type: ignore[attr-defined]
               for i, cls in enumerate(RECORDS))
_BITS = 32  # a line or column of 2**32 or more is written as a tagged list
_LOW = (1 << _BITS) - 1


_PLAIN = frozenset((str, int, float, bool))
_PLAIN_OR_NONE = frozenset((str, int, float, bool, type(None)))


class Bad(Exception):
    """An entry that is not one this lnnav wrote: ignored."""


def _shown(files: tuple[str, ...], root: str) -> list[str]:
    """How each file is named in messages: ``root`` is the folder as the loader shows it."""
    return [os.path.join(root, name) for name in files]


def encode(guideline: Guideline, shown: list[str]) -> str:
    """The model as JSON; a location in one of the ``shown`` files points at it by number."""
    index = {name: i for i, name in enumerate(shown)}

    def where(value: Source) -> object:
        at = index.get(value.file)
        if at is None or not (0 <= value.line <= _LOW and 0 <= value.col <= _LOW):
            return [_SOURCE, value.file, value.line, value.col]
        return (at << (2 * _BITS)) | (value.line << _BITS) | value.col

    def enc(value: object) -> object:
        if value is None or type(value) in _PLAIN:
            return value
        if type(value) is Source:  # anywhere but a record's own location field: a tagged list
            return [_SOURCE, index.get(value.file, value.file), value.line, value.col]
        if type(value) is tuple:
            return [_TUPLE, *(enc(v) for v in value)]
        if type(value) is dict:
            if not all(type(k) is str for k in value):
                raise Bad("a key that is not a string")
            return {k: enc(v) for k, v in value.items()}
        tag = _TAGS.get(type(value), 0)
        if not tag or not isinstance(value, tuple):
            raise Bad(f"not a record of the model: {type(value).__name__}")
        at = _WHERE[tag]
        out: list[object] = [tag]
        for n, v in enumerate(value):
            if n in at:
                if type(v) is not Source:
                    raise Bad(f"{type(value).__name__}: a location that is not one")
                out.append(where(v))
            else:
                out.append(enc(v))
        return out

    return json.dumps(enc(guideline._replace(root="")), ensure_ascii=False, separators=(",", ":"),
                      check_circular=False)


def decode(body: str, shown: list[str], root: str) -> Guideline:
    """The model from ``encode``'s JSON, the files shown as ``shown`` and the folder as ``root``.

    Raises:
        Bad: anything that is not exactly what encode writes.
    """
    records = RECORDS
    width = _WIDTH
    places = _WHERE
    count = len(records)
    plain = _PLAIN_OR_NONE
    make = tuple.__new__  # a record's own __new__ only fills in defaults: every field is written
    empty = ()
    bits, low = _BITS, _LOW

    def dec(value: Any) -> Any:  # a list or a dict: scalars are taken as they are, without a call
        if type(value) is dict:
            return {k: v if type(v) in plain else dec(v) for k, v in value.items()}
        tag = value[0]
        if tag == _TUPLE:
            return tuple([v if type(v) in plain else dec(v) for v in value[1:]]) if len(value) > 1 else empty
        if tag == _SOURCE:
            _tag, file, line, col = value
            if type(file) is int and file >= 0:
                file = shown[file]
            elif type(file) is not str:
                raise Bad("a location without a file")
            if type(line) is not int or type(col) is not int:
                raise Bad("a location without a line")
            return make(Source, (file, line, col))
        if type(tag) is not int or not 0 < tag < count or len(value) != width[tag] + 1:
            raise Bad("not a record of the model")
        fields = [v if type(v) in plain else dec(v) for v in value[1:]]
        for n in places[tag]:
            at = fields[n]
            if type(at) is int and at >= 0:
                fields[n] = make(Source, (shown[at >> (2 * bits)], (at >> bits) & low, at & low))
            elif type(at) is not Source:
                raise Bad("a location that is not one")
        return make(records[tag], fields)

    try:
        top = json.loads(body)
        guideline = dec(top) if type(top) is list else None
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:
        raise Bad(str(exc)) from exc
    if type(guideline) is not Guideline:
        raise Bad("not a guideline")
    return guideline._replace(root=root)


def load(folder: Path, root: str) -> Guideline | None:
    """The guideline in ``folder`` (shown as ``root``) from its cache entry, when the entry, the files and the note
    all agree; else None.

    Never raises for a cache problem: an unreadable, torn, foreign or stale entry is a None.
    """
    stamp = Stamp(folder)
    path = stamp.entry("parsed")
    if path is None:
        return None
    try:
        if not _private(path):
            return None
        data = read_bytes(path, limit=MAX_BYTES)
        head, _nl, body = data.partition(b"\n")
        header = json.loads(head.decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        files = header.get("files")
        if (not isinstance(files, list) or not files or not all(type(f) is str for f in files)
                or header.get("body") != digest(body).hexdigest()):
            return None
        for name in files:  # read again as the loader reads them: inside the folder, regular files
            if inside(folder, name):
                return None
            stamp.read(name, read_bytes(folder / name, limit=MAX_BYTES))
        if header.get("key") != stamp.key() or not stamp.passed():
            return None
        guideline = decode(body.decode("utf-8"), _shown(tuple(files), root), str(folder))  # str: twice as fast as bytes
    except (OSError, Unreadable, ValueError, RecursionError, Bad):
        return None
    return guideline if guideline.files == tuple(files) else None


def _private(path: Path) -> bool:
    """Whether the entry and its folder are this user's and no one else may write them.

    Unlike the note, an entry holds the guideline's content: in a cache folder others
    can write (LNNAV_CACHE_DIR on a shared disk), whoever can read the guideline
    could plant a model with the right key and other recommendations.
    """
    if os.name != "posix":
        return True
    uid = os.getuid()
    for where in (path, path.parent):
        info = os.stat(where)
        if info.st_uid != uid or info.st_mode & 0o022:
            return False
    return True


def store(root: str, guideline: Guideline, stamp: Stamp) -> None:
    """Keep ``guideline`` (just loaded from the folder shown as ``root``, its checks passed, ``stamp`` fed every file it read)
    for the consults that follow. Written only when it reads back equal; a cache that cannot be written is left alone."""
    path = stamp.entry("parsed")
    if path is None:
        return
    shown = _shown(guideline.files, root)
    try:
        body = encode(guideline, shown)
        raw = body.encode("utf-8")
        if len(raw) > MAX_BYTES or decode(body, shown, guideline.root) != guideline:  # (a NaN would not come back)
            return
    except (Bad, ValueError, RecursionError):
        return
    header = {"format": FORMAT, "key": stamp.key(), "files": list(guideline.files),
              "body": digest(raw).hexdigest()}
    import tempfile  # here: only a consult that read the YAML writes an entry

    tmp = ""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parsed.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(header).encode("utf-8") + b"\n" + raw)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

"""Session records: a consult saved as JSON, replayed later against the guideline.

A record is also an answers file (its ``answers`` mapping), so
``lnnav consult --answers record.json`` repeats the consult.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lnnav import __version__
from lnnav.base.errors import EXIT_INVALID_GUIDELINE, AnswersError, Issue, LnnavError
from lnnav.base.files import write_atomic
from lnnav.base.text import echo, json_text
from lnnav.engine.answers import AnswerSet, Scripted, answers_from, resolve
from lnnav.engine.walk import Measured, Origin, Step, Walk, navigate
from lnnav.format.fields import Fields, ident_of
from lnnav.format.loader import display_path
from lnnav.format.yamlio import YMap, YNode, YScalar, YSeq, describe, load_file
from lnnav.model.conditions import Answer
from lnnav.model.guideline import Guideline, fmt_num

RECORD_VERSION = 1


class StaleRecord(LnnavError):
    """A record whose answers no longer fit the guideline, which has changed since."""

    exit_code = EXIT_INVALID_GUIDELINE

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details

    def lines(self) -> list[str]:
        return [*self.details, self.message]


@dataclass(frozen=True)
class RecordedStep:
    node: str
    answer: Answer
    label: str
    next: str

    def same_as(self, other: RecordedStep) -> bool:
        return (self.node, self.answer, self.next) == (other.node, other.answer, other.next)

    def __str__(self) -> str:
        return f"{self.node} = {self.label} -> {self.next}"

    def with_id(self) -> str:
        """The step with its answer as the record holds it (ids, or the number unrounded) beside the label."""
        answer = self.answer
        raw = ",".join(answer) if isinstance(answer, tuple) else repr(answer) if isinstance(answer, float) else answer
        return f"{self.node} = {self.label} (answer {echo(raw)}) -> {self.next}"


@dataclass(frozen=True)
class Record:
    """A saved consult, as read back from its file."""

    path: str
    lnnav_version: str
    created: str
    guideline_id: str
    guideline_version: str
    sha256: str
    answers: AnswerSet
    steps: tuple[RecordedStep, ...]
    outcome: str
    outcome_title: str
    alerts: tuple[str, ...]
    # the wording as recorded; None in a record written before lnnav kept it
    outcome_actions: tuple[str, ...] | None = None
    alert_wording: dict[str, tuple[str, str]] | None = None  # alert id -> (title, text)


def utc_now() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(answer: Answer) -> str | float | int | list[str]:
    # whole numbers are written as integers, the way a person writes them in an answers file
    if isinstance(answer, float) and answer.is_integer() and abs(answer) < 2**53:
        return int(answer)
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def _path_step(s: Step) -> dict[str, Any]:
    step: dict[str, Any] = {"node": s.node, "kind": s.kind, "answer": _plain(s.answer), "label": s.label, "next": s.next}
    if s.typed:
        step["typed"] = s.typed
    return step


def build(walk: Walk, *, title: str = "", description: str = "", created: str = "") -> dict[str, Any]:
    """The JSON document of a session record.

    Args:
        walk: the finished consult.
        title: the scenario title, when the answers came from one.
        description: the scenario's vignette.
        created: the ISO 8601 UTC time of the consult (default: now).
    """
    g = walk.guideline
    doc: dict[str, Any] = {
        "record_version": RECORD_VERSION,
        "lnnav_version": __version__,
        "created": created or utc_now(),
        "guideline": {"id": g.id, "title": g.title, "version": g.version, "sha256": g.sha256},
    }
    if title:
        doc["title"] = title
    if description:
        doc["description"] = description
    # a number typed in another unit is kept as typed: replaying it converts it again, the same way
    doc["answers"] = {s.node: (s.typed or _plain(s.answer)) for s in walk.steps if s.answered}
    if walk.origins:  # a consult that read a patient's record: which answers came from it, measured when
        doc["answers_source"] = {s.node: walk.origins[s.node].to_data() for s in walk.steps
                                 if s.answered and s.node in walk.origins}
    doc["path"] = [_path_step(s) for s in walk.steps]
    # titles and texts too, so that replay sees a reworded outcome or alert, not only another id
    doc["outcome"] = {"id": walk.outcome.id, "title": walk.outcome.title, "actions": list(walk.actions)}
    doc["alerts"] = [{"id": f.alert.id, "title": f.alert.title, "text": f.alert.text} for f in walk.alerts]
    return doc


def build_partial(g: Guideline, answers: dict[str, Answer | Measured], *, created: str = "",
                  origins: dict[str, Origin] | None = None) -> dict[str, Any]:
    """An incomplete record: the answers of a consult stopped before its end.

    It is an answers file like any record (``consult --answers`` resumes from it);
    ``complete: false`` says there is no path or outcome to replay.
    """
    doc: dict[str, Any] = {
        "record_version": RECORD_VERSION,
        "lnnav_version": __version__,
        "created": created or utc_now(),
        "complete": False,
        "guideline": {"id": g.id, "title": g.title, "version": g.version, "sha256": g.sha256},
        "answers": {k: (v.typed if isinstance(v, Measured) else _plain(v)) for k, v in answers.items()},
    }
    if origins:
        doc["answers_source"] = {k: origins[k].to_data() for k in answers if k in origins}
    return doc


def dumps(doc: dict[str, Any]) -> str:
    return json_text(doc) + "\n"


def write(path: Path, doc: dict[str, Any]) -> None:
    """Write a record (atomically: a full disk keeps the old one); an unwritable path is an ``AnswersError``."""
    try:
        write_atomic(path, dumps(doc))
    except OSError as exc:
        raise AnswersError(f"{display_path(path)}: cannot write the record: {exc.strerror or exc}") from None


def read(path: Path) -> Record:
    """Read a session record back.

    Raises:
        AnswersError: the file is missing, unreadable, or not a record (every problem located).
    """
    display = display_path(path)
    if not path.exists():
        raise AnswersError(f"{display}: record file not found")
    # read once: the record may be a pipe (`lnnav replay <(ssh host cat rec.json)`)
    root, issues, _text = load_file(path, display, strict_keys=False, pipes=True)
    if root is None or any(i.is_error for i in issues):
        raise AnswersError("record cannot be read", [i for i in issues if i.is_error] or issues)
    if not isinstance(root, YMap):
        raise AnswersError("", [Issue(root.source, f"a record must be a mapping, got {describe(root)}")])
    complete = root.items.get("complete")
    if complete is not None and isinstance(complete[1], YScalar) and complete[1].value is False:
        raise AnswersError(f"{display}: an incomplete record (the consult was stopped before its end) has nothing "
                           f"to replay; lnnav consult --answers {display} resumes it")
    problems: list[Issue] = []
    f = Fields(root, "a record", problems, ("record_version", "guideline", "answers", "path", "outcome", "alerts"),
               ("lnnav_version", "created", "title", "description", "complete", "answers_source"))
    version = f.number("record_version")
    if version is not None and version != RECORD_VERSION:
        f.error(f.src("record_version"), f"record_version {fmt_num(version)} is not supported (this lnnav reads "
                                         f"{RECORD_VERSION})")
    gid = gversion = sha = outcome = outcome_title = ""
    gmap = f.mapping("guideline")
    if gmap is not None:
        gf = Fields(gmap, "guideline", problems, ("id", "version", "sha256"), ("title",))
        gid, gversion, sha = gf.ident("id"), gf.text("version"), gf.text("sha256")
    omap = f.mapping("outcome")
    actions: tuple[str, ...] | None = None
    if omap is not None:
        of = Fields(omap, "outcome", problems, ("id",), ("title", "actions"))
        outcome, outcome_title = of.ident("id"), of.text("title")
        actions = of.texts("actions", allow_empty=True) if of.has("actions") else None
    steps = tuple(s for s in (_step(n, problems) for n in f.seq("path", allow_empty=True)) if s is not None)
    alerts, wording = _alerts(f.seq("alerts", allow_empty=True), problems)
    lnnav_version, created = f.text("lnnav_version"), f.text("created")
    if problems:
        raise AnswersError(f"{display}: not a valid session record", problems)
    return Record(display, lnnav_version, created, gid, gversion, sha, answers_from(root, display), steps, outcome,
                  outcome_title, alerts, actions, wording)


def _alerts(items: list[YNode], problems: list[Issue]) -> tuple[tuple[str, ...], dict[str, tuple[str, str]] | None]:
    """The recorded alerts: ids (an older record), or id, title and text each."""
    ids: list[str] = []
    wording: dict[str, tuple[str, str]] = {}
    for n in items:
        if isinstance(n, YMap):
            af = Fields(n, "a recorded alert", problems, ("id",), ("title", "text"))
            alert_id = af.ident("id")
            wording[alert_id] = (af.text("title", allow_empty=True), af.text("text", allow_empty=True))
        else:
            alert_id = ident_of(n, '"alerts" in a record', problems)
        if alert_id:
            ids.append(alert_id)
    return tuple(ids), (wording if len(wording) == len(ids) else None)


def _step(node: YNode, problems: list[Issue]) -> RecordedStep | None:
    if not isinstance(node, YMap):
        problems.append(Issue(node.source, f"a path step must be a mapping, got {describe(node)}"))
        return None
    f = Fields(node, "a path step", problems, ("node", "answer", "next"), ("kind", "label", "typed"))
    value = f.get("answer")
    answer: Answer = ""
    if isinstance(value, YScalar) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        answer = float(value.value)
    elif isinstance(value, YScalar) and value.text:
        answer = value.text
    elif isinstance(value, YSeq) and all(isinstance(v, YScalar) and v.text for v in value.items):
        answer = tuple(v.text for v in value.items if isinstance(v, YScalar))
    elif value is not None:
        problems.append(Issue(value.source, f"a path answer must be an id or a number, got {describe(value)}"))
    return RecordedStep(f.ident("node"), answer, f.text("label"), f.ident("next"))


def rederive(g: Guideline, rec: Record) -> Walk:
    """Walk ``g`` again with the record's answers.

    Raises:
        StaleRecord: the answers no longer fit ``g`` and its content has changed.
        AnswersError: the answers do not fit ``g`` although its content is the recorded one.
    """
    try:
        walk = navigate(g, Scripted(g, resolve(g, rec.answers)))
    except AnswersError as exc:
        if rec.sha256 == g.sha256:
            raise
        raise StaleRecord(f'the answers in {rec.path} no longer fit guideline "{g.id}" version {g.version} '
                          f"(recorded with version {rec.guideline_version}); the consult cannot be replayed",
                          exc.lines()) from None
    if not rec.answers.sources:
        return walk
    return with_origins(walk, rec.answers.origin_of)


def with_origins(walk: Walk, origin_of: Callable[[str], Origin]) -> Walk:
    """``walk`` with where each of its answers came from."""
    return walk._replace(origins={s.node: origin_of(s.node) for s in walk.steps if s.answered})

"""Scripted answers: read from a file or --set, checked against a guideline, looked up.

An answers file is a mapping of question id -> option id or number, or any
mapping with such a mapping under ``answers:`` (a scenario, a session record).
Values are taken as written, so ``adherent: yes`` means the option id "yes".
"""

from __future__ import annotations

from pathlib import Path

from lnnav.base.errors import MAX_ISSUES, AnswersError, Issue, bounded
from lnnav.base.records import NamedTuple
from lnnav.base.source import Source
from lnnav.base.suggest import suggest
from lnnav.base.text import echo
from lnnav.engine.walk import Back, Measured, Origin, Prompt, allowed_values, option_ids, read_number
from lnnav.format.loader import display_path
from lnnav.format.yamlio import YMap, YNode, YScalar, YSeq, describe, load_file
from lnnav.model.conditions import Answer
from lnnav.model.guideline import UNKNOWN, Guideline, MultiQuestion, NumericQuestion, Question

SET_SOURCE = "--set"


class Given(NamedTuple):
    """One answer as the user wrote it, and where."""

    text: str
    source: Source
    listed: bool = False  # written as a list: only a multi question takes one


class AnswerSet:
    """Answers in the order given, with the metadata a scenario or record carries."""

    def __init__(self, given: dict[str, Given] | None = None, title: str = "", description: str = "",
                 origin: str = "", incomplete: bool = False, guideline: str = "",
                 sources: dict[str, Origin] | None = None) -> None:
        self.given: dict[str, Given] = {} if given is None else given
        # a record's answers_source: the answers it took from a patient's record keep saying so
        self.sources: dict[str, Origin] = {} if sources is None else sources
        self.guideline = guideline  # a record's guideline id: answers written for that guideline
        self.incomplete = incomplete  # an incomplete record: the consult it saved was stopped
        self.title = title
        self.description = description
        self.origin = origin

    def merged(self, other: AnswerSet) -> AnswerSet:
        """``other`` wins, as --set wins over the file."""
        given = dict(self.given)
        given.update(other.given)
        sources = {k: v for k, v in self.sources.items() if k not in other.given}
        return AnswerSet(given, self.title, self.description, self.origin, self.incomplete, self.guideline, sources)

    def origin_of(self, question_id: str) -> Origin:
        """Where a given answer came from: "given", or the record a saved consult read it from."""
        return self.sources.get(question_id) or Origin("given")


def load_answers(path: Path, g: Guideline | None = None) -> AnswerSet:
    """Read an answers file (YAML or JSON), for guideline ``g`` when it is known.

    No list or mapping in answers for ``g`` (a plain file, a scenario, a record) can
    have more entries than ``g`` has nodes and alerts, with room for a record's own
    keys: past ``answers_limit(g)``, the file is not read further. A million unknown
    keys would otherwise all be composed, to be refused one by one.

    Raises:
        AnswersError: unreadable file, bad YAML, too many entries, or not a mapping of answers.
    """
    display = display_path(path)
    if not path.exists():
        raise AnswersError(f"{display}: answers file not found")
    limit, why = (answers_limit(g), f' (guideline "{g.id}" has {len(g.nodes):,} nodes)') if g is not None else (0, "")
    root, issues, _text = load_file(path, display, strict_keys=False, pipes=True, max_entries=limit, too_many=why)
    errors = [i for i in issues if i.is_error]
    if errors or root is None:
        raise AnswersError("", errors or issues)
    return answers_from(root, display)


def answers_limit(g: Guideline) -> int:
    """How many entries one list or mapping of an answers file for ``g`` may hold (see load_answers)."""
    return 2 * (len(g.nodes) + len(g.alerts)) + 1000


def answers_from(root: YNode, display: str) -> AnswerSet:
    """The answers in a file already read (a scenario is read once, not twice).

    Raises:
        AnswersError: not a mapping of answers.
    """
    if not isinstance(root, YMap):
        raise AnswersError("", [Issue(root.source, f"answers must be a mapping of question id -> answer, got "
                                      f"{describe(root)}")])
    body = root
    title = description = ""
    inner = root.items.get("answers")
    if inner is not None:
        if not isinstance(inner[1], YMap):
            raise AnswersError("", [Issue(inner[1].source, f'"answers" must be a mapping, got {describe(inner[1])}')])
        body = inner[1]
        title = _meta(root, "title")
        description = _meta(root, "description")
    done = root.items.get("complete")
    incomplete = done is not None and isinstance(done[1], YScalar) and done[1].value is False
    out = AnswerSet(origin=display, title=title, description=description, incomplete=incomplete,
                    guideline=_record_guideline(root), sources=_sources(root))
    bad: list[Issue] = []
    more = 0
    for name, (key, value) in body.items.items():
        if isinstance(value, YSeq) and value.items and all(isinstance(v, YScalar) and v.text for v in value.items):
            # a multi answer: the option ids, kept as the comma list --set takes
            out.given[key.text] = Given(",".join(v.text for v in value.items if isinstance(v, YScalar)), value.source,
                                        listed=True)
            continue
        if not isinstance(value, YScalar) or value.value is None or not value.text:
            if len(bad) < MAX_ISSUES:
                bad.append(Issue(value.source, f'answer for "{echo(name)}" must be an option id or a number, got '
                                 f"{describe(value)}"))
            else:
                more += 1
            continue
        out.given[key.text] = Given(value.text, value.source)
    if bad:
        listed, rest = bounded(bad, more)
        raise AnswersError(rest, listed)
    return out


def _record_guideline(root: YMap) -> str:
    """The guideline id a session record was made with ("" for a plain answers file or a scenario)."""
    item = root.items.get("guideline")
    inner = item[1].items.get("id") if item and isinstance(item[1], YMap) else None
    return inner[1].text if inner and isinstance(inner[1], YScalar) else ""


def _sources(root: YMap) -> dict[str, Origin]:
    """A record's ``answers_source``: the answers that came from a patient's record, with resources and date.

    Only "record" entries are kept (the others are given again now); anything malformed
    is left out, as the answers themselves are what the consult is checked on.
    """
    item = root.items.get("answers_source")
    if item is None or not isinstance(item[1], YMap):
        return {}
    out: dict[str, Origin] = {}
    for name, (_key, value) in item[1].items.items():
        if not isinstance(value, YMap):
            continue
        src = value.items.get("source")
        if src is None or not isinstance(src[1], YScalar) or src[1].text != "record":
            continue
        res = value.items.get("resources")
        resources = tuple(v.text for v in res[1].items if isinstance(v, YScalar)) \
            if res is not None and isinstance(res[1], YSeq) else ()
        date = value.items.get("date")
        out[name] = Origin("record", resources, date[1].text if date and isinstance(date[1], YScalar) else "")
    return out


def _meta(root: YMap, key: str) -> str:
    item = root.items.get(key)
    if item and isinstance(item[1], YScalar) and isinstance(item[1].value, str):
        return item[1].value.strip()
    return ""


def parse_sets(pairs: list[str]) -> AnswerSet:
    """``ID=VALUE`` pairs from the command line."""
    out = AnswerSet(origin=SET_SOURCE)
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise AnswersError(f'--set takes ID=VALUE, got "{echo(pair)}"')
        if name.strip() in out.given:  # which one should win? the user has to say
            raise AnswersError(f'--set {echo(name.strip())} is given twice ("{echo(out.given[name.strip()].text)}" and '
                               f'"{echo(value.strip())}"); give each question one answer')
        out.given[name.strip()] = Given(value.strip(), Source(SET_SOURCE))
    return out


Resolved = dict[str, "Answer | Measured"]


def resolve(g: Guideline, answers: AnswerSet) -> Resolved:
    """Check every given answer against ``g``; all problems are reported together.

    Raises:
        AnswersError: unknown question ids, or values a question does not allow.
    """
    issues: list[Issue] = []
    more = 0  # problems past MAX_ISSUES: counted, not worded (a suggestion per key costs time)
    out: Resolved = {}
    asked = [n.id for n in g.nodes.values() if isinstance(n, (Question, NumericQuestion, MultiQuestion))]
    for qid, given in answers.given.items():
        if len(issues) >= MAX_ISSUES and qid not in g.nodes:
            more += 1
            continue
        problem = _problem(g, qid, given, asked, out)
        if problem and len(issues) < MAX_ISSUES:
            issues.append(Issue(given.source, problem))
        elif problem:
            more += 1
    if issues:
        listed, rest = bounded(issues, more)
        raise AnswersError(rest, listed)
    return out


def _problem(g: Guideline, qid: str, given: Given, asked: list[str], out: Resolved) -> str:
    """Why ``given`` cannot answer ``qid`` ("" when it can: then it is added to ``out``).

    Every value the user wrote is echoed through ``echo``: visible and shortened.
    """
    node = g.nodes.get(qid)
    value = echo(given.text)
    if not isinstance(node, (Question, NumericQuestion, MultiQuestion)):
        why = "is not a question of" if node is None else f"is a {node.kind}, not a question, in"
        return f'"{echo(qid)}" {why} guideline "{g.id}"{suggest(qid, asked)}'
    if given.listed and not isinstance(node, MultiQuestion):
        return f'answer for "{qid}" is a list, but "{qid}" ({node.text}) takes one answer: {allowed_values(node)}'
    if isinstance(node, Question):
        if node.option(given.text) is None:
            return (f'"{value}" is not allowed for "{qid}" ({node.text}); allowed: {allowed_values(node)}'
                    f"{suggest(given.text, [o.id for o in node.options])}")
        out[qid] = given.text
    elif isinstance(node, MultiQuestion):
        chosen = option_ids(given.text)
        ids = [o.id for o in node.options]
        wrong = [a for a in chosen if a not in ids]
        if wrong or not chosen:
            return (f'"{echo(", ".join(wrong)) if wrong else value}" is not allowed for "{qid}" ({node.text}); '
                    f"allowed: {allowed_values(node)}{suggest(wrong[0], ids) if wrong else ''}")
        out[qid] = chosen
    elif node.unknown is not None and given.text.strip().lower() == UNKNOWN:
        out[qid] = UNKNOWN
    else:
        try:
            out[qid] = read_number(node, given.text)
        except ValueError as exc:
            why = str(exc).replace(given.text, value)
            if node.unknown is not None:
                why += f' (or "{UNKNOWN}" if not known)'

            # the value itself, not the fragment the reader stopped at ("unknown unit ',5'")
            return f'"{qid}" ({node.text}): {why}' if value in why else f'"{qid}" ({node.text}): "{value}": {why}'
    return ""


class Scripted:
    """An ``ask`` that looks answers up; a missing one is an error that says what to add."""

    def __init__(self, g: Guideline, values: Resolved) -> None:
        self.g = g
        self.values = values
        self.used: set[str] = set()  # a set: unused() over 20,000 answers was quadratic with a list

    def __call__(self, prompt: Prompt) -> Answer | Measured | Back:
        node = prompt.node
        if node.id not in self.values:
            raise AnswersError(
                f'no answer for question "{node.id}" ({node.text}); allowed: {allowed_values(node)}. '
                f"Add it to the answers file or pass --set {node.id}=VALUE"
            )
        self.used.add(node.id)
        return self.values[node.id]

    def unused(self) -> list[str]:
        """Answers given for questions the consult never asked."""
        return [q for q in self.values if q not in self.used]


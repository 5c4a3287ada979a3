"""Maintainer checks beyond the loader: stale reviews, empty help, placeholders, scenarios.

Every finding is an ``Issue`` with the exact place to edit. Most are warnings;
a failing scenario and a review date earlier than the last review are errors. Text is scanned in the YAML as
written (not the loaded model) so that each placeholder is found on its own line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from lnnav.base.errors import Issue, LnnavError
from lnnav.base.source import Source
from lnnav.engine import scenarios
from lnnav.format.loader import MANIFEST, display_path
from lnnav.format.yamlio import YMap, YNode, YScalar, YSeq, load_file, read_text
from lnnav.model.guideline import Guideline, NumericQuestion, Question

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|XXX|FIXME)\b|\blorem ipsum\b", re.IGNORECASE)
# A file whose raw text has none of these cannot hold a placeholder (an escape is
# the only way to spell a word without writing it); such files are not parsed twice.
# Plain substring tests on the lowered text: a case-blind regex alternation over a
# megabyte-sized file cost tens of milliseconds a file.
_PLACEHOLDER_HINTS = ("todo", "tbd", "xxx", "fixme", "lorem", "\\")


def _may_hold_placeholder(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _PLACEHOLDER_HINTS)


def lint(folder: Path, guideline: Guideline | None, *, today: dt.date) -> list[Issue]:
    """Warnings a maintainer wants before a clinician sees the guideline.

    Args:
        folder: the guideline folder.
        guideline: the loaded guideline, or None when it has errors; the checks
            that need the model (help text, scenarios) are then skipped.
        today: the date to compare ``review_due`` with (injected, for tests).

    Returns:
        Warnings, file by file, then help text, then scenarios.
    """
    root = display_path(folder)
    names = list(guideline.files) if guideline is not None else _present_files(folder)
    issues: list[Issue] = []
    for name in names:
        display = os.path.join(root, name)
        text_read, _ = read_text(folder / name, display)
        if text_read is None or (name != MANIFEST and not _may_hold_placeholder(text_read)):
            continue  # unreadable (validate reports it), or nothing to find: skip parsing it again
        node, problems, text = load_file(folder / name, display)
        if node is None or any(p.is_error for p in problems):
            continue  # validate already reports the file
        lines = text.split("\n")
        issues += [_placeholder(s, lines) for s in _strings(node) if PLACEHOLDER.search(s.text)]
        if name == MANIFEST and isinstance(node, YMap):
            issues += _review_due(node, today)
    if guideline is not None:
        issues += _empty_help(guideline)
        issues += _scenario_coverage(folder, guideline)
    return issues


def _present_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _strings(node: YNode) -> list[YScalar]:
    """Every text value in a document, in file order (keys left out: they are the format's words)."""
    out: list[YScalar] = []
    todo: list[YNode] = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, YScalar):
            if isinstance(n.value, str):
                out.append(n)
        elif isinstance(n, YMap):
            todo += reversed([value for _key, value in n.items.values()])
        elif isinstance(n, YSeq):
            todo += reversed(n.items)
    return out


def _placeholder(scalar: YScalar, lines: list[str]) -> Issue:
    match = PLACEHOLDER.search(scalar.text)
    assert match is not None
    word = match.group(0)
    src = scalar.source
    # a block or multi-line value starts before its text: find the line the word is on
    for offset in range(scalar.text.count("\n") + 2):
        index = src.line - 1 + offset
        if index >= len(lines):
            break
        start = src.col - 1 if offset == 0 else 0
        col = lines[index].lower().find(word.lower(), start)
        if col >= 0:
            src = Source(src.file, index + 1, col + 1)
            break
    return Issue(src, f'"{word}" looks like a leftover placeholder; write the final text', "warning")


def _review_due(manifest: YMap, today: dt.date) -> list[Issue]:
    due_item, last_item = manifest.items.get("review_due"), manifest.items.get("last_reviewed")
    due, last = _date_of(due_item[1] if due_item else None), _date_of(last_item[1] if last_item else None)
    if due is None or due_item is None:
        return []  # missing or malformed: the loader reports it
    src = due_item[1].source
    if last is not None and due < last:
        return [Issue(src, f"review_due {due.isoformat()} is before last_reviewed {last.isoformat()}; the next "
                      "review comes after the last one")]
    if due >= today:
        return []
    days = (today - due).days
    return [Issue(src, f"review was due on {due.isoformat()} ({days} day(s) ago); review the content, then "
                  "update last_reviewed, review_due and version", "warning")]


def _date_of(value: YNode | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.text) if isinstance(value, YScalar) else None
    except ValueError:
        return None


def _empty_help(g: Guideline) -> list[Issue]:
    return [
        Issue(n.source, f'question "{n.id}" has no help text; add the definitions and thresholds it relies on, '
              "with their source", "warning")
        for n in g.nodes.values()
        if isinstance(n, (Question, NumericQuestion)) and not n.help.strip()
    ]


def _scenario_coverage(folder: Path, g: Guideline) -> list[Issue]:
    """A scenario that fails or cannot be read is an error (as in `lnnav scenario check`);
    an outcome no passing scenario reaches is a warning."""
    directory = scenarios.default_dir(folder)
    files = scenarios.find([directory]) if directory.is_dir() else []
    issues: list[Issue] = []
    results: list[scenarios.ScenarioResult] = []
    for path in files:
        try:
            sc = scenarios.load(path)
        except LnnavError as exc:
            found = getattr(exc, "issues", [])
            issues += [Issue(i.source, f"scenario cannot be loaded: {i.message}") for i in found]
            if exc.message or not found:
                issues.append(Issue(Source(display_path(path)), f"scenario cannot be loaded: {exc.message}"))
            continue
        unknown = scenarios.unknown_ids(g, sc)
        issues += [Issue(i.source, f'scenario "{sc.title}": {i.message}') for i in unknown]
        result = scenarios.run(g, sc)
        results.append(result)
        known = {str(i) for i in unknown}
        issues += [Issue(i.source, f'scenario "{sc.title}" fails: {i.message}') for i in result.located
                   if str(i) not in known]
    shown = display_path(directory)  # once: a relpath per outcome cost 0.15 s on 3,000 outcomes
    for outcome in scenarios.unreached(g, results):
        issues.append(Issue(g.nodes[outcome].source, f'outcome "{outcome}" is not reached by any passing scenario '
                            f"in {shown}; add one", "warning"))
    return issues

"""`lnnav refs`: the bibliography, with the outcomes and alerts that cite each reference.

References are read from the YAML itself rather than from a loaded guideline, so
that the report also works on a guideline that validate refuses (an undefined
reference is an error there, and exactly what a maintainer wants listed here).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lnnav.base.errors import EXIT_INVALID_GUIDELINE, EXIT_OK, GuidelineError, Issue, UsageError
from lnnav.base.records import NamedTuple
from lnnav.cli.app import app, guideline_dir, write_json

if TYPE_CHECKING:  # the core is imported where it is used: `lnnav --help` stays near Typer's own start-up time
    from lnnav.base.source import Source
    from lnnav.format.yamlio import YMap, YNode


class Citation(NamedTuple):
    """One place a reference is cited: an outcome or an alert."""

    kind: str  # "outcome" or "alert"
    id: str
    title: str
    source: Source


class Entry(NamedTuple):
    id: str
    fields: dict[str, str]
    source: Source
    cited_by: list[Citation]


def _text(m: YMap, key: str) -> str:
    from lnnav.format.yamlio import YScalar

    item = m.items.get(key)
    return item[1].text if item and isinstance(item[1], YScalar) else ""


def _maps(node: YNode | None, key: str) -> list[YMap]:
    from lnnav.format.yamlio import YMap, YSeq

    item = node.items.get(key) if isinstance(node, YMap) else None
    return [n for n in item[1].items if isinstance(n, YMap)] if item and isinstance(item[1], YSeq) else []


def _cited(m: YMap) -> list[tuple[str, Source]]:
    from lnnav.format.yamlio import YScalar, YSeq

    item = m.items.get("references")
    if not item or not isinstance(item[1], YSeq):
        return []
    return [(n.text, n.source) for n in item[1].items if isinstance(n, YScalar) and n.text]


def citations(folder: Path) -> tuple[list[Entry], dict[str, list[Citation]]]:
    """The references in bibliography order with who cites them, and the cited ids never defined.

    Raises:
        GuidelineError: the manifest, a node file or the bibliography cannot be read.
    """
    from lnnav.base.files import inside
    from lnnav.base.source import Source
    from lnnav.base.text import echo
    from lnnav.format.loader import MANIFEST, display_path
    from lnnav.format.yamlio import YMap, YScalar, YSeq, load_file

    root = display_path(folder)
    problems: list[Issue] = []

    def read(name: str) -> YNode | None:
        problem = inside(folder, name)  # the manifest names the files: they must stay in the folder
        if problem:
            problems.append(Issue(Source(os.path.join(root, MANIFEST)), f'file "{echo(name)}" {problem}'))
            return None
        node, issues, _text = load_file(folder / name, os.path.join(root, name))
        problems.extend(i for i in issues if i.is_error)
        return node

    if not folder.is_dir():
        raise UsageError(f"{root}: guideline folder not found")
    manifest = read(MANIFEST)
    files = manifest.items.get("files") if isinstance(manifest, YMap) else None
    names = [n.text for n in files[1].items if isinstance(n, YScalar)] if files and isinstance(files[1], YSeq) else []
    cites: list[tuple[str, Citation]] = []
    for name in names:
        doc = read(name)
        for n in _maps(doc, "nodes"):
            if _text(n, "kind") == "recommendation":
                c = Citation("outcome", _text(n, "id"), _text(n, "title"), n.source)
                cites += [(ref, c) for ref, _src in _cited(n)]
        for a in _maps(doc, "alerts"):
            c = Citation("alert", _text(a, "id"), _text(a, "title"), a.source)
            cites += [(ref, c) for ref, _src in _cited(a)]
    bib = _text(manifest, "bibliography") if isinstance(manifest, YMap) else ""
    entries: dict[str, Entry] = {}
    for r in _maps(read(bib) if bib else None, "references"):
        ref_id = _text(r, "id")
        if ref_id and ref_id not in entries:
            entries[ref_id] = Entry(ref_id, {k: _text(r, k) for k in ("citation", "doi", "pmid", "url", "note")},
                                    r.source, [])
    if problems:
        raise GuidelineError(problems, "the guideline cannot be read; run `lnnav validate` on it")
    undefined: dict[str, list[Citation]] = {}
    for ref, c in cites:
        target = entries[ref].cited_by if ref in entries else undefined.setdefault(ref, [])
        if c not in target:
            target.append(c)
    return list(entries.values()), undefined


def _citation_data(c: Citation) -> dict[str, str]:
    return {"kind": c.kind, "id": c.id, "title": c.title, "source": str(c.source)}


@app.command()
def refs(
    guideline: Annotated[Path | None, typer.Option("--guideline", metavar="DIR",
                                                   help="Guideline folder (default: the bundled one).")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help="text or json.")] = "text",
) -> int:
    """List the bibliography with what cites each reference; flag unused and undefined ones (exit 1 if undefined)."""
    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, got "{fmt}"')
    entries, undefined = citations(guideline_dir(guideline))
    unused = [e.id for e in entries if not e.cited_by]
    if fmt == "json":
        doc: dict[str, Any] = {
            "references": [
                {"id": e.id, **e.fields, "source": str(e.source), "unused": not e.cited_by,
                 "cited_by": [_citation_data(c) for c in e.cited_by]}
                for e in entries
            ],
            "unused": unused,
            "undefined": [{"id": ref, "cited_by": [_citation_data(c) for c in cs]} for ref, cs in undefined.items()],
        }
        write_json(doc)
    else:
        for e in entries:
            print(f"{e.id}: {e.fields['citation']}")
            if not e.cited_by:
                print(f"  UNUSED: defined at {e.source} but never cited")
            for c in e.cited_by:
                print(f"  cited by {c.kind} {c.id}: {c.title}")
        for ref, cs in undefined.items():
            print(f"{ref}: UNDEFINED: cited but not in the bibliography")
            for c in cs:
                print(f"  cited by {c.kind} {c.id} at {c.source}")
        print(f"{len(entries)} references, {len(unused)} unused, {len(undefined)} undefined")
    return EXIT_INVALID_GUIDELINE if undefined else EXIT_OK

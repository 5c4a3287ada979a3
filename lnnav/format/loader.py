"""A guideline folder -> a checked Guideline, collecting every issue in one pass."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from lnnav.base.errors import GuidelineError, Issue, UsageError
from lnnav.base.files import inside
from lnnav.base.source import Source
from lnnav.base.suggest import suggest
from lnnav.base.text import echo
from lnnav.format.stamp import Stamp
from lnnav.format.yamlio import YMap, YNode, YScalar, gc_paused, load_file
from lnnav.model.drugs import Drug
from lnnav.model.guideline import SUPPORTED_SCHEMA_VERSIONS, Alert, Grade, Guideline, Node, Pathway, Reference

if TYPE_CHECKING:
    from lnnav.format.fields import Fields
# The readers of node, drug and field YAML (lnnav.format.nodefile, drugfile, fields) are imported
# where the YAML is read: a consult of a noted guideline takes its model from the cache instead.

MANIFEST = "guideline.yaml"
__all__ = ["MANIFEST", "MANIFEST_OPTIONAL", "MANIFEST_REQUIRED", "display_path", "load_guideline", "load_or_raise"]
MANIFEST_REQUIRED = (
    "schema_version", "id", "title", "version", "last_reviewed", "review_due", "intended_use",
    "disclaimer", "grading", "start", "files", "bibliography",
)
MANIFEST_OPTIONAL = ("pathways", "description", "drugs")
V1_MANIFEST_OPTIONAL = ("pathways", "description")  # the drug catalogue came with schema_version 2
def display_path(path: Path) -> str:
    """A path as short as it can be while staying unambiguous: relative to cwd when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


class _Load:
    def __init__(self, folder: Path, stamp: Stamp | None) -> None:
        self.folder = folder
        self.stamp = stamp
        self.root = display_path(folder)
        self.issues: list[Issue] = []
        import hashlib  # here: a consult of a noted guideline reads no YAML and loads no OpenSSL

        self.hash = hashlib.sha256()
        self.files: list[str] = []
        # whole-guideline checks are only fair when no node or reference went missing
        # through an earlier error; otherwise they would report its echoes
        self.nodes_complete = True
        self.bib_complete = True
        # rule analysis reasons from every number and expression: a value the reader
        # had to replace (a missing min, an expression that did not parse) would mislead it
        self.nodes_clean = True
        self.drugs_complete = True  # no drug went missing through an error in the catalogue file

    def file(self, name: str) -> tuple[str, YNode | None]:
        display = os.path.join(self.root, name)
        path = self.folder / name
        stamp = self.stamp
        root, issues, text = load_file(path, display, seen=None if stamp is None else lambda data: stamp.read(name, data))
        self.issues.extend(issues)
        self.files.append(name)
        # hash the text read (line ends normalised), so that records see any content change
        self.hash.update(name.encode() + b"\0" + text.encode() + b"\0")
        return display, root


def load_guideline(folder: Path) -> tuple[Guideline | None, list[Issue]]:
    """Load and check a guideline folder.

    Returns:
        The guideline (None when any error was found) and every issue, errors and
        warnings, in file order.

    Raises:
        UsageError: when the folder does not exist or is not a folder.
    """
    guideline, issues = load_partial(folder)
    return (None if any(i.is_error for i in issues) else guideline), issues


def load_partial(folder: Path, *, note: bool = False) -> tuple[Guideline | None, list[Issue]]:
    """Load a guideline as far as it goes: the model even when there are errors.

    For drawing what is broken (``graph``, ``show``): nodes that could be read are
    there, links may dangle and cycles may remain. Never consult such a model.

    Every check runs, whatever the cache holds; with ``note``, a guideline they find
    no error in is noted in the cache (lnnav.format.stamp) for the consults that follow.

    Returns:
        The guideline (None only when the manifest itself cannot be read) and every issue.

    Raises:
        UsageError: when the folder does not exist or is not a folder.
    """
    with gc_paused():  # a large guideline is millions of small acyclic objects
        return _load_guideline(folder, Stamp(folder) if note else None, trust=False)


def _load_guideline(folder: Path, stamp: Stamp | None, *, trust: bool) -> tuple[Guideline | None, list[Issue]]:
    """Read and check ``folder``; with ``trust``, the checks are skipped when ``stamp`` says these
    very files passed them. With a stamp, a guideline found without error is noted."""
    from lnnav.format.drugfile import read_drug_file
    from lnnav.format.fields import Fields, as_map
    from lnnav.format.nodefile import read_node_file

    if not folder.exists():
        raise UsageError(f"{display_path(folder)}: guideline folder not found")
    if not folder.is_dir():
        raise UsageError(f"{display_path(folder)}: not a folder; give the guideline folder (it holds {MANIFEST})")
    ld = _Load(folder, stamp)
    problem = inside(folder, MANIFEST)
    if problem:  # refused before it is read: an error would echo the start of whatever it links to
        ld.issues.append(Issue(Source(os.path.join(ld.root, MANIFEST)), f"the manifest {problem}"))
        return None, ld.issues
    _display, manifest = ld.file(MANIFEST)
    if manifest is None:
        return None, ld.issues
    mmap = as_map(manifest, "the manifest", ld.issues)
    if mmap is None:
        return None, ld.issues
    version = _schema_version(mmap, ld.issues)
    if not version:
        return None, ld.issues
    if version == 1 and "drugs" in mmap.items:
        ld.issues.append(Issue(mmap.items["drugs"][0].source, '"drugs" (a drug catalogue) needs schema_version 2 '
                               "(this guideline is version 1)"))
    # a v1 "drugs" was reported just now, as needing v2: not again as an unknown key
    optional = MANIFEST_OPTIONAL if version >= 2 or "drugs" in mmap.items else V1_MANIFEST_OPTIONAL
    m = Fields(mmap, "the manifest", ld.issues, MANIFEST_REQUIRED, optional)
    grading_name, grades = _grading(m)
    pathways = _pathways(m)
    nodes: dict[str, Node] = {}
    alerts: list[Alert] = []
    for name, src in m.idents("files") if m.has("files") else ():
        before = len(ld.issues)
        display, root = ld.file(name) if _listed_ok(ld, name, src) else (name, None)
        # a value dropped by the YAML reader (a tag, an alias) may have been a node
        yaml_clean = not any(i.is_error for i in ld.issues[before:])
        if root is None or not read_node_file(root, version, nodes, alerts, ld.issues) or not yaml_clean:
            ld.nodes_complete = False
        ld.nodes_clean = ld.nodes_clean and not any(i.is_error for i in ld.issues[before:])
    drugs: tuple[Drug, ...] = ()
    drugs_name = m.text("drugs") if version >= 2 else ""
    # a catalogue the manifest names but that could not be read: its drugs are not "unknown"
    ld.drugs_complete = "drugs" not in mmap.items or bool(drugs_name)
    if drugs_name:
        before = len(ld.issues)
        if _listed_ok(ld, drugs_name, m.src("drugs")):
            _shown, root = ld.file(drugs_name)
            if root is not None:
                drugs, whole = read_drug_file(root, ld.issues)
                ld.drugs_complete = whole
        ld.drugs_complete = ld.drugs_complete and not any(i.is_error for i in ld.issues[before:])
        ld.nodes_clean = ld.nodes_clean and ld.drugs_complete
    references: dict[str, Reference] = {}
    bib_name = m.text("bibliography")
    if bib_name:
        before = len(ld.issues)
        if _listed_ok(ld, bib_name, m.src("bibliography")):
            display, root = ld.file(bib_name)
            if root is not None:
                references = _bibliography(root, display, ld.issues)
        ld.bib_complete = not any(i.is_error for i in ld.issues[before:])
    else:
        ld.bib_complete = False
    guideline = Guideline(
        id=m.ident("id"),
        title=m.text("title"),
        version=m.text("version"),
        last_reviewed=_date(m, "last_reviewed"),
        review_due=_date(m, "review_due"),
        intended_use=m.text("intended_use"),
        disclaimer=m.text("disclaimer"),
        grading_name=grading_name,
        grades=grades,
        pathways=pathways,
        start=m.ident("start"),
        nodes=nodes,
        alerts=tuple(alerts),
        references=references,
        root=str(folder),
        files=tuple(ld.files),
        sha256=ld.hash.hexdigest(),
        source=mmap.source,
        schema_version=version,
        drugs=drugs,
    )
    read_ok = not any(i.is_error for i in ld.issues)
    if stamp is not None and trust and read_ok and stamp.passed():
        return guideline, ld.issues  # these bytes passed every check below, with this very lnnav
    from lnnav.checks.semantic import check  # the checks need the whole guideline

    ld.issues.extend(check(guideline, m.src("start"), nodes_complete=ld.nodes_complete,
                           bib_complete=ld.bib_complete, nodes_clean=ld.nodes_clean,
                           drugs_complete=ld.drugs_complete))
    if stamp is not None and read_ok and not any(i.is_error for i in ld.issues):
        stamp.record()
    return guideline, ld.issues


def load_or_raise(folder: Path) -> Guideline:
    """Load a guideline for a consult: any error refuses it.

    The checks are run unless the cache notes (lnnav.format.stamp) that these very files
    passed them: a consult does not prove an unchanged guideline again. Warnings
    are not a consult's business (``validate`` prints them), so the note need not hold them.
    """
    from lnnav.format import snapshot

    with gc_paused():
        kept = snapshot.load(folder, display_path(folder))
        if kept is not None:  # the model these very files gave, the checks passed on them
            return kept
        stamp = Stamp(folder)
        guideline, issues = _load_guideline(folder, stamp, trust=True)
    if guideline is None or any(i.is_error for i in issues):
        raise GuidelineError([i for i in issues if i.is_error], "guideline is invalid; run `lnnav validate` on it")
    snapshot.store(display_path(folder), guideline, stamp)
    return guideline


def _listed_ok(ld: _Load, name: str, src: Source) -> bool:
    """Whether a file the manifest lists may be read: inside the folder, and there."""
    problem = inside(ld.folder, name)
    if problem:
        ld.issues.append(Issue(src, f'file "{echo(name)}" {problem}'))
        return False
    if not (ld.folder / name).exists():
        present = [p.name for p in ld.folder.iterdir() if p.suffix in (".yaml", ".yml")]
        ld.issues.append(Issue(src, f'file "{echo(name)}" is listed but not found in {ld.root}{suggest(name, present)}'))
        return False
    return True


def _schema_version(mmap: YMap, issues: list[Issue]) -> int:
    """The manifest's schema_version, or 0 (reported) when it is missing or not one this lnnav reads."""
    readable = " or ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
    item = mmap.items.get("schema_version")
    if item is None:
        issues.append(Issue(mmap.source, f'the manifest is missing "schema_version" (this lnnav reads {readable})'))
        return 0
    node = item[1]
    value = node.value if isinstance(node, YScalar) else None
    if isinstance(value, bool) or not isinstance(value, int) or value not in SUPPORTED_SCHEMA_VERSIONS:
        issues.append(
            Issue(node.source, f"schema_version {node.text if isinstance(node, YScalar) else '?'} is not supported; "
                  f"this lnnav reads {readable}")
        )
        return 0
    return value


def _date(m: Fields, key: str) -> str:
    from lnnav.format.dates import parse_date

    node = m.get(key)
    if node is None:
        return ""
    date, problem = parse_date(node.text) if isinstance(node, YScalar) else (None, "must be a date written YYYY-MM-DD")
    if date is not None:
        return date.isoformat()
    m.error(m.src(key), f'"{key}" {problem}')
    return ""


def _grading(m: Fields) -> tuple[str, tuple[Grade, ...]]:
    from lnnav.format.fields import Fields, as_map

    gmap = m.mapping("grading")
    if gmap is None:
        return "", ()
    g = Fields(gmap, "grading", m.issues, ("name", "grades"))
    grades = []
    for n in g.seq("grades"):
        gm = as_map(n, "a grade", m.issues)
        if gm is not None:
            f = Fields(gm, "a grade", m.issues, ("id",), ("description",))
            grades.append(Grade(f.text("id"), f.text("description")))
    return g.text("name"), tuple(grades)


def _pathways(m: Fields) -> tuple[Pathway, ...]:
    from lnnav.format.fields import Fields, as_map

    out = []
    for n in m.seq("pathways") if m.has("pathways") else ():
        pm = as_map(n, "a pathway", m.issues)
        if pm is not None:
            f = Fields(pm, "a pathway", m.issues, ("id", "title"))
            out.append(Pathway(f.ident("id"), f.text("title")))
    return tuple(out)


def _bibliography(root: YNode, display: str, issues: list[Issue]) -> dict[str, Reference]:
    from lnnav.format.fields import Fields, as_map

    bmap = as_map(root, "the bibliography", issues)
    if bmap is None:
        return {}
    f = Fields(bmap, "the bibliography", issues, ("references",))
    out: dict[str, Reference] = {}
    for n in f.seq("references"):
        rm = as_map(n, "a reference", issues)
        if rm is None:
            continue
        r = Fields(rm, "a reference", issues, ("id", "citation"), ("doi", "pmid", "url", "note"))
        ref = Reference(r.ident("id"), r.text("citation"), r.text("doi"), r.text("pmid", numbers_ok=True),
                        r.text("url"), r.text("note"), rm.source)
        if ref.id in out:
            issues.append(Issue(ref.source, f'duplicate reference id "{ref.id}" (first defined at {out[ref.id].source})'))
        elif ref.id:
            out[ref.id] = ref
    return out

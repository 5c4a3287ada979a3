"""A note in the user's cache that a guideline's checks passed, so that a consult need not prove it again.

Every consult used to re-run the semantic checks and the rule analysis that
``validate`` runs: most of a consult's time on a valid, unchanged guideline. The
note (one small JSON file per guideline folder) holds a key: a hash (lnnav.base.digest) of this
lnnav (its version, the newest format it reads, the size and time of each of its
own source files), of the bytes and name of every file the guideline read, and of
the names of the YAML files beside the manifest (an added or removed file changes
it). A loader that finds the note's key equal to the one it computed has read the
very bytes the checks passed on, with the very code that checked them; any other
note (unreadable, not JSON, from another program or version, of other content) is
ignored, and replaced once the checks pass again. The note says only "no error":
a guideline with an error is never noted, so it is refused, note or not.

Where: ``$LNNAV_CACHE_DIR`` when set, else the platform's cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux and other Unix, ``~/Library/Caches``
on macOS, ``%LOCALAPPDATA%`` on Windows), in ``lnnav/``. A folder that cannot be
made or written means no cache, silently: the checks then simply run every time.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from lnnav import __version__
from lnnav.base.digest import digest
from lnnav.base.files import Unreadable, read_bytes
from lnnav.model.guideline import SCHEMA_VERSION

CACHE_ENV = "LNNAV_CACHE_DIR"
FORMAT = 2  # of the note itself (2: keys are BLAKE2b, not SHA-256): a note of another format is not read
_MAX_NOTE = 4096  # a note is about 200 bytes: anything larger is not one of ours
_code_key: bytes | None = None


def cache_dir() -> Path | None:
    """lnnav's cache folder: ``$LNNAV_CACHE_DIR``, else the platform's convention; None when there is none."""
    given = os.environ.get(CACHE_ENV, "")
    if given:
        return Path(given)
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no password entry
        home = None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        base = Path(local) if local else home / "AppData" / "Local" if home else None
        return base / "lnnav" / "Cache" if base else None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "lnnav" if home else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "lnnav"
    return home / ".cache" / "lnnav" if home else None


def _code() -> bytes:
    """This lnnav: its version, its newest format, and each of its own source files' size and time.

    A checkout being edited keeps its version number: without the files, a check
    added or fixed there would be skipped on a guideline noted before the change.
    """
    global _code_key
    if _code_key is None:
        root = Path(__file__).resolve().parent
        parts = [f"lnnav {__version__} schema {SCHEMA_VERSION} note {FORMAT}"]
        stack = [root]
        while stack:
            folder = stack.pop()
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith(".py"):
                        with contextlib.suppress(OSError):
                            info = entry.stat()
                            parts.append(f"{os.path.relpath(entry.path, root)} {info.st_size} {info.st_mtime_ns}")
                    elif entry.is_dir() and not entry.name.startswith(("_", ".")):
                        stack.append(Path(entry.path))
        _code_key = _bytes("\n".join(parts))
    return _code_key


def _bytes(text: str) -> bytes:
    """A name as bytes, a file name that is not UTF-8 included (read as surrogate escapes)."""
    return text.encode("utf-8", "surrogateescape")


class Stamp:
    """The note for one guideline folder: fed every file the loader reads, then asked or written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hash = digest(_code())
        self._key = ""

    def read(self, name: str, data: bytes) -> None:
        """A file the guideline read: its name (as the manifest lists it) and its bytes, exactly."""
        self._hash.update(_bytes(f"\0file {name} {len(data)}\0"))
        self._hash.update(data)

    def key(self) -> str:
        if not self._key:
            try:
                with os.scandir(self.folder) as entries:
                    listed = sorted(e.name for e in entries if e.name.endswith((".yaml", ".yml")))
            except OSError:
                listed = ["(folder not listed)"]
            self._hash.update(_bytes("\0folder\0" + "\0".join(listed)))
            self._key = self._hash.hexdigest()
        return self._key

    def entry(self, kind: str) -> Path | None:
        """This folder's cache file of ``kind`` ("checked": the note; "parsed": lnnav.format.snapshot), or None."""
        base = cache_dir()
        if base is None:
            return None
        try:
            where = str(self.folder.resolve())
        except (OSError, RuntimeError):
            return None
        return base / kind / f"{digest(_bytes(where)).hexdigest()[:32]}.json"

    def passed(self) -> bool:
        """Whether a note says these very files passed the checks. Any doubt is a no, never an error."""
        path = self.entry("checked")
        if path is None:
            return False
        try:
            note = json.loads(read_bytes(path, limit=_MAX_NOTE).decode("utf-8"))
        except (OSError, Unreadable, ValueError, RecursionError):
            return False
        return (isinstance(note, dict) and note.get("format") == FORMAT and note.get("key") == self.key()
                and type(note.get("errors")) is int and note["errors"] == 0)

    def record(self) -> None:
        """Note that the checks found no error; a cache that cannot be written is left alone."""
        path = self.entry("checked")
        if path is None:
            return
        import tempfile  # here: only a check that ran writes a note

        note = {"format": FORMAT, "lnnav": __version__, "key": self.key(), "errors": 0}
        tmp = ""
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # a new file renamed over the old: whatever was there (a torn note, a FIFO) is replaced, never written into
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".note.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(note) + "\n")
            os.replace(tmp, path)
        except OSError:
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

"""Files read and written safely: inside their folder, of a sane size, replaced atomically.

Pure (no front-end imports, no printing): the loaders ask ``inside`` whether a named
file may be read, ``read_bytes`` reads any input within the size limit without
hanging on a FIFO or filling memory from a device, and ``write_atomic`` replaces
a file only once the new content is fully on disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024


class Unreadable(Exception):
    """Why a file cannot be read, in words for a message."""


def inside(folder: Path, name: str) -> str:
    """Why ``name`` may not be read from ``folder`` ("" when it may).

    The name must be relative, without "..", and what it names, symbolic links
    followed, must stay inside the folder.
    """
    if not name or os.path.isabs(name) or name.startswith(("~", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "must be a path relative to the guideline folder"
    if ".." in Path(name).parts or ".." in name.split("\\"):
        return 'must not contain ".."; keep the file inside the guideline folder'
    try:
        real_folder = folder.resolve(strict=True)
        real = (folder / name).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return "cannot be resolved (a loop of symbolic links?)"
    if real != real_folder and real_folder not in real.parents:
        return "leads outside the guideline folder (a symbolic link?); keep the file inside it"
    return ""


def read_bytes(path: Path, *, pipes: bool = False, limit: int = MAX_BYTES) -> bytes:
    """Read a regular file (or, with ``pipes``, a pipe such as ``<(cat file)``) of at most ``limit`` bytes.

    The kind and the size are checked before anything is read: a FIFO would
    block, ``/dev/zero`` would never end.

    Raises:
        FileNotFoundError, PermissionError, IsADirectoryError, OSError: as ``open`` raises them.
        Unreadable: a device, FIFO or socket, or a file over the limit.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        fifo = stat.S_ISFIFO(mode)
        if not (stat.S_ISREG(mode) or (pipes and fifo)):
            what = "a named pipe (FIFO)" if fifo else "a device or socket"
            raise Unreadable(f"is {what}, not a regular file")
        if not fifo:
            size = os.fstat(fd).st_size
            if size > limit:
                raise Unreadable(f"file is too large ({size:,} bytes; the limit is {limit:,})")
        if fifo and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # opened non-blocking only so that open itself could not hang
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise Unreadable(f"input is too large (more than {limit:,} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (both must exist to be the same)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) through a temporary file in the same folder.

    A full disk or a killed process leaves the old file as it was. The new file
    keeps the old one's permissions, or gets the usual ones (umask) when new. A
    path that is not a regular file (``/dev/stdout``, a FIFO) is written to directly.

    Raises:
        OSError: the folder cannot be written, the disk is full.
    """
    import tempfile  # here: most runs write no file, and tempfile imports random and shutil

    if path.exists() and not path.is_file():  # /dev/stdout, a FIFO: nothing to replace, write to it
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

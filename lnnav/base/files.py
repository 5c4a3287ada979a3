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


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
FIFO_WAIT = 2.0  # seconds a named pipe is given to find a reader before the write is an error


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as the shell's ``>`` would, but replacing a file only once
    the new content is fully on disk.

    - A new or existing regular file is written to a temporary file in its folder,
      then renamed over it: a full disk or a killed process leaves the old one as it
      was. The new file keeps the old one's mode and owner (the umask's mode when new).
    - A symbolic link is followed: its target is replaced, in the target's folder,
      and the link stays.
    - A file the user may not write is refused ("Permission denied", as ``>`` says),
      even where the folder would let it be replaced.
    - Where replacing would change what ``>`` keeps (a file with other hard links, an
      owner that cannot be given back, a folder that is not writable though the file
      is), the file is written in place.
    - A FIFO, device or ``/dev/stdout`` is written directly; a FIFO with no reader is
      an error after FIFO_WAIT seconds rather than a silent hang.

    Raises:
        OSError: the file or folder cannot be written, the disk is full, no reader came.
    """
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None  # a new file (or a link to one not yet there: the file is made where it points)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(path, text, fifo=stat.S_ISFIFO(st.st_mode))
        return
    if str(path).startswith(("/dev/", "/proc/")):  # /dev/stdout redirected to a file: the shell's file, not a copy
        _write_in_place(path, text, create=True)
        return
    real = Path(os.path.realpath(path))
    if st is not None:
        os.close(os.open(real, os.O_WRONLY | _NONBLOCK | _CLOEXEC))  # may it be written? (opened, not truncated)
        if st.st_nlink > 1:
            _write_in_place(real, text)
            return
    import tempfile  # here: most runs write no file, and tempfile imports random and shutil

    try:
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except PermissionError:
        if st is None:
            raise
        _write_in_place(real, text)  # a folder closed to new files, a file open to writes: as > does
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            made = os.stat(tmp)
            if (made.st_uid, made.st_gid) != (st.st_uid, st.st_gid) and hasattr(os, "chown"):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except PermissionError:  # another user's file, writable by this one: keep it theirs
                    os.unlink(tmp)
                    _write_in_place(real, text)
                    return
            mode = stat.S_IMODE(st.st_mode)
        else:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)  # after chown, which clears set-id bits
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_in_place(path: Path, text: str, *, create: bool = False) -> None:
    """Truncate and write ``path``, as ``>`` does (no temporary file: see write_atomic for when)."""
    flags = os.O_WRONLY | os.O_TRUNC | _CLOEXEC | (os.O_CREAT if create else 0)
    with os.fdopen(os.open(path, flags, 0o666), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def _write_special(path: Path, text: str, *, fifo: bool) -> None:
    """Write to a device, socket or FIFO directly; a FIFO waits at most FIFO_WAIT for a reader."""
    if not fifo:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return
    import time

    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:  # non-blocking: open would otherwise wait for a reader for ever
            fd = os.open(path, os.O_WRONLY | _NONBLOCK | _CLOEXEC)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if time.monotonic() >= deadline:
                raise OSError(errno.ENXIO, f"a named pipe (FIFO) that nothing reads (waited {FIFO_WAIT:g} s)",
                              str(path)) from None
            time.sleep(0.05)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)

"""One hash for the cache's keys and checksums: BLAKE2b of 32 bytes, without loading OpenSSL.

``hashlib`` loads its OpenSSL binding on import (2-3 ms, about a tenth of what a
consult of a noted guideline costs beyond its imports); its own BLAKE2b lives in
a separate small module, and hashes the bundled guideline's 300 kB in a third of
a millisecond. A guideline's published ``sha256`` (records, JSON output) is not
this: the loader computes it with hashlib, when it reads the YAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b as Hash

try:
    from _blake2 import blake2b as _blake2b  # what hashlib.blake2b is, in CPython
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b as _blake2b


def digest(data: bytes = b"") -> Hash:
    """A new hash (BLAKE2b, 32-byte digest), fed ``data``."""
    return _blake2b(data, digest_size=32)

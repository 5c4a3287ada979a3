"""Where the bundled guideline lives, installed from a wheel or run from a checkout."""

from __future__ import annotations

from pathlib import Path

BUNDLED_ID = "lupus-nephritis"


def bundled_root() -> Path:
    """The folder that holds the bundled guidelines (and the shipped schema)."""
    package = Path(__file__).resolve().parents[1]  # lnnav/, this module being lnnav/cli/paths.py
    installed = package / "_guidelines"  # a wheel maps guidelines/ here (see pyproject.toml)
    if (installed / BUNDLED_ID).is_dir():
        return installed
    return package.parent / "guidelines"


def bundled_guideline() -> Path:
    return bundled_root() / BUNDLED_ID

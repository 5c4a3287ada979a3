"""Where the guideline folder is: the one given, $LNNAV_GUIDELINE, the one you stand in, or the bundled one."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_ID = "lupus-nephritis"
GUIDELINE_ENV = "LNNAV_GUIDELINE"


def bundled_root() -> Path:
    """The folder that holds the bundled guidelines (and the shipped schema)."""
    package = Path(__file__).resolve().parents[1]  # lnnav/, this module being lnnav/cli/paths.py
    installed = package / "_guidelines"  # a wheel maps guidelines/ here (see pyproject.toml)
    if (installed / BUNDLED_ID).is_dir():
        return installed
    return package.parent / "guidelines"


def bundled_guideline() -> Path:
    return bundled_root() / BUNDLED_ID


MANIFEST = "guideline.yaml"


def standing_in(here: Path | None = None) -> Path | None:
    """The guideline folder ``here`` (default: the current folder) is in, as git finds its repository.

    The folder itself or the nearest parent that holds a guideline.yaml; the search
    stops at a repository root (a folder with .git), so that a guideline.yaml higher
    up, outside the project, is never picked up by surprise.
    """
    try:
        folder = (here or Path.cwd()).resolve()
    except OSError:  # the current folder was removed
        return None
    for candidate in (folder, *folder.parents):
        if (candidate / MANIFEST).is_file():
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def guideline_folder(option: Path | None) -> Path:
    """The guideline folder a command reads: --guideline, else $LNNAV_GUIDELINE, else the guideline
    folder the current folder is in (see ``standing_in``), else the bundled one."""
    env = os.environ.get(GUIDELINE_ENV, "")
    if option is not None:
        return option
    if env:
        return Path(env)
    return standing_in() or bundled_guideline()

"""Where the guideline folder is: the one given, $LNNAV_GUIDELINE, or the bundled one (from a wheel or a checkout)."""

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


def guideline_folder(option: Path | None) -> Path:
    """The guideline folder a command reads: --guideline, else $LNNAV_GUIDELINE, else the bundled one."""
    env = os.environ.get(GUIDELINE_ENV, "")
    return option if option is not None else Path(env) if env else bundled_guideline()

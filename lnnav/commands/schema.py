"""`lnnav schema`: the JSON Schema for guideline files, for editors and CI."""

from __future__ import annotations

import sys

from lnnav.app import app


@app.command()
def schema() -> int:
    """Print the JSON Schema (draft 2020-12) of every guideline YAML file."""
    from lnnav.schema import schema_text

    sys.stdout.write(schema_text())
    return 0

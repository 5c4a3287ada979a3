"""`lnnav schema`: the JSON Schema for guideline files, for editors and CI."""

from __future__ import annotations

from lnnav.cli.app import app, write_output


@app.command()
def schema() -> int:
    """Print the JSON Schema (draft 2020-12) of every guideline YAML file."""
    from lnnav.format.schema import schema_text

    write_output(schema_text(), None, fallback="json")  # all of it or an error, never a silent half
    return 0

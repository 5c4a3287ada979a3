"""The pure core never imports a front-end library: checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CORE = ["model", "errors", "text", "markdown", "yamlio", "fields", "loader", "checks", "conditions", "engine",
        "answers", "scenarios", "report", "paths", "lint", "schema", "graph", "explain", "record", "quiz", "replay", "yamlhints", "dates",
        "expr", "units", "nodefile", "dominance", "wording", "analysis", "regions", "variables",
        "because", "faults", "worksheet", "followon",
        "flow", "dot"]
FRONT_ENDS = ("typer", "rich", "questionary", "prompt_toolkit", "click")


def test_core_modules_import_no_front_end_library() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module('lnnav.' + name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FRONT_ENDS!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_a_scripted_json_consult_does_not_import_questionary() -> None:
    code = (
        "import sys\n"
        "from lnnav.cli import main\n"
        "rc = main(['consult', '--guideline', 'tests/data/mini', '--set', 'situation=flare', '--set', 'upcr=2',"
        " '--format', 'json'])\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith(('questionary', 'prompt_toolkit')))))\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("[]")

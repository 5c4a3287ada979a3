"""The pure core never imports a front-end library: checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

# Every layer under the front-ends (lnnav.cli), every module of them: a module added to one is checked too.
CORE_LAYERS = ["base", "model", "checks", "format", "engine", "output"]
FRONT_ENDS = ("typer", "rich", "questionary", "prompt_toolkit", "click")


def test_core_modules_import_no_front_end_library() -> None:
    code = (
        "import importlib, json, sys\n"
        "import pkgutil\n"
        f"for layer in {CORE_LAYERS!r}:\n"
        "    package = importlib.import_module('lnnav.' + layer)\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('lnnav.'))\n"
        "assert len(loaded) > 40, loaded  # the walk found the modules: the check below is about them\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FRONT_ENDS!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_a_scripted_json_consult_does_not_import_questionary() -> None:
    code = (
        "import sys\n"
        "from lnnav.cli.main import main\n"
        "rc = main(['consult', '--guideline', 'tests/data/mini', '--set', 'situation=flare', '--set', 'upcr=2',"
        " '--format', 'json'])\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith(('questionary', 'prompt_toolkit')))))\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("[]")

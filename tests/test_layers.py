"""The house in layers: imports flow one way (import-linter's contracts) and no lnnav module imports itself back.

The cycle check reads every import statement with ``ast``, the ones inside functions
and under ``if TYPE_CHECKING`` included: a local import hides a cycle from the
interpreter (it runs later), not from the design.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "lnnav"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The lnnav modules one file imports, anywhere in it: a name taken from a package counts as that package."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(p for p in (base, node.module or "") if p)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:  # from lnnav.model import expr: the module expr
                    out.add(sub)
                elif target in modules:
                    out.add(target)
    out.discard(name)
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the lnnav modules it imports, for the package lnnav/ under ``root``."""
    paths = {module_name(p, root): p for p in (root / "lnnav").rglob("*.py")}
    modules = set(paths)
    return {name: imported(path, root, modules) for name, path in paths.items()}


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """One cycle of the graph as the modules along it (the first again at the end), or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        todo = [iter(sorted(graph[start]))]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(sorted(graph.get(nxt, ()))))
    return []


def test_no_lnnav_module_imports_itself_back_through_others() -> None:
    graph = import_graph(ROOT)
    assert len(graph) > 60 and "lnnav.cli.app" in graph["lnnav.cli.main"]  # the reader saw the package and its imports
    assert find_cycle(graph) == []


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"__init__.py": "", **files}.items():
        path = root / "lnnav" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    # the shape the model had before the layers: a record module that imports, inside a
    # method, the module that imports it
    root = _package(tmp_path, {
        "records.py": "def targets() -> str:\n    from lnnav.words import say\n\n    return say()\n",
        "words.py": "from lnnav.records import targets\n",
    })
    assert find_cycle(import_graph(root)) == ["lnnav.records", "lnnav.words", "lnnav.records"]


def test_a_cycle_through_a_relative_import_and_a_module_taken_from_its_package_is_found(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "model/__init__.py": "",
        "model/expr.py": "from ..cli import app\n",
        "cli/__init__.py": "",
        "cli/app.py": "from lnnav.model import expr\n",
    })
    assert find_cycle(import_graph(root)) == ["lnnav.cli.app", "lnnav.model.expr", "lnnav.cli.app"]


def test_a_graph_without_a_loop_has_no_cycle() -> None:
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_every_layer_is_in_the_contract_and_lnnav_holds_nothing_else() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    assert len(layers) >= 5
    packages = sorted(f"lnnav.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert sorted(layers) == packages
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


def test_lint_imports_keeps_every_contract() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower().replace("0 broken", "")

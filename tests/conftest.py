"""Shared fixtures: paths, an in-process CLI runner, goldens, and a pty runner."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lnnav.cli.main import main
from lnnav.format.loader import load_or_raise
from lnnav.model.guideline import Guideline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MINI = DATA / "mini"
INVALID = DATA / "invalid"
GOLDEN = ROOT / "tests" / "golden"
BUNDLED = ROOT / "guidelines" / "lupus-nephritis"


_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Consults note checked guidelines in a cache (lnnav.stamp): the suite's, never the user's."""
    import tempfile

    _CACHE.append(tempfile.mkdtemp(prefix="lnnav-test-cache-"))
    os.environ["LNNAV_CACHE_DIR"] = _CACHE[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    for folder in _CACHE:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/* from current output")


@pytest.fixture(scope="session")
def mini() -> Guideline:
    """The small test guideline, loaded once (modules may override with their own `mini`)."""
    return load_or_raise(MINI)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the mini fixture that the test may edit."""
    import shutil

    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    return copy


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own cache folder (not there yet), where the checks' note and the kept model go."""
    from lnnav.format.stamp import CACHE_ENV

    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def pipe() -> Iterator[object]:
    """A prompt_toolkit pipe input for driving questionary prompts in-process."""
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as inp:
        yield inp


def edited_copy(tmp_path: Path, base: Path, file: str, old: str, new: str, *, every: bool = False,
                name: str = "") -> Path:
    """A copy of the guideline folder ``base`` with ``old``, which must be there, replaced by ``new`` in ``file``.

    The first occurrence only, or ``every`` one. The copy is ``tmp_path / name`` (``base``'s
    own name by default), or that name with a number when a test makes several.
    """
    import shutil

    copy = tmp_path / (name or base.name)
    n = 2
    while copy.exists():
        copy = tmp_path / f"{name or base.name}-{n}"
        n += 1
    shutil.copytree(base, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, -1 if every else 1), encoding="utf-8")
    return copy


def edited_mini(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the mini guideline with ``old`` replaced by ``new`` in its nodes and the version bumped."""
    import shutil

    folder = tmp_path / "mini-edited"
    shutil.copytree(MINI, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    manifest = folder / "guideline.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "1.1.0"'),
                        encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str  # stderr without the "lnnav: guideline: DIR" line (that is in ``guideline``)
    guideline: str = ""  # the folder the command said it read, "" when it read none


GUIDELINE_LINE = "lnnav: guideline: "


def split_guideline_line(err: str) -> tuple[str, str]:
    """stderr as (the rest, the folder named on its first line); every guideline-reading command names it."""
    first, _newline, rest = err.partition("\n")
    if first.startswith(GUIDELINE_LINE):
        return rest, first[len(GUIDELINE_LINE):]
    return err, ""


CliRunner = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run lnnav in-process, from the repository root, with no colour and a fixed width."""
    monkeypatch.delenv("LNNAV_GUIDELINE", raising=False)  # a maintainer's own default must not change what tests read

    def run(*argv: str) -> Run:
        monkeypatch.chdir(ROOT)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "100")
        code = main(list(argv))
        captured = capsys.readouterr()
        err, folder = split_guideline_line(captured.err)
        return Run(code, captured.out, err, folder)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; --update-goldens rewrites it on purpose."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden {name} is missing: run pytest --update-goldens to create it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert actual == path.read_text(encoding="utf-8"), f"output differs from tests/golden/{name}"

    return check


def lnnav_script() -> Path:
    """The installed console script, next to the interpreter running the tests."""
    return Path(sys.executable).parent / "lnnav"


@pytest.fixture
def pty_lnnav() -> Iterator[Callable[..., object]]:
    """Spawn the installed `lnnav` in a pseudo-terminal (pexpect)."""
    pexpect = pytest.importorskip("pexpect")
    script = lnnav_script()
    if not script.exists():
        pytest.skip(f"the lnnav script is not installed next to {sys.executable}")
    children: list[object] = []

    def spawn(*args: str, env: dict[str, str] | None = None, rows: int = 40, cols: int = 120) -> object:
        full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")}
        full_env.update({"TERM": "xterm", "PYTHONUNBUFFERED": "1"})
        full_env.update(env or {})
        child = pexpect.spawn(str(script), list(args), cwd=str(ROOT), env=full_env, encoding="utf-8",
                              timeout=20, dimensions=(rows, cols))
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.close(force=True)  # type: ignore[attr-defined]

"""The bundled guideline is found when lnnav is installed from a wheel, not from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel of the checkout and install it (without dependencies) into a folder."""
    import shutil

    work = tmp_path_factory.mktemp("wheel")
    dist, site, src = work / "dist", work / "site", work / "src"
    # build from a clean copy: setuptools reuses ./build, where files deleted from the
    # checkout (an old scenario) would otherwise come back inside the wheel
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info",
                                                             "__pycache__", ".*_cache", ".hypothesis"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    build = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
                           capture_output=True, text=True, timeout=300)
    if build.returncode != 0:  # an older setuptools in the venv: build in isolation instead
        build = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(src)],
                               capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    wheels = list(dist.glob("lnnav-*.whl"))
    assert len(wheels) == 1
    install = subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheels[0])],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    return site


def run_installed(site: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # run far from the checkout, so nothing can be found through it
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "lnnav", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_installed_package_is_the_wheel_not_the_checkout(wheel_site: Path, tmp_path: Path) -> None:
    done = run_installed(wheel_site, tmp_path, "--version")
    assert done.returncode == 0
    code = "import lnnav, lnnav.cli.paths as p; print(lnnav.__file__); print(p.bundled_guideline())"
    shown = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(wheel_site)},
                           capture_output=True, text=True, timeout=60)
    module_file, guideline = shown.stdout.splitlines()
    assert module_file.startswith(str(wheel_site))
    assert guideline == str(wheel_site / "lnnav" / "_guidelines" / "lupus-nephritis")


def test_the_wheel_carries_a_valid_bundled_guideline(wheel_site: Path, tmp_path: Path) -> None:
    done = run_installed(wheel_site, tmp_path, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: lupus-nephritis" in done.stdout


def test_a_scripted_consult_runs_from_the_wheel(wheel_site: Path, tmp_path: Path) -> None:
    scenarios = sorted((wheel_site / "lnnav" / "_guidelines" / "lupus-nephritis" / "scenarios").glob("*.yaml"))
    assert scenarios, "the wheel carries the bundled scenarios"
    done = run_installed(wheel_site, tmp_path, "consult", "--answers", str(scenarios[0]), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["guideline"]["id"] == "lupus-nephritis"

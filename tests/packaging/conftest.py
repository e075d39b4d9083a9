"""Fixtures for the packaging tests: the sdist and wheel as users get them, installed for real.

``dist`` runs ``python -m build`` once per test run (the wheel is built from the sdist, so a
file missing from the sdist is missing from the wheel too); ``installed`` is a fresh venv with
only that wheel (not editable) and pytest, outside the repository, so nothing is imported from
the source tree. pytest-xdist workers share both under a lock instead of building twice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from packaging_support import (  # noqa: E402
    BUILD_LIMIT_S,
    INSTALL_LIMIT_S,
    REPO,
    SAMPLE_PYPROJECT,
    SAMPLE_TEST,
    Dist,
    Venv,
    locked,
    run_or_fail,
    shared_dir,
)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """The sdist and wheel `python -m build` makes from the repository."""
    out = shared_dir(tmp_path_factory) / "dist"
    with locked(shared_dir(tmp_path_factory) / "dist.lock"):
        if not list(out.glob("*.whl")):
            command = [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)]
            run_or_fail(command, cwd=REPO, timeout=BUILD_LIMIT_S)
    (sdist,) = out.glob("errlsp-*.tar.gz")
    (wheel,) = out.glob("errlsp-*-py3-none-any.whl")
    return Dist(sdist, wheel)


@pytest.fixture(scope="session")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A fresh venv with the built wheel and pytest, nothing else of the repository."""
    venv = Venv(shared_dir(tmp_path_factory) / "wheel-venv")
    with locked(shared_dir(tmp_path_factory) / "venv.lock"):
        if not (venv.bin / "errlsp").exists():
            run_or_fail([sys.executable, "-m", "venv", str(venv.root)], cwd=REPO, timeout=120)
            pip = [str(venv.python), "-m", "pip", "install", "--quiet"]
            run_or_fail([*pip, str(dist.wheel), "pytest>=8.0"], cwd=REPO, timeout=INSTALL_LIMIT_S)
    return venv


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A user's project (its own pyproject.toml) with a misspelled code in its tests."""
    project = tmp_path / "billing-client"
    (project / "tests").mkdir(parents=True)
    (project / "pyproject.toml").write_text(SAMPLE_PYPROJECT)
    (project / "tests" / "test_numbers.py").write_text(SAMPLE_TEST)
    return project

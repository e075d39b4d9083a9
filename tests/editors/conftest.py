"""Fixtures shared by the end-to-end tests that drive real editors against `errlsp serve`.

The editor tests need the real language server; when `python -m errlsp serve` cannot start
(the server package is missing or broken) they skip with the reason, instead of failing in an
editor with a less readable message.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
EXAMPLE_WORKSPACE = REPO / "examples" / "editor-workspace"
SERVER_COMMAND = (sys.executable, "-m", "errlsp", "serve")


def missing_tool(message: str) -> None:
    """Fail in CI (which installs every editor), skip with the install hint elsewhere.

    A developer who has not run ``bash editors/vscode/e2e/setup.sh`` still gets a green
    ``pytest`` with the reason shown; CI (``CI`` set) can never pass by skipping.
    """
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def require() -> Callable[[str], None]:
    """``require(message)``: what a test calls when an editor it drives is not installed."""
    return missing_tool


@functools.lru_cache(maxsize=1)
def server_unavailable_reason() -> str | None:
    """Why `python -m errlsp serve` cannot run here, or None when it can."""
    probes = (
        [sys.executable, "-m", "errlsp", "serve", "--help"],
        [sys.executable, "-c", "from errlsp.server import create_server"],
    )
    for probe in probes:
        try:
            done = subprocess.run(
                probe, capture_output=True, text=True, timeout=60, cwd=REPO, check=False
            )
        except subprocess.TimeoutExpired:
            return f"`{' '.join(probe[1:])}` did not finish within 60 s"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            return f"`python {' '.join(probe[1:])}` failed: {last}"
    return None


@pytest.fixture(scope="session")
def errlsp_server() -> tuple[str, ...]:
    """The command that starts the real server; skips the test when it cannot start."""
    reason = server_unavailable_reason()
    if reason is not None:
        missing_tool(f"errlsp language server not available: {reason}")
    return SERVER_COMMAND


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of examples/editor-workspace that a test may edit."""
    target = tmp_path / "workspace"
    shutil.copytree(EXAMPLE_WORKSPACE, target)
    return target


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where a test leaves screenshots and logs: $ERRLSP_E2E_ARTIFACTS/<test> or a tmp dir."""
    root = os.environ.get("ERRLSP_E2E_ARTIFACTS")
    base = Path(root) if root else tmp_path / "artifacts"
    target = base / request.node.name
    target.mkdir(parents=True, exist_ok=True)
    return target

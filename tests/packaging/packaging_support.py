"""Helpers for the packaging tests (kept out of conftest.py so test modules can import them).

``Venv`` runs a fresh virtualenv's commands with nothing of the calling environment; the
sample project is a user's own project with one planted mistake.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parents[2]
BUILD_LIMIT_S = 300
INSTALL_LIMIT_S = 420

# A project of a user's own: one fixable mistake (a misspelled code) and one correct code.
SAMPLE_PYPROJECT = """\
[project]
name = "billing-client"
version = "1.0"

[tool.errlsp]
catalogs = ["fonedynamics"]
"""
SAMPLE_TEST = """\
from pytest_errcodes import assert_api_error


def test_name_is_required(client):
    resp = client.post("/numbers", json={})
    assert_api_error(resp, "PARAMETER_REQUIRD", field="Name")


def test_unknown_number(client):
    resp = client.get("/numbers/0")
    assert_api_error(resp, "NUMBER_NOT_FOUND")
"""


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Venv:
    root: Path

    @property
    def bin(self) -> Path:
        return self.root / ("Scripts" if sys.platform == "win32" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / "python"

    def run(
        self, *args: str | Path, cwd: Path, check: bool = False, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Runs a command of this venv (``errlsp``, ``python``, ``pytest``) with only its PATH."""
        command = [str(self.bin / str(args[0])), *map(str, args[1:])]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["PATH"] = os.pathsep.join([str(self.bin), "/usr/bin", "/bin"])
        return subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            stdin=subprocess.DEVNULL,
        )


def shared_dir(factory: pytest.TempPathFactory) -> Path:
    """A folder all xdist workers of this run share (each worker has its own basetemp)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def run_or_fail(command: list[str], *, cwd: Path, timeout: float) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


@dataclass(frozen=True)
class Published:
    """What a server said about one document: its name and version, and the diagnostics."""

    server: tuple[str, str]
    codes: list[str]
    messages: list[str]


async def lsp_diagnostics(command: list[str], document: Path, timeout: float = 60) -> Published:
    """Starts `command` as an editor does (stdio), opens `document`, waits for its diagnostics."""
    client = LanguageClient("errlsp-packaging-tests", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    root = document.parent.parent
    await client.start_io(command[0], *command[1:], cwd=str(root))
    try:
        initialize = types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=root.as_uri()
        )
        result = await asyncio.wait_for(client.initialize_async(initialize), timeout)
        info = result.server_info
        client.initialized(types.InitializedParams())
        item = types.TextDocumentItem(document.as_uri(), "python", 1, document.read_text())
        client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        while (params := await asyncio.wait_for(published.get(), timeout)).uri != item.uri:
            pass
        await asyncio.wait_for(client.shutdown_async(None), timeout)
        client.exit(None)
    finally:
        await client.stop()
    return Published(
        server=(info.name, info.version or "") if info else ("", ""),
        codes=[str(d.code) for d in params.diagnostics],
        messages=[d.message for d in params.diagnostics],
    )

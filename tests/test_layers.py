"""The core layers import no adapter library (DESIGN.md): checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CORE = ["errlsp.catalog", "errlsp.config", "errlsp.analysis", "errlsp.envelopes"]
ADAPTERS = ["pygls", "lsprotocol", "pytest", "rich", "_pytest"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_adapter(module: str) -> None:
    script = (
        f"import json, sys; import {module}; "
        f"print(json.dumps([m for m in {ADAPTERS!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_analysis_does_not_import_libcst_until_needed() -> None:
    script = (
        "import sys; from errlsp.analysis import references; from errlsp.config import Settings; "
        "references('x = 1\\n', Settings()); print('libcst' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

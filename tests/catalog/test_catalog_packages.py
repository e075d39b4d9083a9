"""Catalogs as packages: a real distribution with an ``errlsp.catalogs`` entry point, built as a
wheel and installed into a fresh virtual environment, is listed, named in config and used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CATALOG = """\
[catalog]
name = "acme"
title = "Acme Rockets API"
case = "upper"
statuses = [400, 404]

[[codes]]
code = "ROCKET_NOT_FOUND"
status = 404
message = "No rocket has this id."

[[codes]]
code = 20404
status = 404
message = "Launch pad not found."
"""

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-errors"
version = "1.2.0"

[project.entry-points."errlsp.catalogs"]
acme = "acme_errors.catalogs"
acme-extra = "acme_errors.catalogs:extra.json"

[tool.setuptools]
packages = ["acme_errors", "acme_errors.catalogs"]

[tool.setuptools.package-data]
"acme_errors.catalogs" = ["*.toml", "*.json"]
"""

EXTRA = {
    "catalog": {"name": "acme-extra", "title": "Acme extras"},
    "codes": [{"code": "FUEL_LOW", "status": 400}],
}


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the acme-errors wheel installed, and errlsp importable from it."""
    root = tmp_path_factory.mktemp("acme")
    project = root / "acme-errors"
    package = project / "acme_errors"
    (package / "catalogs").mkdir(parents=True)
    (package / "__init__.py").write_text("raise RuntimeError('catalogs are never imported')\n")
    (package / "catalogs" / "__init__.py").write_text("")
    (package / "catalogs" / "acme.toml").write_text(CATALOG)
    (package / "catalogs" / "extra.json").write_text(json.dumps(EXTRA))
    (project / "pyproject.toml").write_text(PYPROJECT)
    wheels = root / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "-o",
            str(wheels),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("acme_errors-1.2.0-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # errlsp and its dependencies come from the test environment, the catalog from the wheel
    ours = sysconfig.get_paths()["purelib"]
    (Path(site) / "errlsp-under-test.pth").write_text(f"{ours}\n{Path(__file__).parents[2]}\n")
    return python


def _errlsp(python: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # a wide table: one row per catalog
    return subprocess.run(
        [str(python), "-m", "errlsp", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
    )


def test_installed_catalogs_are_listed_with_their_package(venv_python):
    result = _errlsp(venv_python, "catalog", "list", "--available", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert {"fonedynamics", "voipnow", "acme", "acme-extra"} <= set(listed)
    assert listed["acme"]["package"] == "acme-errors 1.2.0"
    assert listed["acme"]["codes"] == 2
    assert listed["acme-extra"]["codes"] == 1
    assert listed["voipnow"]["package"] is None
    assert listed["acme"]["path"].endswith("acme_errors/catalogs/acme.toml")
    text = _errlsp(venv_python, "catalog", "list", "--available")
    assert text.stdout.startswith("Available catalogs")
    assert "package acme-errors 1.2.0" in text.stdout


def test_config_names_a_packaged_catalog_like_a_builtin(venv_python, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["acme"]\n')
    result = _errlsp(venv_python, "catalog", "show", "20404", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (shown,) = json.loads(result.stdout)
    assert shown["code"] == "20404"
    assert shown["catalog"] == "acme"
    assert shown["integer"] is True and shown["catalog_complete"] is True
    test_file = tmp_path / "test_rockets.py"
    test_file.write_text(
        textwrap.dedent(
            """\
            from pytest_errcodes import assert_api_error

            def test_missing(resp):
                assert_api_error(resp, "ROCKET_NOT_FUOND")
            """
        )
    )
    check = _errlsp(venv_python, "check", str(test_file), cwd=tmp_path)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "ROCKET_NOT_FUOND" in check.stdout
    assert "ROCKET_NOT_FOUND" in check.stdout  # the did-you-mean comes from the packaged catalog

"""The sdist and wheel: every package-data file, clean metadata, one version, `twine check`."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tarfile
import zipfile

from packaging.requirements import Requirement
from packaging_support import REPO, Dist

import errlsp

# Files the package reads at run time besides its modules (git ls-files errlsp pytest_errcodes).
PACKAGE_DATA = {
    "errlsp/catalog/schema.json",
    "errlsp/py.typed",
    "pytest_errcodes/py.typed",
}
# What `pip install errlsp` may pull in: the server, the parser, fuzzy matching, terminal output,
# gitignore-style globs, and TOML on 3.10. Test and dev tools live in the extras.
RUNTIME = {"pygls", "lsprotocol", "libcst", "rapidfuzz", "rich", "pathspec", "tomli"}


def git_files(*patterns: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", *patterns], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(listed.stdout.split())


def shipped_data() -> set[str]:
    return {name for name in git_files("errlsp", "pytest_errcodes") if not name.endswith(".py")}


def wheel_metadata(dist: Dist) -> email.message.Message:
    with zipfile.ZipFile(dist.wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode())


def test_wheel_has_every_module_and_data_file(dist: Dist) -> None:
    expected = shipped_data()
    assert expected >= PACKAGE_DATA | {"errlsp/catalogs/fonedynamics.toml"}
    with zipfile.ZipFile(dist.wheel) as archive:
        names = set(archive.namelist())
    assert expected <= names, sorted(expected - names)
    modules = git_files("errlsp/*.py", "pytest_errcodes/*.py")
    assert modules <= names, sorted(modules - names)
    assert not any(name.startswith(("tests/", "editors/", "benchmarks/")) for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_sdist_has_the_sources_the_wheel_is_built_from(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert shipped_data() <= names, sorted(shipped_data() - names)
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE"} <= names
    strays = [n for n in names if n.startswith(("editors/", "examples/", ".venv/", "benchmarks/"))]
    assert not strays, strays[:10]


def test_one_version_everywhere(dist: Dist) -> None:
    metadata = wheel_metadata(dist)
    assert metadata["Version"] == errlsp.__version__
    assert dist.wheel.name == f"errlsp-{errlsp.__version__}-py3-none-any.whl"
    assert dist.sdist.name == f"errlsp-{errlsp.__version__}.tar.gz"
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


def test_runtime_dependencies_stay_minimal(dist: Dist) -> None:
    metadata = wheel_metadata(dist)
    required = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]
    runtime = {r.name for r in required if r.marker is None or "extra" not in str(r.marker)}
    assert runtime == RUNTIME
    for requirement in required:
        if requirement.name in RUNTIME:
            assert requirement.specifier, f"{requirement} has no lower bound"
    assert metadata["Requires-Python"] == ">=3.10"


def test_twine_check_passes(dist: Dist) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dist.sdist), str(dist.wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout

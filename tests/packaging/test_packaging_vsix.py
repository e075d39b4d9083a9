"""The platform-specific .vsix files: each bundles errlsp and the right native libraries.

CI builds all five targets with editors/vscode/scripts/bundle_server.py and points
$ERRLSP_VSIX_DIR at them; without it this test builds them (a few minutes, marked slow). For
every target and CPython 3.10-3.13 the native modules of libcst and rapidfuzz must be present
and built for that platform and CPU (read from their ELF, Mach-O or PE headers), nothing a
user does not run may ship (tests, sources maps, node_modules), and the linux-x64 bundle must
serve LSP with every CPython of this machine from 3.10 to 3.13.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging_support import REPO, SAMPLE_TEST, locked, lsp_diagnostics, shared_dir

import errlsp

VSCODE = REPO / "editors" / "vscode"
TARGETS = ("linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64")
PYTHONS = ("310", "311", "312", "313")
BUILD_LIMIT_S = 900
SIZE_LIMIT_MB = 40
# (file name pattern for a CPython version, binary format, CPU) per target
NATIVE = {
    "linux-x64": (r"\.cpython-{v}-x86_64-linux-gnu\.so$", "elf", 62),
    "linux-arm64": (r"\.cpython-{v}-aarch64-linux-gnu\.so$", "elf", 183),
    "darwin-x64": (r"\.cpython-{v}-darwin\.so$", "macho", 0x01000007),
    "darwin-arm64": (r"\.cpython-{v}-darwin\.so$", "macho", 0x0100000C),
    "win32-x64": (r"\.cp{v}-win_amd64\.pyd$", "pe", 0x8664),
}
NEVER_SHIPPED = re.compile(r"(^|/)(tests?|node_modules|src|e2e|out)/|\.map$|\.ts$|\.pyc$")


def cpus(data: bytes, kind: str) -> set[int]:
    """The CPU types a native module's header says it was built for."""
    if kind == "elf":
        assert data[:4] == b"\x7fELF"
        return {struct.unpack_from("<H", data, 18)[0]}
    if kind == "pe":
        assert data[:2] == b"MZ"
        (offset,) = struct.unpack_from("<I", data, 0x3C)
        assert data[offset : offset + 4] == b"PE\0\0"
        return {struct.unpack_from("<H", data, offset + 4)[0]}
    if data[:4] == b"\xca\xfe\xba\xbe":  # a universal (fat) Mach-O: one slice per CPU
        (count,) = struct.unpack_from(">I", data, 4)
        return {struct.unpack_from(">I", data, 8 + 20 * i)[0] for i in range(count)}
    assert data[:4] == b"\xcf\xfa\xed\xfe", "not a 64-bit Mach-O file"
    return {struct.unpack_from("<I", data, 4)[0]}


@pytest.fixture(scope="module")
def vsix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("ERRLSP_VSIX_DIR")
    if given:
        return Path(given)
    if not (VSCODE / "node_modules" / ".bin" / "vsce").exists():
        pytest.skip("run `npm ci` in editors/vscode first (CI sets ERRLSP_VSIX_DIR)")
    out = shared_dir(tmp_path_factory) / "vsix-all"
    script = VSCODE / "scripts" / "bundle_server.py"
    command = [sys.executable, str(script), "--target", "all", "--package", str(out)]
    # The same lock as the code-server test's, which bundles linux-x64 into the same folder.
    with locked(shared_dir(tmp_path_factory) / "editors-vscode-bundled.lock"):
        if not (out / "errlsp-win32-x64.vsix").exists():
            done = subprocess.run(
                command, cwd=VSCODE, capture_output=True, text=True, timeout=BUILD_LIMIT_S
            )
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("target", TARGETS)
def test_vsix_bundles_errlsp_for_its_platform(vsix_dir: Path, target: str) -> None:
    vsix = vsix_dir / f"errlsp-{target}.vsix"
    size_mb = vsix.stat().st_size / 1e6
    print(f"{vsix.name}: {size_mb:.1f} MB")
    assert size_mb < SIZE_LIMIT_MB
    with zipfile.ZipFile(vsix) as archive:
        names = archive.namelist()
        manifest = archive.read("extension.vsixmanifest").decode()
        assert f'TargetPlatform="{target}"' in manifest
        assert 'Id="errlsp"' in manifest
        files = [n.removeprefix("extension/") for n in names if n.startswith("extension/")]
        stray = [n for n in files if NEVER_SHIPPED.search(n)]
        assert not stray, stray[:10]
        common = "bundled/libs/common/"
        for needed in (
            "dist/extension.js",
            "schemas/catalog.schema.json",
            "images/icon.png",
            "bundled/tool/launch.py",
            f"{common}errlsp/__init__.py",
            f"{common}errlsp/catalogs/fonedynamics.toml",
            f"{common}errlsp/catalog/schema.json",
            f"{common}pygls/__init__.py",
            f"{common}lsprotocol/types.py",
        ):
            assert needed in files, needed
        version = archive.read(f"extension/{common}errlsp/__init__.py").decode()
        assert f'__version__ = "{errlsp.__version__}"' in version

        pattern, kind, cpu = NATIVE[target]
        for python in PYTHONS:
            folder = f"bundled/libs/cp{python}/"
            mine = [n for n in files if n.startswith(folder)]
            for package in ("libcst", "rapidfuzz"):
                native = [
                    n
                    for n in mine
                    if n.startswith(f"{folder}{package}/")
                    and re.search(pattern.format(v=python), n)
                ]
                assert native, f"{target} cp{python}: no native module of {package}"
                for name in native:
                    built_for = cpus(archive.read(f"extension/{name}"), kind)
                    assert cpu in built_for, (name, built_for)
            foreign = [n for n in mine if re.search(r"\.(so|pyd)$", n)]
            assert all(re.search(pattern.format(v=python), n) for n in foreign), foreign[:5]


def interpreters() -> dict[str, Path]:
    """The CPython 3.10-3.13 interpreters on this machine (pyenv's or on PATH), by version."""
    found: dict[str, Path] = {}
    roots = [Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"]
    for root in roots:
        for candidate in sorted(root.glob("3.1[0-3].*/bin/python3")):
            found.setdefault(candidate.parent.parent.name.rsplit(".", 1)[0], candidate)
    found.setdefault(f"{sys.version_info[0]}.{sys.version_info[1]}", Path(sys.executable))
    return found


@pytest.mark.parametrize("python", ["3.10", "3.11", "3.12", "3.13"])
async def test_linux_bundle_serves_with_each_cpython(
    vsix_dir: Path, python: str, tmp_path: Path
) -> None:
    interpreter = interpreters().get(python)
    if interpreter is None:
        pytest.skip(f"no CPython {python} on this machine")
    with zipfile.ZipFile(vsix_dir / "errlsp-linux-x64.vsix") as archive:
        archive.extractall(tmp_path / "vsix")
    launcher = tmp_path / "vsix" / "extension" / "bundled" / "tool" / "launch.py"
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["fonedynamics"]\n')
    document = project / "tests" / "test_numbers.py"
    document.write_text(SAMPLE_TEST)
    # `-I`: no PYTHONPATH, no user site-packages: what errlsp needs comes from the bundle.
    found = await lsp_diagnostics([str(interpreter), "-I", str(launcher), "--stdio"], document)
    assert found.server == ("errlsp", errlsp.__version__)
    assert found.codes == ["unknown-code"]

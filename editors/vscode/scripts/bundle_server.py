"""Bundles errlsp and its runtime libraries into editors/vscode/bundled/ for one VS Code target.

The extension runs the bundled server with the user's own interpreter (the one the Python
extension selects, else ``python3`` on PATH), the way Microsoft's Python tool extensions do, so
the libraries must match that interpreter: pure-Python wheels go to ``bundled/libs/common``, and
wheels that differ per Python version (libcst and rapidfuzz are native) go to
``bundled/libs/cp310`` ... ``cp313``. ``bundled/tool/launch.py`` picks the folder at run time.

Wheels come from the package index with ``pip download --platform ... --python-version ...
--only-binary=:all:``. pip evaluates environment markers against the interpreter running it, not
the target, so after each download the dependency closure is walked again from the wheels'
metadata with the target's markers: a missing requirement (``tomli`` for 3.10) is downloaded, and
a wheel no target requirement reaches is dropped.

Usage: python scripts/bundle_server.py --target linux-x64 [--target ...|--target all]
                                       [--wheel dist/errlsp-X-py3-none-any.whl] [--package DIR]
Without --wheel the errlsp wheel is built from the repository (``pip wheel --no-deps``).
With --package, each target is packaged right after it is bundled (``vsce package --target``)
into DIR/errlsp-<target>.vsix, the sizes are printed, and bundled/libs is removed at the end.
"""

from __future__ import annotations

import argparse
import email.parser
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

HERE = Path(__file__).resolve().parent
EXTENSION = HERE.parent
REPO = EXTENSION.parent.parent
BUNDLED = EXTENSION / "bundled"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# The README's screenshots stay out of the .vsix; the marketplace shows them from the repository.
REPOSITORY = "https://github.com/errlsp/errlsp"
BASE_URLS = (
    f"--baseImagesUrl={REPOSITORY}/raw/HEAD/editors/vscode",
    f"--baseContentUrl={REPOSITORY}/blob/HEAD/editors/vscode",
)


@dataclass(frozen=True)
class Target:
    """A `vsce --target` name and what pip and the markers need to know about it."""

    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    platform_machine: str
    os_name: str = "posix"


TARGETS = {
    "linux-x64": Target(
        ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
        "linux",
        "Linux",
        "x86_64",
    ),
    "linux-arm64": Target(
        ("manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"),
        "linux",
        "Linux",
        "aarch64",
    ),
    "darwin-x64": Target(("macosx_11_0_x86_64",), "darwin", "Darwin", "x86_64"),
    "darwin-arm64": Target(("macosx_11_0_arm64",), "darwin", "Darwin", "arm64"),
    "win32-x64": Target(("win_amd64",), "win32", "Windows", "AMD64", "nt"),
}
# Never needed at run time: test suites, type stubs for checkers, C++ sources of native modules.
PRUNE_DIRS = {"tests", "test", "__pycache__"}
PRUNE_SUFFIXES = (".pyi", ".pyx", ".pxd", ".cpp", ".hpp", ".h", ".c")
# PyYAML's optional LibYAML binding (2.7 MB per Python version): libcst, which requires PyYAML,
# reads YAML only in its codemod command line, and `yaml` works without it (pure Python).
PRUNE_NATIVE = ("yaml/_yaml.", "_yaml/")


def marker_environment(target: Target, python: str) -> dict[str, str]:
    env: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
    env.update(
        python_version=python,
        python_full_version=f"{python}.0",
        implementation_name="cpython",
        platform_python_implementation="CPython",
        sys_platform=target.sys_platform,
        platform_system=target.platform_system,
        platform_machine=target.platform_machine,
        os_name=target.os_name,
    )
    return env


def requirements_of(wheel: Path, env: dict[str, str]) -> list[Requirement]:
    """The wheel's Requires-Dist that apply in `env` (no extras requested)."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.parser.Parser().parsestr(archive.read(metadata).decode("utf-8"))
    out = []
    for line in message.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({**env, "extra": ""}):
            out.append(requirement)
    return out


def without_marker(requirement: Requirement) -> str:
    """The requirement for pip, its marker decided for the target (pip would use its own)."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def pip_download(requirements: list[Requirement], dest: Path, target: Target, python: str) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += ["--dest", str(dest), "--only-binary=:all:", "--implementation", "cp"]
    command += ["--python-version", python]
    for platform in target.platforms:
        command += ["--platform", platform]
    subprocess.run([*command, *map(without_marker, requirements)], check=True)


def resolve(errlsp_wheel: Path, target: Target, python: str, dest: Path) -> list[Path]:
    """The wheels errlsp needs on `target` with CPython `python`, downloaded into `dest`."""
    env = marker_environment(target, python)
    roots = requirements_of(errlsp_wheel, env)
    pip_download(roots, dest, target, python)
    for _ in range(5):
        wheels: dict[str, Path] = {}
        for each in sorted(dest.glob("*.whl"), key=lambda w: parse_wheel_filename(w.name)[1]):
            wheels[canonicalize_name(parse_wheel_filename(each.name)[0])] = each  # newest wins
        needed: dict[str, Path] = {}
        missing: list[Requirement] = []
        queue = list(roots)
        while queue:
            requirement = queue.pop()
            name = canonicalize_name(requirement.name)
            if name in needed:
                continue
            wheel = wheels.get(name)
            if wheel is None:
                missing.append(requirement)
                continue
            version = parse_wheel_filename(wheel.name)[1]
            if not requirement.specifier.contains(version, prereleases=True):
                raise SystemExit(f"{wheel.name} does not satisfy {requirement} for {python}")
            needed[name] = wheel
            queue.extend(requirements_of(wheel, env))
        if not missing:
            return sorted(needed.values())
        pip_download(missing, dest, target, python)
    raise SystemExit(f"could not complete the dependencies for {python}: {missing}")


def unpack(wheel: Path, into: Path) -> None:
    """Installs a wheel by unzipping it (its .data/purelib|platlib merged in, scripts left out)."""
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            parts = Path(member.filename).parts
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                parts = parts[2:]
            if member.is_dir() or any(p in PRUNE_DIRS for p in parts[:-1]):
                continue
            if parts[-1].endswith(PRUNE_SUFFIXES) or parts[-1] in ("RECORD", "INSTALLER"):
                continue
            if "/".join(parts).startswith(PRUNE_NATIVE):
                continue
            target = into.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))


def build_errlsp_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
    )
    return next(out.glob("errlsp-*.whl"))


def download_all(targets: list[str], wheel: Path, cache: Path) -> dict[str, dict[str, list[Path]]]:
    """The wheels of every target and Python version, fetched a few at a time (network-bound)."""
    jobs = [(target, python) for target in targets for python in PYTHONS]
    for target, python in jobs:
        (cache / target / python).mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            job: pool.submit(resolve, wheel, TARGETS[job[0]], job[1], cache / job[0] / job[1])
            for job in jobs
        }
    wheels: dict[str, dict[str, list[Path]]] = {target: {} for target in targets}
    for (target, python), future in futures.items():
        wheels[target][python] = future.result()
    return wheels


def bundle(target_name: str, wheel: Path, per_python: dict[str, list[Path]]) -> None:
    """Fills bundled/libs for one target from its downloaded wheels (see `download_all`)."""
    # A pure wheel every Python version uses is unpacked once, into common/.
    everywhere = set.intersection(*({w.name for w in ws} for ws in per_python.values()))
    common = {n for n in everywhere if n.endswith("-none-any.whl")}
    shutil.rmtree(BUNDLED / "libs", ignore_errors=True)
    libs = BUNDLED / "libs"
    unpack(wheel, libs / "common")
    first = {w.name: w for w in per_python[PYTHONS[0]]}
    for name in sorted(common):
        unpack(first[name], libs / "common")
    for python, wheels in per_python.items():
        folder = libs / f"cp{python.replace('.', '')}"
        folder.mkdir(parents=True, exist_ok=True)
        for each in wheels:
            if each.name not in common:
                unpack(each, folder)
    (BUNDLED / "target.txt").write_text(target_name + "\n")
    print(f"bundled errlsp for {target_name}: {', '.join(sorted(common))} in common;")
    for python, wheels in per_python.items():
        print(f"  {python}: {', '.join(w.name for w in wheels if w.name not in common)}")


def package(target_name: str, out: Path) -> Path:
    """`vsce package --target` of the extension as bundled now; returns the .vsix."""
    out.mkdir(parents=True, exist_ok=True)
    vsix = out / f"errlsp-{target_name}.vsix"
    vsce = EXTENSION / "node_modules" / ".bin" / ("vsce.cmd" if sys.platform == "win32" else "vsce")
    command = [str(vsce), "package", "--no-dependencies", "--target", target_name, *BASE_URLS]
    subprocess.run([*command, "--out", str(vsix)], cwd=EXTENSION, check=True)
    print(f"{vsix.name}: {vsix.stat().st_size / 1e6:.1f} MB")
    return vsix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target", action="append", required=True, choices=[*sorted(TARGETS), "all"]
    )
    parser.add_argument("--package", type=Path, metavar="DIR", help="also run vsce package")
    parser.add_argument("--wheel", type=Path, help="the errlsp wheel (default: build it)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=EXTENSION / ".wheels",
        help="where downloaded wheels are kept between runs (default: editors/vscode/.wheels)",
    )
    args = parser.parse_args(argv)
    targets = list(TARGETS) if "all" in args.target else args.target
    work = Path(tempfile.mkdtemp(prefix="errlsp-wheel-"))
    try:
        wheel = args.wheel or build_errlsp_wheel(work)
        downloaded = download_all(targets, wheel, args.cache.resolve())
        for target_name in targets:
            bundle(target_name, wheel, downloaded[target_name])
            if args.package is not None:
                package(target_name, args.package.resolve())
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.package is not None:
            # Leave no target's libraries behind for a later untargeted `vsce package`.
            shutil.rmtree(BUNDLED / "libs", ignore_errors=True)
            (BUNDLED / "target.txt").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

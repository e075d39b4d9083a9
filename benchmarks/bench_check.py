"""Benchmark ``errlsp check`` on a large real tree no one here wrote: the Django sdist.

    python benchmarks/bench_check.py [--django VERSION] [--runs N] [--tree PATH]

Downloads the Django source distribution from PyPI into a temp folder (or uses --tree),
then times whole-process runs, medians of --runs: ``errlsp check`` with a cold cache, with a
warm cache, and the peer ``ruff check --select F401 --no-cache`` on the same tree, and
prints the ratios. Targets (issue 15): cold <= 1.5x ruff, warm <= 0.5x ruff. It also prints
the findings errlsp reports on a codebase that does not use these APIs (should be none).

Commands run in a neutral folder, so ``python -m errlsp`` is the importable errlsp, not the
checkout the script is started from: to time another version, put its checkout first,
``PYTHONPATH=/path/to/checkout python benchmarks/bench_check.py``. Its bytecode is compiled
first, as ``pip install`` does (with ``PYTHONDONTWRITEBYTECODE`` set, every run would
otherwise time the compiler too). ``--jobs`` is passed through (default: all cores).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path


def fetch_django(version: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "--ignore-requires-python",
         f"django=={version}", "-d", str(into)],
        check=True,
    )  # fmt: skip
    archive = next(into.glob("[Dd]jango-*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return next(path for path in into.iterdir() if path.is_dir())


# Compile the bytecode of the errlsp that ``python -m errlsp`` imports; print where it is.
COMPILE = (
    "import compileall, os, errlsp; folder = os.path.dirname(errlsp.__file__); "
    "compileall.compile_dir(folder, quiet=1); print(folder)"
)


def timed(
    command: list[str], runs: int, before: object = None, cwd: str | None = None
) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
        times.append(time.perf_counter() - start)
        output = result.stdout
    return statistics.median(times), output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--django", default="6.1.3")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, help="check this tree instead of downloading")
    parser.add_argument("--jobs", type=int, help="errlsp check --jobs (default: all cores)")
    args = parser.parse_args()
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    errlsp = [sys.executable, "-m", "errlsp"]
    with tempfile.TemporaryDirectory() as scratch:
        tree = args.tree or fetch_django(args.django, Path(scratch))
        files = sum(1 for _ in tree.rglob("*.py"))
        cache = Path(scratch) / "errlsp-cache"

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        tree = tree.resolve()
        check = [*errlsp, "check", str(tree), "--cache-dir", str(cache), "--format", "json",
                 "--exit-zero"]  # fmt: skip
        if args.jobs is not None:
            check += ["--jobs", str(args.jobs)]
        source = subprocess.run(
            [sys.executable, "-c", COMPILE], capture_output=True, text=True, cwd=scratch, check=True
        ).stdout.strip()
        print(f"errlsp from {source}")
        cold, report = timed(check, args.runs, before=clear, cwd=scratch)
        warm, _ = timed(check, args.runs, cwd=scratch)
        peer, _ = timed([ruff, "check", "--select", "F401", "--no-cache", "--exit-zero", "-q",
                         str(tree)], args.runs)  # fmt: skip
    findings = json.loads(report or "[]")
    print(f"tree: {tree.name} ({files} Python files), medians of {args.runs} runs")
    print(f"ruff check --select F401 --no-cache  {peer:7.3f} s  (peer)")
    for label, seconds, target in (("cold", cold, 1.5), ("warm", warm, 0.5)):
        ratio = seconds / peer
        verdict = "OK" if ratio <= target else "OVER TARGET"
        print(f"errlsp check, {label} cache           {seconds:7.3f} s  {ratio:5.2f}x ruff "
              f"(target <= {target}x: {verdict})")  # fmt: skip
    print(f"findings on a codebase that does not use these APIs: {len(findings)}")
    for item in findings:
        print(f"  {item['path']}:{item['line']}:{item['column']}: {item['rule']} {item['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

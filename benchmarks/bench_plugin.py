"""Benchmark the pytest_errcodes plugin: per-assertion overhead and start-up cost.

Run from the repository root::

    python benchmarks/bench_plugin.py [--quick]

1. Per-assertion overhead of ``assert_api_error`` on a dict body, against the plain
   ``assert body["error"]["code"] == ...`` it replaces, measured in the same run (target:
   under 50 us per call). Catalogs are loaded once before timing, as in a session.
2. Start-up cost on a session that never uses the plugin (target: under 20 ms): the import
   cost of ``pytest_errcodes.plugin`` (``python -X importtime``), and ``pytest --co`` on an
   empty directory with and without the plugin (``-p no:errcodes``), interleaved runs.

Figures are medians; wall-clock process timings are noisy on a busy machine, so the import
figure is the precise one and the ``--co`` difference a sanity check.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

TARGET_ASSERT_US = 50.0
TARGET_STARTUP_MS = 20.0

VOIPNOW_BODY = {"error": {"code": "unauthorized", "message": "Access unauthorized"}}
FONE_BODY = {
    "ResponseStatus": {
        "ErrorCode": "PARAMETER_REQUIRED",
        "Message": "The parameter 'Name' is required.",
        "Errors": [{"ErrorCode": "PARAMETER_REQUIRED", "FieldName": "Name"}],
    }
}


def per_call_us(function: Callable[[], object], number: int, repeat: int) -> float:
    """Median microseconds per call over ``repeat`` batches of ``number`` calls."""
    times = timeit.repeat(function, number=number, repeat=repeat)
    return statistics.median(times) / number * 1e6


def bench_assertions(quick: bool) -> list[tuple[str, float]]:
    from pytest_errcodes import assert_api_error

    assert_api_error(VOIPNOW_BODY, "unauthorized")  # load config and catalogs once
    number, repeat = (2_000, 5) if quick else (20_000, 7)

    def plain() -> None:
        assert VOIPNOW_BODY["error"]["code"] == "unauthorized"

    def helper() -> None:
        assert_api_error(VOIPNOW_BODY, "unauthorized")

    def helper_field() -> None:
        assert_api_error(FONE_BODY, "PARAMETER_REQUIRED", field="Name")

    return [
        ("plain assert on a dict", per_call_us(plain, number, repeat)),
        ("assert_api_error(dict, code)", per_call_us(helper, number, repeat)),
        ("assert_api_error(dict, code, field=)", per_call_us(helper_field, number, repeat)),
    ]


def import_cost_ms(runs: int) -> float:
    """Median cumulative import time of the plugin module, pytest already imported."""
    found = []
    for _ in range(runs):
        completed = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import pytest, pytest_errcodes.plugin"],
            capture_output=True,
            text=True,
            check=True,
        )
        total = 0
        for line in completed.stderr.splitlines():
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
            if match and match.group(2) in ("pytest_errcodes.plugin",):
                total = int(match.group(1))
        found.append(total / 1000)
    return statistics.median(found)


def collect_ms(folder: Path, extra: list[str]) -> float:
    command = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", *extra]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    started = time.perf_counter()
    subprocess.run(command, cwd=folder, capture_output=True, env=env, check=False)
    return (time.perf_counter() - started) * 1000


def bench_startup(runs: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "pytest.ini").write_text("[pytest]\n")
        collect_ms(folder, [])  # warm caches (pyc files, page cache)
        collect_ms(folder, ["-p", "no:errcodes"])
        without, with_plugin = [], []
        for _ in range(runs):
            without.append(collect_ms(folder, ["-p", "no:errcodes"]))
            with_plugin.append(collect_ms(folder, []))
    return statistics.median(without), statistics.median(with_plugin), import_cost_ms(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke test)")
    args = parser.parse_args(argv)

    print("Per-assertion overhead (median per call)")
    rows = bench_assertions(args.quick)
    for label, micros in rows:
        print(f"  {label:<40} {micros:9.2f} us")
    plain, helper = rows[0][1], rows[1][1]
    overhead = helper - plain
    verdict = "OK" if helper < TARGET_ASSERT_US else "OVER TARGET"
    print(f"  overhead vs plain assert: {overhead:.2f} us, ratio {helper / plain:.0f}x "
          f"(target < {TARGET_ASSERT_US:g} us per call: {verdict})")  # fmt: skip

    runs = 3 if args.quick else 11
    print(f"\nStart-up cost of a session that never uses the plugin (median of {runs} runs)")
    without, with_plugin, imported = bench_startup(runs)
    print(f"  import pytest_errcodes.plugin (-X importtime): {imported:6.2f} ms")
    print(f"  pytest --co, empty dir, -p no:errcodes:        {without:6.1f} ms")
    print(f"  pytest --co, empty dir, with the plugin:       {with_plugin:6.1f} ms")
    print(f"  difference (noisy, wall clock):                {with_plugin - without:6.1f} ms")
    verdict = "OK" if imported < TARGET_STARTUP_MS else "OVER TARGET"
    print(f"  (target < {TARGET_STARTUP_MS:g} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

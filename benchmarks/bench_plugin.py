"""Benchmark the pytest_errcodes plugin: per-assertion overhead and start-up cost.

Run from the repository root::

    python benchmarks/bench_plugin.py [--quick]

1. Per-assertion overhead of ``assert_api_error`` on a dict body, against the plain
   ``assert body["error"]["code"] == ...`` it replaces, measured in the same run (target:
   under 50 us per call). Catalogs are loaded once before timing, as in a session. Then the
   cost over a body of every JSON dialect ``errlsp.envelopes`` reads (auto-detected, each
   body built by ``envelopes.build``), the mean and the slowest dialect, and a field-only
   assertion on Django REST framework's default validation body.
2. ``envelopes.parse`` of 10 MB error and success bodies against ``json.loads`` of the same
   bytes (target: at most 2x; a big body must never cost more than decoding it).
3. Start-up cost on a session that never uses the plugin (target: under 20 ms): the import
   cost of ``pytest_errcodes.plugin`` (``python -X importtime``), and ``pytest --co`` on an
   empty directory with and without the plugin (``-p no:errcodes``), interleaved runs.

Figures are medians; per-call figures are CPU time of this process (``time.process_time``),
which a busy machine disturbs far less than wall time. Wall-clock process timings are noisy,
so the import figure is the precise one and the ``--co`` difference a sanity check.
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
from functools import partial
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
    # CPU time of this process: on a shared machine wall time mostly measures the neighbours
    times = timeit.repeat(function, number=number, repeat=repeat, timer=time.process_time)
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


def bench_dialects(quick: bool) -> list[tuple[str, float]]:
    """``assert_api_error`` on one body per JSON dialect, every dialect auto-detected."""
    from errlsp.envelopes import DIALECTS
    from pytest_errcodes._context import Context, Options, using

    number, repeat = (500, 3) if quick else (5_000, 5)
    rows = []
    # Google states its canonical status beside the reason: not a catalog code here
    with using(Context(Path.cwd(), Options(undocumented="ignore"))):
        for dialect in DIALECTS:
            row = _bench_dialect(dialect, number, repeat)
            if row is not None:
                rows.append(row)
    return rows


def _bench_dialect(dialect: str, number: int, repeat: int) -> tuple[str, float] | None:
    from errlsp.envelopes import build
    from pytest_errcodes import assert_api_error

    try:
        body = build("SOME_CODE", dialect=dialect, message="Something is wrong.", field="name")
    except ValueError:  # a dialect that is not JSON (s3-xml)
        return None
    field = "name" if dialect != "aws-json" else None  # AWS's JSON errors name no field
    assert_api_error(body, "SOME_CODE", field=field, strict=False)  # fails if misread

    def helper() -> None:
        assert_api_error(body, "SOME_CODE", field=field, strict=False)

    return dialect, per_call_us(helper, number, repeat)


def bench_field_only(quick: bool) -> float:
    """DRF's default body, no code: ``assert_api_error(body, field="name")``."""
    from pytest_errcodes import assert_api_error
    from pytest_errcodes._responses import ResponseData

    data = ResponseData(body={"name": ["This field is required."]}, status=400)
    number, repeat = (500, 3) if quick else (5_000, 5)
    try:
        assert_api_error(data, field="name")
    except TypeError:  # before field-only assertions existed
        return float("nan")
    return per_call_us(lambda: assert_api_error(data, field="name"), number, repeat)


def bench_large_bodies(quick: bool) -> list[tuple[str, float, float]]:
    """``envelopes.parse`` of 10 MB bodies against ``json.loads`` of the same bytes (the peer:
    a body must at least be decoded), CPU ms, medians. Target: at most 2x the peer."""
    import json

    from errlsp.envelopes import parse

    error_rows = [{"code": f"E{i}", "detail": "x" * 80} for i in range(100_000)]
    success_rows = [{"id": i, "name": "x" * 90, "Code": "X"} for i in range(100_000)]
    bodies = [
        ("error body, 100,000 entries, 422", json.dumps({"errors": error_rows}).encode(), 422),
        ("success body, data array, 200", json.dumps({"data": success_rows}).encode(), 200),
        ("success body, top-level array, 500", json.dumps(success_rows).encode(), 500),
    ]
    repeat = 3 if quick else 7
    rows = []
    for label, body, status in bodies:
        ours = timeit.repeat(partial(parse, body, status), number=1, repeat=repeat,
                             timer=time.process_time)  # fmt: skip
        peer = timeit.repeat(partial(json.loads, body), number=1, repeat=repeat,
                             timer=time.process_time)  # fmt: skip
        rows.append((label, statistics.median(ours) * 1e3, statistics.median(peer) * 1e3))
    return rows


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
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
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

    print("\nassert_api_error(body, code, field=) per dialect, auto-detected (median per call)")
    dialects = bench_dialects(args.quick)
    for label, micros in dialects:
        print(f"  {label:<40} {micros:9.2f} us  ({micros / plain:5.0f}x plain)")
    mean = statistics.fmean(micros for _, micros in dialects)
    slowest = max(dialects, key=lambda row: row[1])
    verdict = "OK" if slowest[1] < TARGET_ASSERT_US else "OVER TARGET"
    print(f"  all {len(dialects)} dialects: mean {mean:.2f} us, slowest {slowest[0]} "
          f"{slowest[1]:.2f} us (target < {TARGET_ASSERT_US:g} us: {verdict})")  # fmt: skip
    print(f"  field-only, DRF default body:            {bench_field_only(args.quick):9.2f} us")

    print("\nLarge bodies: envelopes.parse vs json.loads of the same 10 MB (median CPU ms)")
    for label, ours, peer in bench_large_bodies(args.quick):
        verdict = "OK" if ours <= 2 * peer else "OVER TARGET"
        print(f"  {label:<40} {ours:7.1f} ms  {ours / peer:4.1f}x json.loads "
              f"(target <= 2x: {verdict})")  # fmt: skip

    if args.no_startup:
        return 0
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

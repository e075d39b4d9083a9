"""Benchmark the language server's memory over a long editing session: does it level off?

    python benchmarks/bench_memory.py [--edits 10000] [--lines 2000] [--warm-up 2000]

Starts ``errlsp serve`` over stdio with pygls' client and VS Code's recorded capabilities,
opens the generated test module of ``bench_server.py`` (``--lines`` long), then makes
``--edits`` edits, each replacing one code literal with a new one never seen before (so every
edit produces chunk and block texts no cache has seen: what grows a cache keyed by content).
After each edit it waits for the diagnostics of the new version, so every edit costs one
analysis. Each edit is also one ``didChange`` notification through pygls' dispatch, so what
the transport keeps per message shows too (pygls 2.1 kept the future of every notification,
2 KiB an edit: see ``ErrlspProtocol._execute_handler``). It reads the server's resident set
size (``/proc/PID/status``) after the warm-up edits and at the end and prints the growth
between them; the target (issue 15) is at most 10%. The peer, read at the same moments: the
RSS of this client process, which holds the same document and every diagnostic the server
sent.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types

sys.path.insert(0, str(Path(__file__).parent))

from bench_server import Session, large_file, replacement  # noqa: E402


def rss_mib(pid: int | str) -> float:
    """Resident set size of process ``pid`` in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def measure(
    text: str, edits: int, warm_up: int, folder: Path
) -> list[tuple[int, float, float]]:
    session = Session([sys.executable, "-m", "errlsp", "serve"])
    await session.start(folder, 0)
    client = session.client
    pid = client._server.pid  # type: ignore[union-attr]  # the server process pygls started
    uri = (folder / "test_big.py").as_uri()
    lines = text.split("\n")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )
    await session.published(uri, 1)
    samples = [(0, rss_mib(pid), rss_mib("self"))]
    print(f"after open: server {samples[0][1]:.1f} MiB", flush=True)
    literal_lines = [n for n, line in enumerate(lines) if "assert_api_error(resp, " in line]
    rnd = random.Random(15)
    started = time.perf_counter()
    for version in range(2, edits + 2):
        number = rnd.choice(literal_lines)
        line = lines[number]
        start = line.index('"') + 1
        end = line.index('"', start)
        new = f"CODE_{version}_{rnd.randrange(10**6)}"
        lines[number] = line[:start] + new + line[end:]
        client.text_document_did_change(replacement(uri, version, number, start, end, new))
        await session.published(uri, version)
        session.versions.pop(f"{uri}@{version}", None)
        done = version - 1
        if done % 1000 == 0 or done in (warm_up, edits):
            sample = (done, rss_mib(pid), rss_mib("self"))
            samples.append(sample)
            rate = done / (time.perf_counter() - started)
            print(f"after {done:6} edits: {sample[1]:7.1f} MiB, {rate:.0f} edits/s", flush=True)
    await session.stop()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=2_000)
    parser.add_argument("--warm-up", type=int, default=2_000, help="edits before the baseline")
    args = parser.parse_args()
    warm_up = min(args.warm_up, args.edits)
    with tempfile.TemporaryDirectory() as scratch:
        samples = asyncio.run(
            measure(large_file(args.lines), args.edits, warm_up, Path(scratch).resolve())
        )
    server = {done: rss for done, rss, _ in samples}
    peer = {done: rss for done, _, rss in samples}
    growth = server[args.edits] / server[warm_up] - 1
    peer_growth = peer[args.edits] / peer[warm_up] - 1
    print(f"\nerrlsp serve, {args.lines}-line file, {args.edits} edits with new literals")
    print(f"{'':28}{'server MiB':>11}{'client MiB (peer)':>19}")
    for label, done in (("after open", 0), (f"after {warm_up} edits", warm_up)):
        print(f"{label:28}{server[done]:11.1f}{peer[done]:19.1f}")
    print(f"{f'after {args.edits} edits':28}{server[args.edits]:11.1f}{peer[args.edits]:19.1f}")
    print(f"{'growth after warm-up':28}{growth:11.1%}{peer_growth:19.1%}   (target <= 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

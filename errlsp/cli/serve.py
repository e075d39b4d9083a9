"""``errlsp serve``: the language server over stdio (default) or TCP (for debugging)."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="run the language server (stdio by default)")
    parser.add_argument("--stdio", action="store_true", help="speak LSP on stdin/stdout (default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead, for debugging")
    parser.add_argument("--log-file", metavar="PATH", help="also write the server log to PATH")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging

    if args.log_file:
        logging.basicConfig(filename=args.log_file, level=logging.DEBUG)
    # The parser (libcst's node classes: a tenth of a second of imports) is loaded before the
    # server answers ``initialize``, not by its first analysis: a file opened at start-up
    # would wait behind that import, and completion and hover share the interpreter with it
    # meanwhile. From start to first diagnostics it costs the same either way, and
    # ``benchmarks/bench_server.py`` prints both figures.
    import errlsp.analysis.gather  # noqa: F401
    from errlsp.server import create_server

    server = create_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0

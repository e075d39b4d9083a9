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
    from errlsp.server import create_server

    server = create_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0

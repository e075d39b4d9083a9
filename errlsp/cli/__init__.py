"""The ``errlsp`` command line: ``check``, ``catalog ...`` and ``serve``.

``main(argv)`` returns the exit code instead of exiting, so tests run it in-process and compare
exact output (as flake8's integration tests do). Subcommand modules are imported only when
chosen, so ``errlsp catalog list`` never pays for libcst or pygls.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from errlsp import __version__
from errlsp.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


COMMANDS = ("check", "catalog", "serve")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that subcommand's module is imported."""
    parser = argparse.ArgumentParser(
        prog="errlsp",
        description="Documented REST API error codes, checked, completed and explained.",
    )
    parser.add_argument("--version", action="version", version=f"errlsp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from importlib import import_module

    for name in COMMANDS:
        if command is None or command == name:
            import_module(f"errlsp.cli.{name}").add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments and not sys.stdin.isatty():
        arguments = ["serve"]  # an editor started us with piped stdio: speak LSP
    elif arguments and arguments[0] == "--stdio":
        arguments = ["serve", *arguments]  # vscode-languageclient appends --stdio to the command
    chosen = arguments[0] if arguments and arguments[0] in COMMANDS else None
    parser = build_parser(chosen)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code

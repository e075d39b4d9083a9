"""The ``errlsp`` command line: ``check``, ``catalog ...`` and ``serve``.

``main(argv)`` returns the exit code instead of exiting, so tests run it in-process and compare
exact output (as flake8's integration tests do). Subcommand modules are imported only when
chosen, so ``errlsp catalog list`` never pays for libcst or pygls.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from errlsp import __version__
from errlsp.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "entry", "main"]


COMMANDS = ("check", "catalog", "serve")


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its width read as ``shutil.get_terminal_size`` reads it
    (``COLUMNS``, else the terminal, else 80) but without importing shutil, which every
    parser's first ``add_argument`` does: with zlib, a twentieth of a warm check."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    with contextlib.suppress(ValueError):
        if int(os.environ.get("COLUMNS", "0")) > 0:
            return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` with ``_Formatter``; subcommands' parsers are of its class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that subcommand's module is imported."""
    parser = _Parser(
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


def entry() -> None:
    """The ``errlsp`` script and ``python -m errlsp``: ``main``, and its exit status.

    After ``errlsp check`` the process ends without the interpreter's teardown, as mypy's
    command line does: freeing every object of a large run cost 15 ms, a twentieth of a cold
    check of Django, and the report is written and flushed by then. Every other command (the
    language server above all) exits the usual way.
    """
    code = main()
    if sys.argv[1:2] == ["check"]:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    sys.exit(code)


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

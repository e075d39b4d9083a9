"""Terminal output: rich on a terminal, plain text when piped (so CI logs stay clean).

Consoles are made per call, bound to the current ``sys.stdout``/``sys.stderr``, so that
in-process tests that capture those streams see the output.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

# Exit statuses, as linters use them: clean, error findings, usage or configuration error.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _make(stream: TextIO) -> Console:
    from rich.console import Console

    return Console(file=stream, highlight=False, soft_wrap=True, no_color=not stream.isatty())


def console() -> Console:
    return _make(sys.stdout)


def error_console() -> Console:
    return _make(sys.stderr)

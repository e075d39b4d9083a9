"""Starts the errlsp language server bundled with the VS Code extension.

The extension runs ``<python> launch.py --stdio`` with the interpreter the Python extension
selects (or ``python3`` on PATH). The libraries next to this file were fetched for CPython
3.10-3.13 on this platform (``bundled/libs/common`` plus ``bundled/libs/cp3XX`` for the native
ones); they go first on ``sys.path`` so that whatever the interpreter has installed (another
errlsp, an older libcst) cannot shadow them. Kept to syntax Python 3.7 understands, so an
unsupported interpreter gets a one-line message instead of a syntax error.
"""

from __future__ import annotations

import os
import sys

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")


def main() -> int:
    major, minor = sys.version_info[:2]
    tag = f"cp{major}{minor}"
    versioned = os.path.join(LIBS, tag)
    if sys.implementation.name != "cpython" or not os.path.isdir(versioned):
        supported = sorted(d for d in os.listdir(LIBS) if d.startswith("cp"))
        names = ", ".join(f"{d[2]}.{d[3:]}" for d in supported)
        sys.stderr.write(
            f"errlsp: the bundled server runs on CPython {names}; {sys.executable} is "
            f"{sys.implementation.name} {major}.{minor}. Select another interpreter, or install "
            "errlsp into this one and set errlsp.importStrategy to fromEnvironment.\n"
        )
        return 3
    sys.path[:0] = [versioned, os.path.join(LIBS, "common")]
    from errlsp.cli import main as errlsp_main

    code: int = errlsp_main(["serve", *sys.argv[1:]])
    return code


if __name__ == "__main__":
    sys.exit(main())

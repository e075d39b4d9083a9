"""Package attributes that import their module on first use (PEP 562).

A warm ``errlsp check`` answers from its cache: importing the analysis, or the catalog
loader and its TOML parser, would cost it more than its whole walk. ``errlsp.analysis`` and
``errlsp.catalog`` name where each public name lives, and this makes the lookup.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``; ``homes`` maps a module to the
    space-separated names it provides. A name found once becomes a plain attribute."""
    home_of = {name: module for module, names in homes.items() for name in names.split()}

    def __getattr__(name: str) -> Any:
        home = home_of.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *home_of])

    return __getattr__, __dir__

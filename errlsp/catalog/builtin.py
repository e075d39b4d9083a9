"""The catalogs shipped with errlsp, transcribed from the two seed API documents.

They are package data (``errlsp/catalogs/*.toml``) loaded through the same loader as user
files, so go-to-definition lands on a real file and a broken built-in fails its tests.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from errlsp.catalog.loader import load_catalog
from errlsp.catalog.model import Catalog
from errlsp.problems import CatalogError, Problem

_PACKAGE = "errlsp.catalogs"


def builtin_names() -> tuple[str, ...]:
    """Names of the shipped catalogs, sorted."""
    folder = resources.files(_PACKAGE)
    return tuple(
        sorted(
            entry.name[: -len(".toml")]
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def builtin_path(name: str) -> Path:
    """The file a built-in catalog is read from (a real path: wheels install unzipped)."""
    return Path(str(resources.files(_PACKAGE).joinpath(f"{name}.toml")))


@cache
def load_builtin(name: str) -> Catalog:
    """A shipped catalog by name; cached because catalogs are immutable."""
    if name not in builtin_names():
        known = ", ".join(builtin_names())
        raise CatalogError(
            [Problem(name, None, None, f"no built-in catalog {name!r}; known: {known}")]
        )
    return load_catalog(builtin_path(name), builtin=True)

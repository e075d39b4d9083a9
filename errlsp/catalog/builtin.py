"""The catalogs shipped with errlsp, transcribed from the two seed API documents.

They are package data (``errlsp/catalogs/*.toml``) loaded through the same loader as user
files, so go-to-definition lands on a real file and a broken built-in fails its tests.

Other distributions add catalogs the same way through the ``errlsp.catalogs`` entry point
group: ``acme = "acme_errors.catalogs"`` names the package folder holding ``acme.toml`` (or
``acme.json``), and ``acme = "acme_errors.catalogs:acme-v2.toml"`` a file in it. The file is
found through the distribution's metadata, never by importing the package, so installing a
catalog runs none of its code. Config names them like built-ins; a shipped catalog of the same
name wins.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from errlsp.problems import CatalogError, Problem

if TYPE_CHECKING:
    from errlsp.catalog.model import Catalog

# The shipped files, found beside this module: wheels install unzipped, and going through
# ``importlib.resources`` imports zipfile, tempfile and threading, a tenth of a warm check.
_FOLDER = Path(__file__).parent.parent / "catalogs"
ENTRY_POINT_GROUP = "errlsp.catalogs"


@cache
def _shipped() -> tuple[str, ...]:
    names = os.listdir(_FOLDER)
    return tuple(sorted(name[: -len(".toml")] for name in names if name.endswith(".toml")))


@cache
def packaged_catalogs() -> dict[str, tuple[Path, str]]:
    """Catalogs other distributions ship: name -> (file, "distribution version")."""
    from importlib import metadata  # imported on first use: it costs more than a check of a file

    found: dict[str, tuple[Path, str]] = {}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        name = entry.name.strip()
        if name in found or name in _shipped() or entry.dist is None:
            continue
        module, _, file_name = entry.value.partition(":")
        folder = module.strip().replace(".", "/")
        candidates = [file_name.strip()] if file_name.strip() else [f"{name}.toml", f"{name}.json"]
        paths = [Path(str(entry.dist.locate_file(f"{folder}/{c}"))) for c in candidates]
        path = next((p for p in paths if p.is_file()), paths[0])
        found[name] = (path, f"{entry.dist.metadata['Name']} {entry.dist.version}")
    return found


def builtin_names() -> tuple[str, ...]:
    """Names of the shipped catalogs and of those installed packages provide, sorted."""
    return tuple(sorted({*_shipped(), *packaged_catalogs()}))


def catalog_package(name: str) -> str | None:
    """The distribution ("acme-errors 1.2") that provides catalog ``name``; None if shipped."""
    packaged = packaged_catalogs().get(name)
    return packaged[1] if packaged and name not in _shipped() else None


def builtin_path(name: str) -> Path:
    """The file a built-in catalog is read from (a real path: wheels install unzipped)."""
    if name not in _shipped() and name in packaged_catalogs():
        return packaged_catalogs()[name][0]
    return _FOLDER / f"{name}.toml"


def is_builtin(name: str) -> bool:
    """Whether ``name`` is a shipped or packaged catalog; installed packages' metadata is read
    only for names that are not shipped (that scan costs more than checking a small tree)."""
    return name in _shipped() or name in packaged_catalogs()


@cache
def load_builtin(name: str) -> Catalog:
    """A shipped catalog by name; cached because catalogs are immutable."""
    if not is_builtin(name):
        known = ", ".join(builtin_names())
        raise CatalogError(
            [Problem(name, None, None, f"no built-in catalog {name!r}; known: {known}")]
        )
    from errlsp.catalog.loader import load_catalog  # (``catalog_sources`` needs no loader)

    return load_catalog(builtin_path(name), builtin=True)

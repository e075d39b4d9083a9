"""What exists: documented error codes, grouped in catalogs, indexed for fast questions.

This layer imports nothing from pygls, lsprotocol, pytest or rich (see DESIGN.md). Its
modules load on first use (``errlsp.lazy``): a warm ``errlsp check`` fingerprints the catalog
files (``catalog_sources``) and never parses them, nor imports the loader and ``tomllib``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp.lazy import lazy_attributes
from errlsp.problems import CatalogError, Problem

_HOMES = {
    "errlsp.catalog.active": (
        "load_catalogs load_reference scope_names scope_problems scoped_catalogs unknown_reference"
    ),
    "errlsp.catalog.builtin": "builtin_names builtin_path load_builtin",
    "errlsp.catalog.loader": "load_catalog parse_catalog",
    "errlsp.catalog.model": "Catalog CatalogSet ErrorCode Location",
    "errlsp.catalog.sources": "catalog_sources",
}

if TYPE_CHECKING:
    from errlsp.catalog.active import (
        load_catalogs,
        load_reference,
        scope_names,
        scope_problems,
        scoped_catalogs,
        unknown_reference,
    )
    from errlsp.catalog.builtin import builtin_names, builtin_path, load_builtin
    from errlsp.catalog.loader import load_catalog, parse_catalog
    from errlsp.catalog.model import Catalog, CatalogSet, ErrorCode, Location
    from errlsp.catalog.sources import catalog_sources

if not TYPE_CHECKING:  # (mypy reads the imports above, and reports a misspelt name)
    __getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES)

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogSet",
    "ErrorCode",
    "Location",
    "Problem",
    "builtin_names",
    "builtin_path",
    "catalog_schema",
    "catalog_sources",
    "load_builtin",
    "load_catalog",
    "load_catalogs",
    "load_reference",
    "parse_catalog",
    "scope_names",
    "scope_problems",
    "scoped_catalogs",
    "unknown_reference",
]


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema of catalog files, shipped so editors can validate them."""
    text = (Path(__file__).parent / "schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema

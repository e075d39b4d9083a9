"""What exists: documented error codes, grouped in catalogs, indexed for fast questions.

This layer imports nothing from pygls, lsprotocol, pytest or rich (see DESIGN.md).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

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
from errlsp.problems import CatalogError, Problem

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
    text = resources.files("errlsp.catalog").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema

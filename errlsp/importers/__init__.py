"""Catalog importers: from an API's error documentation to a catalog file nobody typed by hand.

``import_source`` reads a documentation page (HTML, Markdown, plain text copied from a browser),
an OpenAPI 3.0/3.1 or Swagger 2.0 spec (JSON or YAML) or an AWS ``service-2.json`` (``aws``),
gzipped or not, into an ``ImportedCatalog``; ``merge.merge_imports`` combines several;
``render_catalog`` writes that as a commented catalog file; ``diff_catalogs`` compares two
catalogs for an API upgrade.
Bad input raises ``ImportFailed`` with one line saying what was expected; what could be read
but not placed is listed in ``ImportedCatalog.skipped``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from errlsp.importers.diff import CatalogDiff, CodeChange, diff_catalogs
from errlsp.importers.model import ImportedCatalog, ImportedCode, ImportFailed, SkippedItem
from errlsp.importers.writer import render_catalog, render_catalog_json, toml_string
from errlsp.safeio import UnreadableFile, read_bytes

__all__ = [
    "FORMATS",
    "CatalogDiff",
    "CodeChange",
    "ImportFailed",
    "ImportedCatalog",
    "ImportedCode",
    "SkippedItem",
    "detect_format",
    "diff_catalogs",
    "import_source",
    "import_text",
    "render_catalog",
    "render_catalog_json",
    "toml_string",
]

FORMATS = ("auto", "html", "markdown", "text", "openapi")
PAGE_EXPECTED = "expected an HTML <table>, a Markdown pipe table, or lines of CODE and description"
_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".json": "openapi",
    ".yaml": "openapi",
    ".yml": "openapi",
}
_HTML_SNIFF = re.compile(r"<(!doctype\s+html|html|head|body|table|div|h[1-6]|p)\b", re.IGNORECASE)
_YAML_SPEC = re.compile(r"^(openapi|swagger)\s*:", re.MULTILINE)
_MARKDOWN_SNIFF = re.compile(r"^#{1,6}\s+\S|^\s*\|?\s*:?-{3,}:?\s*\|", re.MULTILINE)


_GZIP_LIMIT = 512 * 1024 * 1024  # bytes a .gz source may expand to


def import_source(
    path: str | Path, *, fmt: str = "auto", schema: str | None = None
) -> ImportedCatalog:
    """Import the file at ``path``; ``fmt`` is one of ``FORMATS``.

    A ``.gz`` file (``service-2.json.gz``, a gzipped spec) is read decompressed and judged by
    the suffix before ``.gz``.
    """
    source = Path(path)
    data = read_source(source)
    name = str(source)
    return import_text(data, name[:-3] if name.endswith(".gz") else name, fmt=fmt, schema=schema)


def read_source(source: Path) -> bytes:
    """A regular file's bytes (gunzipped for ``.gz``); ``ImportFailed`` for anything else."""
    try:
        data, _ = read_bytes(source, "document")  # a regular file, at most 32 MiB
    except UnreadableFile as error:
        reason = error.reason.removeprefix("cannot read file: ")
        raise ImportFailed(f"cannot read {source}: {reason}") from None
    if source.suffix.lower() != ".gz":
        return data
    import zlib

    inflater = zlib.decompressobj(wbits=31)
    try:
        inflated = inflater.decompress(data, _GZIP_LIMIT)
    except zlib.error as error:
        raise ImportFailed(f"{source} is not a gzip file ({error})") from None
    if inflater.unconsumed_tail:
        raise ImportFailed(f"{source} expands to more than {_GZIP_LIMIT >> 20} MB; not read")
    return inflated


def import_text(
    data: bytes | str, name: str, *, fmt: str = "auto", schema: str | None = None
) -> ImportedCatalog:
    """Import source text (or bytes) that came from ``name`` (used in messages and comments).

    ``schema`` (OpenAPI only) names the schema that holds the codes.
    """
    if fmt not in FORMATS:
        raise ImportFailed(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if fmt != "html" and not (fmt == "auto" and _suffix_format(name) == "html"):
                raise ImportFailed(
                    f"{name} is not UTF-8 text; expected an HTML, Markdown or text page, "
                    "or an OpenAPI 3 JSON/YAML file"
                ) from None
            text = ""
    else:
        text = data
    chosen = detect_format(name, text) if fmt == "auto" else fmt
    if schema is not None and chosen != "openapi":
        raise ImportFailed(f"--schema names a schema of an OpenAPI spec; {name} is {chosen}")
    try:
        if chosen == "openapi":
            from errlsp.importers.openapi import import_openapi

            return import_openapi(text, name, schema=schema)
        if chosen == "html":
            from errlsp.importers.html import parse_html

            document = parse_html(data if isinstance(data, bytes) else text, name)
        elif chosen == "markdown":
            from errlsp.importers.markdown import parse_markdown

            document = parse_markdown(text, name)
        else:
            from errlsp.importers.text import parse_text

            document = parse_text(text, name)
    except ModuleNotFoundError as error:  # the optional "import" extra is not installed
        raise ImportFailed(
            f"reading {chosen} needs the Python package {error.name!r}; install it with "
            "pip install 'errlsp[import]'"
        ) from None
    except RecursionError:  # e.g. 100,000 nested <div>s: the HTML tree is walked recursively
        raise ImportFailed(f"{name} is nested too deeply to read; {PAGE_EXPECTED}") from None
    from errlsp.importers.pages import catalog_from_document

    catalog = catalog_from_document(document)
    if not catalog.codes:
        raise ImportFailed(
            f"no code/description table found in {name}; {PAGE_EXPECTED}", catalog.skipped
        )
    return catalog


def detect_format(name: str, text: str) -> str:
    """The format of a source: by its suffix, else by what its text looks like."""
    by_suffix = _suffix_format(name)
    if by_suffix is not None:
        return by_suffix
    head = text.lstrip()[:4000]
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        except RecursionError:  # JSON, too deep: the spec reader says so with a line
            return "openapi"
        else:
            return "openapi"
    if _YAML_SPEC.search(head):
        return "openapi"
    if head.startswith("<") and _HTML_SNIFF.search(head):
        return "html"
    if _MARKDOWN_SNIFF.search(text):
        return "markdown"
    return "text"


def _suffix_format(name: str) -> str | None:
    return _SUFFIXES.get(Path(name).suffix.lower())

"""Which code the cursor is on, and which catalog entries document it.

Hover, go-to-definition, references and document links all start here. In Python files the
answer comes from the document's last analysis when it describes the current text, else from
the line-level scan completion uses, so none of them waits for a parse. In a catalog file the
cursor may sit on a ``code = "..."`` line (TOML) or a ``"code": "..."`` member (JSON).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from errlsp.analysis import CodeReference, Position, Span
from errlsp.analysis.completion import completion_context
from errlsp.catalog import Catalog, ErrorCode
from errlsp.server.state import DocumentState, RootState

if TYPE_CHECKING:
    pass

_CATALOG_CODE = re.compile(r"""^\s*"?code"?\s*[=:]\s*(["'])([^"'\s]+)\1""")


@dataclass(frozen=True)
class Located:
    code: str
    span: Span  # the literal's content
    status: int | None = None
    catalogs: tuple[str, ...] = ()
    in_catalog_file: bool = False
    names_api: bool = True


def code_at(state: DocumentState, position: Position) -> Located | None:
    document = state.document
    if document.is_python:
        reference = state.cached_reference_at(position)
        if reference is not None:
            return located_reference(reference)
        context = completion_context(
            document.text, position, state.root.settings.for_path(document.path)
        )
        if context is None or not context.text:
            return None
        return Located(
            context.text,
            context.inner,
            context.status,
            context.catalogs,
            names_api=context.names_api,
        )
    if catalog_of_file(state.root, document.path) is None:
        return None
    line = document.line(position.line)
    found = _CATALOG_CODE.match(line)
    if found is None or not found.start(2) <= position.character <= found.end(2):
        return None
    span = Span(Position(position.line, found.start(2)), Position(position.line, found.end(2)))
    return Located(found.group(2), span, in_catalog_file=True)


def located_reference(reference: CodeReference) -> Located:
    return Located(
        reference.code,
        reference.inner,
        reference.status,
        reference.catalogs,
        names_api=reference.names_api,
    )


def catalog_of_file(root: RootState, path: Path | None) -> Catalog | None:
    """The active catalog loaded from ``path``, if any."""
    if path is None:
        return None
    for catalog in root.catalogs:
        if catalog.path is not None and Path(catalog.path).resolve() == path:
            return catalog
    return None


def entries_for(root: RootState, located: Located, path: Path | None) -> list[ErrorCode]:
    """Entries documenting the code: the file's catalogs first, then any active catalog."""
    every = root.catalogs
    searched = every.resolve(located.catalogs, root.scoped(path))
    return (
        searched.lookup(located.code)
        or every.lookup(located.code)
        or searched.lookup_folded(located.code)
        or every.lookup_folded(located.code)
    )

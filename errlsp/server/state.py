"""What the server remembers between requests: roots, their settings and catalogs, documents.

A *root* is a workspace folder with its own config file, client settings and catalogs (a
multi-root workspace gets one each); files outside every folder share a root found from their
own config file. Catalogs are kept per reference with the last good version, so a broken
catalog file being edited never leaves the server without codes. Each document keeps its text,
its last analysis (findings and references, tagged with the version they describe) and the
chunk cache that makes the next analysis cheap.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp.analysis import CodeReference, Position
from errlsp.analysis.incremental import DocumentAnalysis, DocumentAnalyzer
from errlsp.analysis.symbols import ProjectIndex
from errlsp.catalog import (
    Catalog,
    CatalogSet,
    Problem,
    builtin_names,
    builtin_path,
    scoped_catalogs,
)
from errlsp.config import Settings, find_config
from errlsp.server.documents import Document
from errlsp.server.settings import EMPTY, ClientSettings

if TYPE_CHECKING:
    from lsprotocol import types


@dataclass(eq=False)  # a root is itself, not its contents
class RootState:
    """One workspace folder (or the config folder of files outside every folder)."""

    folder: Path | None
    file_settings: Settings = field(default_factory=Settings)
    client: ClientSettings = EMPTY
    scoped_data: dict[str, Any] = field(default_factory=dict)  # workspace/configuration result
    client_problems: list[Problem] = field(default_factory=list)  # last reported to the user
    settings: Settings = field(default_factory=Settings)
    catalogs: CatalogSet = field(default_factory=CatalogSet)
    last_good: dict[str, Catalog] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    published: set[str] = field(default_factory=set)  # URIs holding our config/catalog errors
    generation: int = 0
    loaded: bool = False
    watched: frozenset[Path] = frozenset()  # watched_paths() as of the last load
    stamps: dict[Path, tuple[int, int] | None] = field(default_factory=dict)  # (mtime, size)
    index: ProjectIndex = field(default_factory=ProjectIndex)  # the project's code constants
    constants_changed: int = 0  # counts changes of ``index`` by edits: part of analysis keys

    def contains(self, path: Path) -> bool:
        return self.folder is not None and path.is_relative_to(self.folder)

    def catalog_path(self, reference: str) -> Path:
        """The file a catalog reference names: a built-in's package file, or a path."""
        if reference in builtin_names():
            return builtin_path(reference)
        path = Path(reference)
        if not path.is_absolute():
            base = self.settings.root or self.folder or Path.cwd()
            path = base / path
        return path

    def watched_paths(self) -> set[Path]:
        """Config and user catalog files whose change means a reload."""
        builtin = builtin_names()
        paths = {Path(c.path) for c in self.catalogs if c.path and not c.builtin}
        paths.update(self.catalog_path(r) for r in self.settings.catalogs if r not in builtin)
        for folder in {self.folder, self.settings.root}:
            if folder is not None:
                paths.update({folder / "pyproject.toml", folder / "errlsp.toml"})
        if self.settings.config_path is not None:
            paths.add(self.settings.config_path)
        return {path.resolve() for path in paths}

    def scoped(self, path: Path | None) -> CatalogSet:
        return scoped_catalogs(self.settings, self.catalogs, path)

    def effective(self) -> Settings:
        settings = self.client.over(self.file_settings)
        if settings.root is None and self.folder is not None:
            settings = replace(settings, root=self.folder)
        return settings


@dataclass(eq=False)
class DocumentState:
    """An open document, its root and what the last analysis found."""

    document: Document
    root: RootState
    analyzer: DocumentAnalyzer
    analysis: DocumentAnalysis | None = None
    pending: asyncio.Task[None] | None = None  # the document's analysis loop, while it runs
    due: float = 0.0  # event-loop time at which the next analysis may start (the debounce)
    analyses: int = 0  # analyses run for this document (each burst of edits costs one)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    published: tuple[int | None, object] | None = None
    # The LSP diagnostics of each chunk last published: (id(result), first line) -> (result,
    # diagnostics), reused for chunks an edit left alone (``diagnostics.chunk_diagnostics``).
    chunk_diagnostics: dict[tuple[int, int], tuple[object, list[types.Diagnostic]]] = field(
        default_factory=dict
    )

    @property
    def key(self) -> object:
        """What an analysis depends on besides the text: the root's settings and catalogs."""
        return (id(self.root), self.root.generation, self.root.constants_changed)

    def fresh(self) -> DocumentAnalysis | None:
        """The last analysis if it describes the current text and catalogs, else None."""
        analysis = self.analysis
        if (
            analysis is not None
            and analysis.version == self.document.version
            and analysis.key == self.key
        ):
            return analysis
        return None

    def cached_reference_at(self, position: Position) -> CodeReference | None:
        analysis = self.fresh()
        return analysis.reference_at(position) if analysis is not None else None


class ServerState:
    """Roots and open documents of one server session."""

    def __init__(self) -> None:
        self.roots: dict[Path | None, RootState] = {}
        self.documents: dict[str, DocumentState] = {}

    def root_for(self, path: Path | None) -> RootState:
        """The innermost workspace folder holding ``path``; else one keyed by its config folder.

        A root made here is not loaded yet (``loaded`` is false): the caller loads it.
        """
        if path is not None:
            holders = [root for root in self.roots.values() if root.contains(path)]
            if holders:
                return max(holders, key=lambda root: len(str(root.folder)))
            config = find_config(path.parent)
            folder = config.parent if config is not None else None
        else:
            folder = None
        return self.roots.setdefault(folder, RootState(folder))

    def open(self, document: Document) -> DocumentState:
        state = DocumentState(document, self.root_for(document.path), DocumentAnalyzer())
        self.documents[document.uri] = state
        return state

    def documents_of(self, root: RootState) -> list[DocumentState]:
        return [state for state in self.documents.values() if state.root is root]

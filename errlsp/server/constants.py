"""The project's constants for the language server: the index ``errlsp check`` builds, kept
current for open and changed documents.

A root's index is read from the files ``errlsp check`` would read when the root loads (only
files that might define code constants are parsed, with ``ast``, never imported), and each
document's own definitions replace its file's whenever it is analysed, so a constant edited in
one open file resolves in another at once.
"""

from __future__ import annotations

from pathlib import Path

from errlsp import safeio
from errlsp.analysis.symbols import ProjectIndex, definitions, might_define, module_of
from errlsp.config import Settings
from errlsp.walk import discover


def workspace_index(folder: Path | None, settings: Settings) -> ProjectIndex:
    """The constants defined in the files of a workspace folder."""
    index = ProjectIndex()
    if folder is None:
        return index
    for path in discover([folder], settings):
        try:
            text = safeio.read_text(path, "source")
        except (OSError, UnicodeDecodeError):
            continue
        note(index, path, text, settings)
    return index


def note(index: ProjectIndex, path: Path | None, text: str, settings: Settings) -> bool:
    """Record (or forget) the constants ``text``, the current content of ``path``, defines;
    True when that changed what the index holds (other documents then need a new look)."""
    if path is None:
        return False
    holds = settings.holds_constants(path)
    found = []
    if might_define(text, holds, settings.constant_classes):
        found = definitions(text, classes=settings.constant_classes, module_constants=holds)
    module = module_of(path, settings.root)
    if not found and module not in index.modules:
        return False
    before = index.modules.get(module)
    index.add(module, found)
    return index.modules.get(module) != before


__all__ = ["note", "workspace_index"]

"""Cache files as sealed JSON: ``{"seal": ..., "entries": ...}``, the seal a digest of the
entries' exact text.

A cache is data anyone can edit or break, so a file whose seal does not match (edited by
hand, half written) reads as empty, and whatever reads it still checks each entry's shape.
One digest of the whole text costs a millisecond where one per entry cost a warm run of
Django 10 ms.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from errlsp.safeio import is_regular

_SEAL_START, _SEAL_LENGTH = '{"seal":"', 24
_ENTRIES_START = '","entries":'


def _seal(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=_SEAL_LENGTH // 2).hexdigest()


def sealed(entries: Any) -> str:
    """The cache file's text: the entries' JSON, and the digest of exactly that text."""
    body = json.dumps(entries)
    return f"{_SEAL_START}{_seal(body)}{_ENTRIES_START}{body}}}"


def unsealed(data: bytes) -> Any:
    """The entries of a cache file's bytes; ``{}`` unless their seal matches (an edit by hand
    or a half-written file). Raises ``ValueError``/``RecursionError`` for JSON it cannot read."""
    text = data.decode("utf-8", errors="replace")
    body_start = len(_SEAL_START) + _SEAL_LENGTH + len(_ENTRIES_START)
    seal = text[len(_SEAL_START) : len(_SEAL_START) + _SEAL_LENGTH]
    if (
        not text.startswith(_SEAL_START)
        or text[len(_SEAL_START) + _SEAL_LENGTH : body_start] != _ENTRIES_START
        or not text.endswith("}")
    ):
        return {}
    body = text[body_start:-1]
    return json.loads(body) if _seal(body) == seal else {}


def write_sealed(file: Path, entries: Any) -> None:
    """Write ``entries`` to ``file`` in a cache folder (made, and git-ignored, if needed),
    through a temporary file, never into a FIFO left in either place. Raises ``OSError``."""
    folder = file.parent
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not is_regular(ignore):  # absent, or a FIFO that writing would block on
        ignore.unlink(missing_ok=True)
        ignore.write_text("*\n", encoding="utf-8")
    temporary = file.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    temporary.write_text(sealed(entries), encoding="utf-8")
    temporary.replace(file)

"""Shared helpers for the importer tests: test data paths, the CLI run in-process, and the
content of a catalog as comparable facts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from errlsp.catalog import Catalog
from errlsp.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``errlsp ARGS...`` in-process; (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def catalog_facts(catalog: Catalog) -> dict[str, Any]:
    """Everything a catalog documents, minus where it was loaded from and how it is grouped."""
    return {
        "name": catalog.name,
        "title": catalog.title,
        "envelope": catalog.envelope,
        "case": catalog.case,
        "statuses": catalog.statuses,
        "codes": [(entry.code, entry.statuses, entry.messages, entry.field) for entry in catalog],
    }


@pytest.fixture
def facts() -> Callable[[Catalog], dict[str, Any]]:
    return catalog_facts

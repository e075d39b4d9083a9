"""Shared test options: ``--update-golden`` rewrites golden files instead of comparing."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden files from the current output (then review the git diff)",
    )
    parser.addoption(
        "--fuzz-seconds",
        type=float,
        default=3.0,
        help="how long each random LSP session of tests/server/test_server_fuzz.py runs",
    )
    parser.addoption(
        "--fuzz-seed", type=int, default=None, help="replay one seed of the random LSP sessions"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it under --update-golden."""

    def check(relative: str, actual: str) -> None:
        file = ROOT / "tests" / "golden" / relative
        if request.config.getoption("--update-golden"):
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(actual, encoding="utf-8")
            return
        assert file.exists(), f"missing golden file {file}; run pytest --update-golden"
        assert actual == file.read_text(encoding="utf-8")

    return check

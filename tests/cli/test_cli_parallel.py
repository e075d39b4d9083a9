"""``errlsp check`` on many files: the shares checked by child processes come back whole.

``runner.run_check`` deals uncached files out to ``workers`` processes (this one included);
these tests hold the parallel answer to the serial one, file by file, and show that a child
that dies leaves no file unchecked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from errlsp import runner
from errlsp.catalog.active import load_catalogs
from errlsp.config import load_settings

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="children are forked on Linux only"
)

HELPER_IMPORT = "from pytest_errcodes import assert_api_error\n\n"
CONSTANTS = 'class ErrorCode:\n    FORBIDDEN = "FORBIDDEN"\n    TYPO = "FORBIDEN"\n'
USES_CONSTANT = (
    "from pkg.codes import ErrorCode\n\ndef f(e):\n    return e.code == ErrorCode.FORBIDDEN\n"
)


def many_files(folder: Path, count: int = 45) -> list[Path]:
    """A project with clean files, files with findings, constants and their uses."""
    (folder / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["fonedynamics"]\n')
    package = folder / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "codes.py").write_text(CONSTANTS)
    for index in range(count):
        if index % 3 == 0:
            text = f'{HELPER_IMPORT}assert_api_error(r, "NOPE_{index}")\n'
        elif index % 3 == 1:
            text = USES_CONSTANT
        else:
            text = f"x = {index}\n"
        (package / f"m{index:02}.py").write_text(text)
    return sorted(package.glob("*.py"))


def summary(results: list[runner.FileResult]) -> list[tuple[object, ...]]:
    return [
        (result.path, result.findings, result.stamp, result.definitions, result.pending)
        for result in results
    ]


def run(folder: Path, files: list[Path], jobs: int) -> list[runner.FileResult]:
    settings = load_settings(folder)
    catalogs = load_catalogs(settings)
    return runner.run_check(files, settings, catalogs, cache_dir=None, jobs=jobs)


@pytest.mark.parametrize("jobs", [2, 3])
def test_shares_checked_by_children_equal_the_serial_check(tmp_path: Path, jobs: int) -> None:
    files = many_files(tmp_path)
    assert len(files) > runner.PARALLEL_THRESHOLD
    serial = run(tmp_path, files, jobs=1)
    assert sum(bool(result.findings) for result in serial) >= 15
    assert any(result.definitions for result in serial)
    assert summary(run(tmp_path, files, jobs=jobs)) == summary(serial)


def test_files_of_a_child_that_dies_are_checked_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = many_files(tmp_path)
    serial = run(tmp_path, files, jobs=1)

    def dies_after_one_batch(paths, settings, catalogs, connection) -> None:  # type: ignore[no-untyped-def]
        first = runner._check_file(paths[0], settings, catalogs)
        connection.send([(first.stamp, tuple(first.findings), first.definitions, first.pending)])
        os._exit(3)  # killed: no end marker, the pipe just closes

    monkeypatch.setattr(runner, "_check_share", dies_after_one_batch)
    assert summary(run(tmp_path, files, jobs=2)) == summary(serial)

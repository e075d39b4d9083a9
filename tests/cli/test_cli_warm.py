"""A warm ``errlsp check`` answers from its cache without parsing a catalog, and still reports
a catalog that does not load.

The cache is keyed on the catalog files' bytes, so a cache written by a run that loaded them
proves they load; anything else (no cache, a changed or broken catalog file) loads them and
reports what is wrong, with exit code 2.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Runs the check in a fresh interpreter and says whether the catalog loader was imported.
PROBE = (
    "import sys; from errlsp.cli import main; code = main(sys.argv[1:]); "
    "print(code, 'errlsp.catalog.loader' in sys.modules, 'tomllib' in sys.modules)"
)
CATALOG = """\
[catalog]
name = "shop"
title = "Shop API"

[[codes]]
code = "OUT_OF_STOCK"
status = 409
"""


def probe(*arguments: str, cwd: Path) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, cwd=cwd
    )
    return done.stdout.strip().splitlines()[-1], done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "errlsp.toml").write_text('catalogs = ["shop.toml", "fonedynamics"]\n')
    (tmp_path / "shop.toml").write_text(CATALOG)
    (tmp_path / "test_shop.py").write_text(
        "from pytest_errcodes import assert_api_error\n\n\n"
        'def test_sold_out(resp):\n    assert_api_error(resp, "OUT_OF_STOK")\n'
    )
    return tmp_path


def test_a_warm_run_parses_no_catalog(project: Path) -> None:
    arguments = ("check", ".", "--format", "json")
    assert probe(*arguments, cwd=project)[0] == "1 True True"
    # (errlsp.toml needs tomllib; the catalog loader is what a warm run does without)
    assert probe(*arguments, cwd=project)[0] == "1 False True"
    (project / "test_shop.py").write_text("x = 1\n")
    assert probe(*arguments, cwd=project)[0] == "0 True True"  # a file to check: loaded


def test_a_catalog_broken_after_a_warm_run_is_reported(project: Path) -> None:
    assert probe("check", ".", cwd=project)[0].startswith("1 ")
    (project / "shop.toml").write_text(CATALOG.replace("status = 409", "status = 'x'"))
    last, stderr = probe("check", ".", cwd=project)
    assert last.startswith("2 ")
    assert "shop.toml:7: codes[0] (OUT_OF_STOCK).status" in stderr


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_broken_catalog_is_reported_with_nothing_to_check(tmp_path: Path, cache: bool) -> None:
    (tmp_path / "errlsp.toml").write_text('catalogs = ["shop.toml"]\n')
    (tmp_path / "shop.toml").write_text(CATALOG.replace("[[codes]]", "[[codes]"))
    arguments = ["check", "."] + ([] if cache else ["--no-cache"])
    for _ in range(2):  # and again: no cache was written
        last, stderr = probe(*arguments, cwd=tmp_path)
        assert last.startswith("2 "), stderr
        assert "shop.toml" in stderr


def test_a_cache_of_other_settings_is_replaced(project: Path) -> None:
    """One cache file per fingerprint is kept: another one (older settings) is removed."""
    assert probe("check", ".", cwd=project)[0].startswith("1 ")
    folder = project / ".errlsp_cache"
    (first,) = folder.glob("check-*.json")
    (project / "errlsp.toml").write_text('catalogs = ["shop.toml"]\n')
    assert probe("check", ".", cwd=project)[0].startswith("1 ")
    (second,) = folder.glob("check-*.json")
    assert second != first


def test_a_cached_result_makes_its_path_only_when_asked(tmp_path: Path) -> None:
    """A warm run answers every file by name: the ``Path`` comes when a finding is shown."""
    from errlsp.cache import FileResult, ResultCache

    source = tmp_path / "clean.py"
    source.write_text("x = 1\n")
    stat = source.stat()
    cache = ResultCache(tmp_path / "cache", "key")
    cache.store(FileResult(source, stamp=(stat.st_size, stat.st_mtime_ns, "h")))
    assert list(cache.entries) == [str(source)]  # stored under the name a walk gives
    found = cache.lookup(str(source))
    assert found is not None
    assert found.name == str(source)
    assert found._path is None  # not made yet
    assert found.path == source
    assert found == FileResult(source)
    assert found != FileResult(source, stamp=(1, 2, "h"))

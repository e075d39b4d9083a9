"""``errlsp check`` on many files: what forked children check comes back whole.

``runner.run_check`` hands uncached files out in chunks to ``workers`` processes (this one
included); these tests hold the parallel answer to the serial one, file by file, and show
that a child that dies leaves no file unchecked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from errlsp import runner
from errlsp.cache import FileResult
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


def summary(results: list[FileResult]) -> list[tuple[object, ...]]:
    return [
        (result.path, result.findings, result.stamp, result.definitions, result.pending)
        for result in results
    ]


def run(folder: Path, files: list[Path], jobs: int) -> list[FileResult]:
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

    def dies_after_one_chunk(settings, catalogs, connection) -> None:  # type: ignore[no-untyped-def]
        answer = []
        for name in connection.recv():
            result = runner._check_file(Path(name), settings, catalogs)
            compact = (result.stamp, tuple(result.findings), result.definitions)
            answer.append((*compact, result.pending, result.maybe))
        connection.send(answer)
        os._exit(3)  # killed: the pipe just closes, with chunks sent and never answered

    monkeypatch.setattr(runner, "_check_chunks", dies_after_one_chunk)
    assert summary(run(tmp_path, files, jobs=2)) == summary(serial)


CATALOG = """\
[catalog]
name = "billing"
title = "Billing"
case = "upper"

[[codes]]
code = "CARD_EXPIRED"
message = "The card has expired."
deprecated = "use PAYMENT_METHOD_EXPIRED"

[[codes]]
code = "PAYMENT_METHOD_EXPIRED"
message = "The payment method has expired."
"""
USES = {
    # a constant from another module, compared where the accessor is read ...
    "direct.py": "from shop.codes import BillingErrorCode\n\n\ndef declined(err):\n"
    "    return err.code == BillingErrorCode.EXPIRED\n",
    # ... or through a name bound first, compared later, in a tuple on its own lines
    "bound.py": "from shop import codes\n\n\ndef declined(err):\n    code = err.code\n"
    "    log(code)\n    return code in (\n        codes.BillingErrorCode.EXPIRED,\n    )\n",
    # a constant of the same file
    "local.py": 'class PaymentErrorCode:\n    EXPIRED = "CARD_EXPIRED"\n\n\ndef declined(err):\n'
    "    code = err.code\n    return code == PaymentErrorCode.EXPIRED\n",
    # the class imported under another name
    "alias.py": "from shop.codes import BillingErrorCode as BEC\n\n\ndef declined(err):\n"
    "    return err.code == BEC.EXPIRED\n",
    # a triple-quoted literal compared with a bound name
    "triple.py": 'def declined(err):\n    code = err.code\n    return code == """CARD_EXPIRED"""\n',
}


def constants_project(folder: Path) -> Path:
    (folder / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["billing.toml"]\n')
    (folder / "billing.toml").write_text(CATALOG)
    shop = folder / "shop"
    shop.mkdir()
    (shop / "__init__.py").write_text("")
    (shop / "codes.py").write_text('class BillingErrorCode:\n    EXPIRED = "CARD_EXPIRED"\n')
    for name, text in USES.items():
        (shop / name).write_text(text)
    for index in range(runner.PARALLEL_THRESHOLD):  # enough files for children to be used
        (shop / f"filler{index}.py").write_text(f"x = {index}\n")
    return folder


def deprecated_at(folder: Path, *args: str) -> list[tuple[str, int]]:
    import json
    import subprocess

    ran = subprocess.run(
        [sys.executable, "-m", "errlsp", "check", "--format", "json", *args, "."],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return sorted(
        (Path(item["path"]).name, item["line"])
        for item in json.loads(ran.stdout)
        if item["rule"] == "deprecated-code"
    )


def test_constant_uses_in_generic_contexts_are_found_cold_warm_and_in_parallel(
    tmp_path: Path,
) -> None:
    folder = constants_project(tmp_path)
    expected = [
        ("alias.py", 5),
        ("bound.py", 8),
        ("codes.py", 2),
        ("direct.py", 5),
        ("local.py", 2),
        ("local.py", 7),
        ("triple.py", 3),
    ]
    assert deprecated_at(folder, "--no-cache", "-j", "1") == expected
    assert deprecated_at(folder, "--no-cache", "-j", "2") == expected
    assert deprecated_at(folder) == expected  # cold cache
    assert deprecated_at(folder) == expected  # warm: the unparsed uses are re-judged


def test_two_files_of_one_module_resolve_alike_in_parallel(tmp_path: Path) -> None:
    """``codes.py`` and ``codes.pyi`` hold the same module: the file given last wins, however
    the files were shared out."""
    folder = constants_project(tmp_path)
    (folder / "shop" / "codes.pyi").write_text(
        'class BillingErrorCode:\n    EXPIRED = "PAYMENT_METHOD_EXPIRED"\n'
    )
    # Sorted: __init__, bound, checkout, codes.py, codes.pyi: with two processes codes.py goes
    # to the child, whose results arrive after this process's codes.pyi.
    (folder / "shop" / "checkout.py").write_text("total = 0\n")
    serial = deprecated_at(folder, "--no-cache", "-j", "1")
    assert deprecated_at(folder, "--no-cache", "-j", "2") == serial
    assert deprecated_at(folder, "--no-cache", "-j", "3") == serial


def test_no_process_to_be_had_means_checking_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork that fails (a process limit, no memory) leaves the run to this process."""
    files = many_files(tmp_path)
    serial = run(tmp_path, files, jobs=1)

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    descriptors = len(os.listdir("/proc/self/fd"))
    assert summary(run(tmp_path, files, jobs=2)) == summary(serial)
    assert len(os.listdir("/proc/self/fd")) == descriptors  # the pipes made for it are closed


def test_children_are_reaped_once_the_run_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However the run orders telling its children to end, writing the cache and reaping
    them, none is left behind, as a zombie or running, and the cache is written. (The order
    itself only saves time; it is the benchmark's to show.)"""
    files = many_files(tmp_path)
    forked: list[int] = []
    real_fork = os.fork

    def recording_fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    settings = load_settings(tmp_path)
    results = runner.run_check(
        files, settings, load_catalogs(settings), cache_dir=tmp_path / "cache", jobs=3
    )
    assert len(results) == len(files)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):  # reaped: no longer a child of this process
            os.waitpid(pid, os.WNOHANG)
    assert list((tmp_path / "cache").glob("check-*.json"))  # written while they ended

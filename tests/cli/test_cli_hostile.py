"""``errlsp check`` on hostile input: devices, FIFOs, deep nesting, broken caches, odd names.

Each case runs the real command in a subprocess with a timeout, because the failures these
tests guard against are hangs (a FIFO opened for reading waits for a writer forever) and
runaway reads (``/dev/zero`` as a catalog), which an in-process test could not survive.
Every case must end with one-line messages and never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CATALOG = '[catalog]\nname = "mine"\ntitle = "Mine"\n\n[[codes]]\ncode = "MY_CODE"\nstatus = 400\n'
USES = 'from pytest_errcodes import assert_api_error\n\nassert_api_error(r, "MY_CODE")\n'
TYPO = 'from pytest_errcodes import assert_api_error\n\nassert_api_error(r, "MY_COD")\n'

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def check(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "errlsp", "check", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def project(folder: Path, config: str, files: dict[str, str] | None = None) -> Path:
    (folder / "errlsp.toml").write_text(config, encoding="utf-8")
    for name, text in (files or {"test_a.py": USES}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- catalogs and configs that are not regular files --------------------------------------------
def test_dev_zero_as_a_catalog_is_refused_without_reading_it(tmp_path: Path) -> None:
    result = check(project(tmp_path, 'catalogs = ["/dev/zero"]\n'))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: /dev/zero: not a regular file: a character device; skipped"
    ]


def test_dev_zero_in_pyproject_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["/dev/zero"]\n')
    (tmp_path / "test_a.py").write_text(USES)
    result = check(tmp_path, "--no-cache")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "/dev/zero: not a regular file" in result.stderr


@needs_fifo
def test_a_fifo_as_a_catalog_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "mine.toml")
    result = check(project(tmp_path, 'catalogs = ["mine.toml"]\n'))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'mine.toml'}: not a regular file: a FIFO; skipped"
    ]


@needs_fifo
@pytest.mark.parametrize("name", ["errlsp.toml", "pyproject.toml"])
def test_a_fifo_as_the_config_is_reported(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    (tmp_path / "test_a.py").write_text(USES)
    result = check(tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / name}: not a regular file: a FIFO; skipped"
    ]


def test_a_catalog_over_the_size_limit_names_the_limit(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(CATALOG + "# padding\n" * 50)
    folder = project(tmp_path, 'catalogs = ["mine.toml"]\n')
    small = check(folder, env={"ERRLSP_MAX_CATALOG_SIZE": "100"})
    assert small.returncode == 2
    assert small.stderr.splitlines() == [
        f"error: {tmp_path / 'mine.toml'}: {len(CATALOG) + 500} bytes is over the 100 bytes "
        "limit for a catalog file; raise it with $ERRLSP_MAX_CATALOG_SIZE"
    ]
    assert check(folder, env={"ERRLSP_MAX_CATALOG_SIZE": "1 KiB"}).returncode == 0
    bad = check(folder, env={"ERRLSP_MAX_CATALOG_SIZE": "lots"})
    assert bad.returncode == 2 and "is not a size" in bad.stderr and bad.stderr.count("\n") == 1


# -- source files and the walk ------------------------------------------------------------------
@needs_fifo
def test_a_fifo_in_the_tree_is_reported_and_skipped(tmp_path: Path) -> None:
    folder = project(tmp_path, 'catalogs = ["fonedynamics"]\n', {"ok.py": "x = 1\n"})
    os.mkfifo(folder / "fifo.py")
    result = check(folder, "--no-cache")
    assert result.stdout.splitlines() == [
        "fifo.py:1:1: syntax-error not a regular file: a FIFO; skipped",
        "Found 1 finding (0 errors).",
    ]
    assert result.returncode == 0  # skipping a FIFO is not an error in the code
    named = check(folder, "--no-cache", "fifo.py")
    assert named.stdout.splitlines()[0] == result.stdout.splitlines()[0]


def test_a_dangling_symlink_is_reported_under_its_own_name(tmp_path: Path) -> None:
    folder = project(tmp_path, 'catalogs = ["fonedynamics"]\n')
    (folder / "link.py").symlink_to(folder / "gone" / "target.py")
    result = check(folder, "--no-cache")
    assert result.stdout.splitlines()[0] == (
        f"link.py:1:1: syntax-error dangling symbolic link (to {folder / 'gone' / 'target.py'})"
    )
    assert result.returncode == 1


def test_an_undecodable_file_is_reported_at_the_bad_byte(tmp_path: Path) -> None:
    folder = project(tmp_path, 'catalogs = ["fonedynamics"]\n', {})
    (folder / "bad.py").write_bytes(b'x = 1\ny = 2\nassert e.code == "\xff\xfe"\n')
    result = check(folder, "--no-cache")
    assert result.stdout.splitlines()[0] == (
        "bad.py:3:19: syntax-error cannot decode file as utf-8: invalid start byte (byte 0xff)"
    )


@pytest.mark.parametrize("reporter", ["text", "github"])
def test_a_newline_in_a_file_name_keeps_one_finding_per_line(tmp_path: Path, reporter: str) -> None:
    folder = project(tmp_path, 'catalogs = ["mine.toml"]\n', {"a\nb.py": TYPO, "c.py": TYPO})
    (folder / "mine.toml").write_text(CATALOG)
    result = check(folder, "--no-cache", "--format", reporter)
    lines = result.stdout.splitlines()
    if reporter == "text":
        assert lines[0].startswith("a\\nb.py:3:21: unknown-code ")
        assert lines[1].startswith("c.py:3:21: unknown-code ")
        assert len(lines) == 3  # two findings and the summary
    else:
        assert lines[0].startswith("::error file=a%0Ab.py,line=3,col=21,")
        assert lines[1].startswith("::error file=c.py,line=3,")
        assert len(lines) == 2


# -- deep nesting -------------------------------------------------------------------------------
DEEP = 5000


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("deep.toml", "x = " + "[" * DEEP + "]" * DEEP + "\n", 1),
        ("deep.toml", "[catalog]\n" + "a" + ".a" * DEEP + " = 1\n", 2),
        ("deep.toml", "[" + ".".join(["t"] * DEEP) + "]\nx = 1\n", 1),
        ("deep.json", '{"catalog": ' + "[" * DEEP + "]" * DEEP + "}", 1),
        ("deep.json", '{\n"codes":\n' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}", 3),
    ],
)
def test_deeply_nested_catalogs_give_a_located_error(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    (tmp_path / name).write_text(text)
    result = check(project(tmp_path, f'catalogs = ["{name}"]\n'))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / name}:{line}: nested more than 64 levels deep"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[tool.errlsp]\nseverity = " + "[" * DEEP + "]" * DEEP + "\n",
        "[tool.errlsp]\n" + "a" + ".a" * DEEP + " = 1\n",
        "[tool]\nerrlsp = 1\n",
    ],
)
def test_a_deep_or_misshapen_pyproject_gives_one_line(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "test_a.py").write_text(USES)
    result = check(tmp_path, "--no-cache")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'pyproject.toml'}:2: ")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_catalog_with_a_byte_order_mark_is_accepted(tmp_path: Path, suffix: str) -> None:
    if suffix == ".toml":
        text = CATALOG
    else:
        text = json.dumps(
            {"catalog": {"name": "mine", "title": "Mine"}, "codes": [{"code": "MY_CODE"}]}
        )
    (tmp_path / f"mine{suffix}").write_bytes(b"\xef\xbb\xbf" + text.encode())
    folder = project(tmp_path, f'catalogs = ["mine{suffix}"]\n', {"a.py": USES, "b.py": TYPO})
    result = check(folder, "--no-cache")
    assert result.stderr == ""
    assert result.stdout.splitlines()[0].startswith("b.py:3:21: unknown-code ")


# -- the cache ----------------------------------------------------------------------------------
def cache_files(folder: Path) -> list[Path]:
    return sorted((folder / ".errlsp_cache").glob("check-*.json"))


def checked_once(folder: Path) -> tuple[Path, subprocess.CompletedProcess[str], Path]:
    """A project with one finding, checked once: (folder, that run, its cache file)."""
    project(folder, 'catalogs = ["mine.toml"]\n', {"b.py": TYPO})
    (folder / "mine.toml").write_text(CATALOG)
    first = check(folder)
    (cache,) = cache_files(folder)
    return folder, first, cache


@pytest.mark.parametrize("content", ["[1,2,3]", "{", '{"x": 1}', "[" * DEEP, '"str"'])
def test_a_corrupted_cache_is_a_miss(tmp_path: Path, content: str) -> None:
    folder, first, cache = checked_once(tmp_path)
    cache.write_text(content)
    again = check(folder)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout) == (1, again.stdout)
    assert json.loads(cache.read_text())  # rewritten whole


def test_a_hand_edited_cache_entry_is_not_served(tmp_path: Path) -> None:
    from errlsp.sealed import sealed as _sealed

    folder, first, cache = checked_once(tmp_path)
    text = cache.read_text()
    (entry,) = json.loads(text)["entries"].values()
    assert entry[3]["findings"]  # [size, mtime, hash, contents]
    # "Fixed" by hand, in place: size and mtime still match the file, the seal does not.
    cache.write_text(text.replace('"findings": [{', '"findings": [], "x": [{', 1))
    assert json.loads(cache.read_text())["entries"][str(folder / "b.py")][3]["findings"] == []
    assert check(folder).stdout == first.stdout
    # An entry of the wrong shape in a file sealed as ours is a miss too.
    (entry,) = json.loads(cache.read_text())["entries"].values()
    entry[3]["findings"][0]["span"] = {"start": "x"}
    entry[3]["findings"][0]["rule"] = "no-such-rule"
    cache.write_text(_sealed({str(folder / "b.py"): entry}))
    assert check(folder).stdout == first.stdout


@pytest.mark.parametrize(
    "forge",
    [  # each built on the stamp alone: served, it would hide b.py's finding
        lambda stamp: stamp[:2],  # too short
        lambda stamp: [*stamp, {}, 5],  # too long
        lambda stamp: [str(stamp[0]), *stamp[1:]],  # a size that is no number
        lambda stamp: [True, *stamp[1:]],  # a bool is no size either
        lambda stamp: [*stamp, "contents"],  # contents that are no table
        lambda stamp: [*stamp, {"maybe": [1]}],  # names that are no strings
        lambda stamp: {"size": stamp[0], "mtime": stamp[1], "hash": stamp[2]},  # the old shape
        lambda stamp: "entry",
    ],
)
def test_a_forged_entry_sealed_as_ours_is_a_miss(tmp_path: Path, forge) -> None:
    from errlsp.sealed import sealed

    folder, first, cache = checked_once(tmp_path)
    (entry,) = json.loads(cache.read_text())["entries"].values()
    assert entry[3]["findings"]  # the real entry holds the finding; the forgeries do not
    cache.write_text(sealed({str(folder / "b.py"): forge(entry[:3])}))
    again = check(folder)
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, "")


@needs_fifo
def test_a_fifo_in_place_of_the_cache_is_reported_and_replaced(tmp_path: Path) -> None:
    folder, first, cache = checked_once(tmp_path)
    cache.unlink()
    os.mkfifo(cache)
    again = check(folder)
    assert again.stdout == first.stdout
    assert again.stderr.splitlines() == [
        f"warning: cache ignored: {cache.resolve()}: not a regular file: a FIFO; skipped"
    ]
    assert cache.is_file() and json.loads(cache.read_text())


@needs_fifo
def test_fifos_in_the_cache_folder_never_block_writing_it(tmp_path: Path) -> None:
    folder, first, cache = checked_once(tmp_path)
    for name in (".gitignore", cache.with_suffix(".tmp").name):
        (cache.parent / name).unlink(missing_ok=True)
        os.mkfifo(cache.parent / name)
    cache.unlink()  # so that the run writes the cache again
    assert check(folder).stdout == first.stdout
    assert cache.is_file() and (cache.parent / ".gitignore").read_text() == "*\n"


def test_a_source_over_the_limit_is_a_skipped_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from errlsp.cli import main
    from errlsp.safeio import LIMITS

    folder = project(tmp_path, 'catalogs = ["fonedynamics"]\n', {"big.py": "x = 1\n" * 10})
    monkeypatch.setitem(LIMITS, "source", 20)
    monkeypatch.chdir(folder)
    assert main(["check", "--no-cache"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "big.py:1:1: syntax-error 60 bytes is over the 20 bytes limit for a source file"
    )


def test_a_valid_cache_entry_is_served_with_every_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation must not turn good entries into misses: a warm run checks nothing again."""
    from errlsp import runner
    from errlsp.analysis import Finding, Fix, Position, Span
    from errlsp.cache import codec
    from errlsp.catalog.active import load_catalogs
    from errlsp.config import load_settings

    folder = project(tmp_path, 'catalogs = ["fonedynamics"]\n', {"b.py": TYPO, "c.py": USES})
    settings = load_settings(folder)
    catalogs = load_catalogs(settings)
    files = [folder / "b.py", folder / "c.py"]
    cold = runner.run_check(files, settings, catalogs, cache_dir=folder / "cache", jobs=1)

    def never(*args: object) -> None:
        raise AssertionError("a cached file was checked again")

    monkeypatch.setattr(runner, "_check_file", never)
    warm = runner.run_check(files, settings, catalogs, cache_dir=folder / "cache", jobs=1)
    assert [result.findings for result in warm] == [result.findings for result in cold]
    span = Span(Position(2, 20), Position(2, 28))
    unsafe = Finding(
        "unknown-code", "warning", "m", span, "X", "c", ("Y", "Z"), Fix("t", span, "Y", False)
    )
    assert codec.finding_from_json(codec.finding_to_json(unsafe)) == unsafe

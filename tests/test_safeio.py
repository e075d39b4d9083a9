"""``errlsp.safeio``: what may be read, how much, and how deep its data may nest."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from errlsp.safeio import (
    LIMITS,
    NotRegularFile,
    UnreadableFile,
    data_nesting_error,
    expands_beyond,
    limit_for,
    nesting_error,
    parse_size,
    read_bytes,
    read_text,
)


def test_a_regular_file_is_read_with_its_stat(tmp_path: Path) -> None:
    file = tmp_path / "a.toml"
    file.write_bytes(b"x = 1\n")
    data, status = read_bytes(file, "catalog")
    assert data == b"x = 1\n" and status.st_size == 6


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    file = tmp_path / "a.py"
    file.write_bytes(b"x" * 10)
    assert read_bytes(file, "source", limit=10)[0] == b"x" * 10
    with pytest.raises(UnreadableFile, match="10 bytes is over the 9 bytes limit for a source"):
        read_bytes(file, "source", limit=9)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: path.mkdir(), "a directory"),
        (lambda path: os.mkfifo(path), "a FIFO"),
        (lambda path: socket.socket(socket.AF_UNIX).bind(str(path)), "a socket"),
    ],
)
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")
def test_other_kinds_are_named_and_never_opened(tmp_path: Path, make, kind: str) -> None:
    path = tmp_path / "thing.py"
    make(path)
    with pytest.raises(NotRegularFile) as caught:
        read_bytes(path, "source")
    assert str(caught.value) == f"{path}: not a regular file: {kind}; skipped"


def test_a_device_is_refused() -> None:
    with pytest.raises(NotRegularFile, match="a character device"):
        read_bytes("/dev/zero", "catalog")


def test_a_symlink_to_a_fifo_is_refused_and_a_dangling_one_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "to-pipe.toml").symlink_to(tmp_path / "pipe")
    with pytest.raises(NotRegularFile):
        read_bytes(tmp_path / "to-pipe.toml", "config")
    (tmp_path / "gone.toml").symlink_to(tmp_path / "nothing")
    with pytest.raises(UnreadableFile) as caught:
        read_bytes(tmp_path / "gone.toml", "config")
    assert (
        str(caught.value)
        == f"{tmp_path / 'gone.toml'}: dangling symbolic link (to {tmp_path / 'nothing'})"
    )


def test_text_drops_a_bom_and_locates_a_bad_byte(tmp_path: Path) -> None:
    file = tmp_path / "a.toml"
    file.write_bytes(b"\xef\xbb\xbfx = 1\n")
    assert read_text(file, "config") == "x = 1\n"
    file.write_bytes(b"x = 1\ny = '\xff'\n")
    with pytest.raises(UnreadableFile) as caught:
        read_text(file, "config")
    assert (caught.value.line, str(caught.value)) == (2, f"{file}:2: not UTF-8 text (byte 0xff)")


def test_the_catalog_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limit_for("catalog") == LIMITS["catalog"]
    monkeypatch.setenv("ERRLSP_MAX_CATALOG_SIZE", "64 MiB")
    assert limit_for("catalog") == 64 * 1024 * 1024
    assert limit_for("config") == LIMITS["config"]  # only catalogs are configurable
    monkeypatch.setenv("ERRLSP_MAX_CATALOG_SIZE", "-5")
    with pytest.raises(ValueError, match=r"\$ERRLSP_MAX_CATALOG_SIZE='-5' is not a size"):
        limit_for("catalog")


@pytest.mark.parametrize(
    ("text", "size"),
    [("2000", 2000), ("1k", 1024), ("3 KiB", 3072), ("2MB", 2 << 20), ("1 gib", 1 << 30)],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "lots", "1.5 MiB", "-1", "5 TB"])
def test_not_sizes(text: str) -> None:
    assert parse_size(text) is None


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    quoted = 'a = "[[[[[[[[[["\nb = \'{{{{{{{{{{\'\n# [[[[[[[[[[\nc = """\n[[[[[[[[[[\n"""\n'
    assert nesting_error(quoted, limit=3) is None
    escaped = '{"a": "\\"[[[[[[", "b": [[[[1]]]]}'
    assert nesting_error(escaped, limit=3) == (1, "nested more than 3 levels deep")
    assert nesting_error('x = 1\ny = """\n"""\nz = [[[[1]]]]\n', limit=3)[0] == 4  # type: ignore[index]


def test_decoded_data_depth_is_checked_without_recursion() -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        node["a"] = node = {}
    line_text = "x" + ".x" * 70 + " = 1\n"
    assert data_nesting_error(deep, "top = 1\n" + line_text) == (
        2,
        "nested more than 64 levels deep",
    )
    assert data_nesting_error({"a": [{"b": [1]}]}, "") is None


def test_yaml_aliases_are_not_walked_exponentially() -> None:
    """Nine levels of nine aliases each is 387 million nodes if every path is walked."""
    yaml = pytest.importorskip("yaml")
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    data = yaml.safe_load("\n".join(lines))
    assert data_nesting_error(data, "") is None
    assert data_nesting_error(data, "", limit=5) is not None


def test_expanded_size_counts_shared_containers_once_per_use() -> None:
    leaf = [1, 2, 3]
    shared = {"a": leaf, "b": leaf}  # 1 + (1 + 3) * 2 = 9 nodes as a walk sees them
    assert not expands_beyond(shared, 9)
    assert expands_beyond(shared, 8)
    level: object = ["x"] * 10
    for _ in range(12):
        level = [level] * 10  # 10**13 nodes, a few hundred objects
    assert expands_beyond(level, 10**6)

"""``errlsp.walk``: last run's folder listings give the same files as listing every folder.

A listing is reused only while its folder's mtime and inode stay the same; these tests age a
tree's folders (``os.utime``) so that their listings are kept, then change the tree the ways
a working copy changes, and hold each walk to a walk without listings.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from errlsp.cli import main
from errlsp.config import load_settings
from errlsp.sealed import sealed
from errlsp.walk import Listings, _walk, discover, discover_names

HOUR_AGO = time.time() - 3600


def tree(root: Path) -> None:
    (root / "pyproject.toml").write_text("[tool.errlsp]\n")
    for folder in ("app", "app/api", "app/api/v1", "docs", "locale/de/LC_MESSAGES"):
        (root / folder).mkdir(parents=True)
    for name in ("app/__init__.py", "app/api/views.py", "app/api/v1/codes.py", "app/types.pyi"):
        (root / name).write_text("x = 1\n")
    (root / "docs/conf.py").write_text("project = 'x'\n")
    (root / "locale/de/LC_MESSAGES/django.po").write_text("")
    age(root)


def age(root: Path) -> None:
    """Folders an hour old, as a checkout's are after its first minutes."""
    for folder in [root, *(path for path in root.rglob("*") if path.is_dir())]:
        os.utime(folder, (HOUR_AGO, HOUR_AGO))


def walked(root: Path, cache: Path | None) -> list[Path]:
    settings = load_settings(root)
    listings = Listings(cache) if cache else None
    found = list(discover([root], settings, listings))
    if listings:
        listings.save()
    return found


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A tree, and a cache folder that a check already ran with (so listings are kept)."""
    root = tmp_path / "project"
    root.mkdir()
    tree(root)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "check-0.json").write_text("{}")
    return root, cache


def test_a_first_run_keeps_no_listings_and_the_second_does(tmp_path: Path) -> None:
    """With no cache yet (a fresh clone in CI, say) a stat per folder would buy nothing."""
    root = tmp_path / "project"
    root.mkdir()
    tree(root)
    cache = tmp_path / "cache"
    arguments = ["check", str(root), "--cache-dir", str(cache), "--exit-zero"]
    assert main(arguments) == 0
    assert not (cache / "walk.json").exists()
    assert main(arguments) == 0
    assert (cache / "walk.json").is_file()


def test_kept_listings_give_the_files_of_a_full_walk(project: tuple[Path, Path]) -> None:
    root, cache = project
    first = walked(root, cache)
    assert (cache / "walk.json").is_file()
    assert walked(root, cache) == first == walked(root, None)
    assert [path.relative_to(root).as_posix() for path in first] == [
        "app/__init__.py",
        "app/types.pyi",
        "app/api/views.py",
        "app/api/v1/codes.py",
        "docs/conf.py",
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "app/api/new.py").write_text(""),
        lambda root: (root / "app/api/views.py").unlink(),
        lambda root: (root / "app/api/views.py").rename(root / "app/api/renamed.py"),
        lambda root: shutil.rmtree(root / "app/api/v1") or (root / "app/api/v1.py").write_text(""),
        lambda root: (root / "docs/more").mkdir() or (root / "docs/more/deep.py").write_text(""),
        lambda root: os.rename(root / "app/api/v1", root / "app/api/v0"),
        lambda root: (root / ".gitignore").write_text("app/api/\n"),
        lambda root: (root / "pyproject.toml").write_text('[tool.errlsp]\nexclude = ["docs/*"]\n'),
    ],
    ids=[
        "add",
        "remove",
        "rename",
        "folder-to-file",
        "new-tree",
        "folder-renamed",
        "gitignore",
        "exclude",
    ],
)
def test_a_change_is_seen_on_the_next_walk(project: tuple[Path, Path], change) -> None:
    root, cache = project
    walked(root, cache)
    change(root)
    assert walked(root, cache) == walked(root, None)


def test_a_folder_changed_just_now_is_listed_again(project: tuple[Path, Path]) -> None:
    """Its listing is not kept: a change in the same timestamp tick would not move its mtime."""
    root, cache = project
    now = time.time()
    os.utime(root / "app/api", (now, now))
    walked(root, cache)
    kept = json.loads((cache / "walk.json").read_text())["entries"][str(root)]["folders"]
    assert "app/" in kept and "app/api/" not in kept
    (root / "app/api/late.py").write_text("")
    os.utime(root / "app/api", (now, now))  # the same mtime as when it was listed
    assert root / "app/api/late.py" in walked(root, cache)


def test_a_forged_listing_never_leads_out_of_its_folder(project: tuple[Path, Path]) -> None:
    root, cache = project
    walked(root, cache)
    outside = root.parent / "secret.py"
    outside.write_text("x = 1\n")
    data = json.loads((cache / "walk.json").read_text())["entries"]
    folders = data[str(root)]["folders"]
    folders["app/"][2] = ["../../secret.py", "__init__.py"]
    folders["docs/"][3] = [".."]
    (cache / "walk.json").write_text(sealed(data))
    assert walked(root, cache) == walked(root, None)
    assert outside not in walked(root, cache)


@pytest.mark.parametrize("text", ["", "not json", '{"seal":"0","entries":{}}', "[1, 2]"])
def test_a_broken_listings_file_is_a_full_walk(project: tuple[Path, Path], text: str) -> None:
    root, cache = project
    (cache / "walk.json").write_text(text)
    assert walked(root, cache) == walked(root, None)


def test_check_uses_and_refreshes_the_listings(
    project: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, cache = project
    (root / "app/api/views.py").write_text(
        'from pytest_errcodes import assert_api_error\n\nassert_api_error(r, "NOPE")\n'
    )
    age(root)
    arguments = ["check", str(root), "--cache-dir", str(cache), "--format", "json"]
    arguments += ["--catalog", "fonedynamics"]
    assert main(arguments) == 1
    first = json.loads(capsys.readouterr().out)
    (root / "app/late.py").write_text((root / "app/api/views.py").read_text())
    assert main(arguments) == 1
    second = json.loads(capsys.readouterr().out)
    paths = sorted(Path(item["path"]).as_posix() for item in second)
    assert len(paths) == len(first) + 1
    assert paths[0].endswith("app/api/views.py") and paths[1].endswith("app/late.py")


def test_names_are_the_strings_of_the_paths(tmp_path: Path) -> None:
    """The check keys its cache and its results by these names: each must be ``str`` of the
    ``Path`` it stands for, or a warm run would miss every entry a ``Path`` wrote."""
    tree(tmp_path)
    settings = load_settings(tmp_path)
    names = list(discover_names([tmp_path], settings))
    assert len(names) == 5
    assert all(type(name) is str for name in names)
    assert names == [str(path) for path in discover([tmp_path], settings)]
    assert names == [str(Path(name)) for name in names]  # already in the normal form
    assert set(names) == {str(path) for path in tmp_path.rglob("*.py*")}


def test_names_under_the_working_folder_are_the_strings_of_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check .`` (the GitHub action's default) and ``check app/__init__.py`` (pre-commit's)
    must key the same file alike."""
    tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(Path("."))
    names = list(discover_names([Path(".")], settings))
    assert "app/__init__.py".replace("/", os.sep) in names
    assert names == [str(path) for path in discover([Path(".")], settings)]
    assert names == [str(Path(name)) for name in names]
    assert list(discover_names([Path("app/__init__.py")], settings)) == [
        str(Path("app/__init__.py"))
    ]


def test_a_root_ending_in_a_separator_gets_no_second_one(tmp_path: Path) -> None:
    """``/`` is the root that ends in a separator; its folders must not become ``//x``."""
    tree(tmp_path)
    walked_folders = [folder for folder, _ in _walk(f"{tmp_path}{os.sep}", None, None, None)]
    assert walked_folders
    assert all(folder.endswith(os.sep) for folder in walked_folders)
    assert not any(os.sep * 2 in folder for folder in walked_folders)

"""The VS Code extension's manifest has what the Marketplace and Open VSX need to list it.

Checked from the files vsce packages: package.json fields both registries read, an icon of
the size the Marketplace asks for, a README that starts with a short get-started and shows
screenshots that exist, and a CHANGELOG entry for the version being published.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VSCODE = REPO / "editors" / "vscode"


def manifest() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((VSCODE / "package.json").read_text("utf-8"))
    return loaded


def test_manifest_has_the_fields_both_registries_read() -> None:
    package = manifest()
    for field in ("name", "publisher", "version", "license", "repository", "engines", "icon"):
        assert package.get(field), field
    assert package["preview"] is True, "kept a preview until the first release"
    banner = package["galleryBanner"]
    assert isinstance(banner, dict) and banner["theme"] in ("dark", "light")
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", banner["color"])
    version = (REPO / "errlsp" / "__init__.py").read_text("utf-8")
    assert f'__version__ = "{package["version"]}"' in version, "one version for both"


def test_icon_is_a_png_of_at_least_128_pixels() -> None:
    icon = VSCODE / str(manifest()["icon"])
    header = icon.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width == height >= 128


def test_readme_starts_with_a_get_started_and_its_images_exist() -> None:
    readme = (VSCODE / "README.md").read_text("utf-8")
    sections = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert sections[0] == "Get started in 30 seconds"
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert len(images) >= 5
    for image in images:
        assert (VSCODE / image).is_file(), image


def test_changelog_has_the_unreleased_changes() -> None:
    changelog = (VSCODE / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    assert "importStrategy" in changelog

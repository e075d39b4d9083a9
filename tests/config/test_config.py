"""Configuration: discovery, conversion of TOML and LSP spellings, located errors, scopes."""

from __future__ import annotations

from pathlib import Path

import pytest

from errlsp.catalog import load_catalogs, scoped_catalogs
from errlsp.config import (
    CONFIG_KEYS,
    ConfigError,
    Scope,
    Settings,
    find_config,
    glob_match,
    load_settings,
    settings_from_mapping,
)

PYPROJECT = """\
[project]
name = "demo"

[tool.errlsp]
catalogs = ["voipnow", "catalogs/shop.toml"]
strict = true
helpers = ["expect_error"]
exceptions = ["ShopError"]
accessors = ["reason"]
exclude = ["build/**"]

[tool.errlsp.scopes]
"tests/voip/**" = ["voipnow"]

[tool.errlsp.severity]
status-mismatch = "error"
unknown-code = "off"

[tool.errlsp.per-file-ignores]
"tests/legacy_*.py" = ["unknown-code"]
"""

SHOP = '[catalog]\nname = "shop"\ntitle = "Shop"\n[[codes]]\ncode = "ITEM_NOT_FOUND"\n'


def _project(tmp_path: Path, text: str = PYPROJECT) -> Path:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "shop.toml").write_text(SHOP, encoding="utf-8")
    (tmp_path / "tests" / "voip").mkdir(parents=True)
    return tmp_path


def test_no_config_means_both_builtins(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert load_catalogs(settings).names == ("fonedynamics", "voipnow")


def test_pyproject_table_is_read_from_a_nested_file(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = load_settings(root / "tests" / "voip")
    assert settings.root == root.resolve()
    assert settings.catalogs == ("voipnow", "catalogs/shop.toml")
    assert settings.strict is True
    assert settings.helpers == ("expect_error",)
    assert settings.scopes == (Scope("tests/voip/**", ("voipnow",)),)
    assert settings.severity == {"status-mismatch": "error", "unknown-code": "off"}
    assert settings.per_file_ignores == {"tests/legacy_*.py": ("unknown-code",)}
    catalogs = load_catalogs(settings)
    assert catalogs.names == ("voipnow", "shop")


def test_errlsp_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "errlsp.toml").write_text('catalogs = ["fonedynamics"]\n', encoding="utf-8")
    assert find_config(tmp_path) == (tmp_path / "errlsp.toml").resolve()
    assert load_settings(tmp_path).catalogs == ("fonedynamics",)


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("strict = 1\n", "pyproject.toml:5: tool.errlsp.strict: expected true or false"),
        ("colour = 'red'\n", "pyproject.toml:5: tool.errlsp.colour: unknown key; expected one of"),
        ("catalogs = [1]\n", "pyproject.toml:5: tool.errlsp.catalogs: expected a list"),
        ("[tool.errlsp.severity]\nunknown-code = 'loud'\n", "tool.errlsp.severity: unknown-code"),
        ("[tool.errlsp.severity]\nno-such-rule = 'error'\n", "unknown rule 'no-such-rule'"),
    ],
)
def test_invalid_config_is_located(tmp_path: Path, body: str, expected: str) -> None:
    text = "[project]\nname = 'x'\n\n[tool.errlsp]\n" + body
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert expected in message, message


def test_broken_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "errlsp.toml").write_text("catalogs = [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert "errlsp.toml:" in str(caught.value) and "invalid TOML" in str(caught.value)


def test_a_broken_pyproject_is_reported_only_if_it_may_hold_our_table(tmp_path: Path) -> None:
    """A pyproject.toml that never says "errlsp" holds no config of ours, broken or not: it
    is passed over unparsed (ruff's to report), and the defaults apply."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x\n', encoding="utf-8")
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text("[tool.errlsp]\ncatalogs = [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert "pyproject.toml:" in str(caught.value) and "invalid TOML" in str(caught.value)


def test_unknown_catalog_reference(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, catalogs=("nosuch",))
    with pytest.raises(Exception) as caught:
        load_catalogs(settings)
    assert "not a built-in catalog (fonedynamics, voipnow) nor a file" in str(caught.value)


def test_lsp_settings_use_camel_case() -> None:
    settings = settings_from_mapping(
        {"catalogs": ["voipnow"], "perFileIgnores": {"a.py": ["wrong-case"]}, "strict": False},
        source="initializationOptions",
        root=None,
    )
    assert settings.per_file_ignores == {"a.py": ("wrong-case",)}
    assert settings.catalogs == ("voipnow",)


def test_every_settings_field_is_a_config_key() -> None:
    assert set(CONFIG_KEYS) == {
        "catalogs", "scopes", "helpers", "exceptions", "accessors", "severity", "exclude",
        "per_file_ignores", "strict", "constant_classes", "constant_modules",
    }  # fmt: skip


def test_scopes_pick_the_first_matching_glob(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = load_settings(root)
    catalogs = load_catalogs(settings)
    assert scoped_catalogs(settings, catalogs, root / "tests/voip/test_a.py").names == ("voipnow",)
    assert scoped_catalogs(settings, catalogs, root / "app.py").names == ("voipnow", "shop")


def test_per_file_ignores_and_excludes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    settings = load_settings(root)
    assert settings.ignored_rules(root / "tests/legacy_api.py") == {"unknown-code"}
    assert settings.ignored_rules(root / "tests/test_api.py") == frozenset()
    assert settings.is_excluded(root / "build/lib/x.py")
    assert not settings.is_excluded(root / "src/x.py")


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("tests/voip/test_a.py", "tests/voip/**", True),
        ("tests/voip/deep/test_a.py", "tests/**/test_*.py", True),
        ("tests/test_a.py", "tests/**/test_*.py", True),
        ("src/tests/x.py", "tests/**", False),
        ("a/b/migrations/0001.py", "migrations", True),
        ("a/b/c.py", "*.py", True),
        ("a/b/c.py", "a/*.py", False),
    ],
)
def test_globs(path: str, pattern: str, expected: bool) -> None:
    assert glob_match(path, pattern) is expected

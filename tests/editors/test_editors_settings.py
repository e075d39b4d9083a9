"""The VS Code extension's settings and errlsp's config keys stay one list.

Settings declared in package.json, TypeScript and Python drift apart unless a test ties them:
every `errlsp.*` server setting must be a field of `errlsp.config.Settings` (camelCased on the
wire) that the server accepts, and every user-settable field must have a setting.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from errlsp.config import SEVERITIES, ConfigError, Settings, settings_from_mapping
from errlsp.rules import RULES

VSCODE = Path(__file__).resolve().parents[2] / "editors" / "vscode"
CLIENT_ONLY = {"path", "importStrategy", "trace.server"}  # settings of the extension itself
DERIVED_FIELDS = {"root", "config_path"}  # found from the workspace, never set by a user

# A value of each server setting that the server must accept, and what it becomes.
EXAMPLES: dict[str, tuple[Any, Any]] = {
    "catalogs": (["voipnow"], ("voipnow",)),
    "scopes": ({"clients/fd/**": ["fonedynamics"]}, None),
    "strict": (True, True),
    "severity": ({"status-mismatch": "warning"}, {"status-mismatch": "warning"}),
    "exclude": (["migrations/**"], ("migrations/**",)),
    "perFileIgnores": ({"tests/legacy/**": ["wrong-case"]}, {"tests/legacy/**": ("wrong-case",)}),
    "helpers": (["expect_error"], ("expect_error",)),
    "exceptions": (["ApiError"], ("ApiError",)),
    "accessors": (["reason"], ("reason",)),
    "constantClasses": (["*Failure"], ("*Failure",)),
    "constantModules": (["app/errors.py"], ("app/errors.py",)),
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.fixture(scope="module")
def properties() -> dict[str, dict[str, Any]]:
    manifest = json.loads((VSCODE / "package.json").read_text("utf-8"))
    props: dict[str, dict[str, Any]] = manifest["contributes"]["configuration"]["properties"]
    return props


@pytest.fixture(scope="module")
def server_keys(properties: dict[str, dict[str, Any]]) -> set[str]:
    names = {key.removeprefix("errlsp.") for key in properties}
    assert names >= CLIENT_ONLY
    return names - CLIENT_ONLY


def test_every_setting_is_a_config_field_and_back(server_keys: set[str]) -> None:
    fields = {f.name for f in dataclasses.fields(Settings)} - DERIVED_FIELDS
    assert {snake(key) for key in server_keys} == fields
    assert {camel(name) for name in fields} == server_keys


def test_the_extension_sends_exactly_these_keys(server_keys: set[str]) -> None:
    source = (VSCODE / "src" / "common" / "settings.ts").read_text("utf-8")
    block = re.search(r"SERVER_KEYS = \[(.*?)\] as const", source, re.DOTALL)
    assert block is not None, "SERVER_KEYS not found in settings.ts"
    assert set(re.findall(r"'([A-Za-z]+)'", block.group(1))) == server_keys


def test_the_server_accepts_each_setting_under_its_camelcase_key(server_keys: set[str]) -> None:
    assert set(EXAMPLES) == server_keys
    for key, (value, expected) in EXAMPLES.items():
        settings = settings_from_mapping({key: value}, source="vscode", root=None)
        field = getattr(settings, snake(key))
        if key == "scopes":
            scopes = [(scope.pattern, scope.catalogs) for scope in field]
            assert scopes == [("clients/fd/**", ("fonedynamics",))]
        else:
            assert field == expected, key


def test_a_setting_value_the_server_rejects_is_not_offered() -> None:
    with pytest.raises(ConfigError):
        settings_from_mapping({"severity": {"unknown-code": "fatal"}}, source="vscode", root=None)


def test_severity_setting_lists_every_rule_and_level(properties: dict[str, dict[str, Any]]) -> None:
    severity = properties["errlsp.severity"]
    assert set(severity["properties"]) == set(RULES)
    for rule, schema in severity["properties"].items():
        assert tuple(schema["enum"]) == SEVERITIES, rule
        assert len(schema["enumDescriptions"]) == len(SEVERITIES), rule
    assert tuple(severity["additionalProperties"]["enum"]) == SEVERITIES


def test_every_setting_documents_itself(properties: dict[str, dict[str, Any]]) -> None:
    for key, schema in properties.items():
        assert schema.get("markdownDescription") or schema.get("description"), key
        assert "default" in schema, key
        assert schema.get("scope") in {
            "application",
            "machine",
            "machine-overridable",
            "window",
            "resource",
            "language-overridable",
        }, key
        if "enum" in schema:
            assert len(schema["enumDescriptions"]) == len(schema["enum"]), key

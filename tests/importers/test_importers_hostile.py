"""Importing hostile specs: deep nesting and long ``$ref`` chains are read or reported, never
a traceback, a hang or a silent loss; only a regular file is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from errlsp.importers import ImportFailed, import_source, import_text

DEEP = 5000


def chained_spec(length: int) -> dict[str, Any]:
    """An error schema ``E0`` that is ``allOf: [$ref E1, {code enum}]``, ``length`` deep.

    Each link declares one code, so a complete import has ``length + 1`` codes.
    """

    def code_object(number: int) -> dict[str, Any]:
        enum = {"type": "string", "enum": [f"CODE_{number}"]}
        return {"type": "object", "properties": {"code": enum}}

    schemas: dict[str, Any] = {
        f"E{number}": {
            "allOf": [{"$ref": f"#/components/schemas/E{number + 1}"}, code_object(number)]
        }
        for number in range(length)
    }
    schemas[f"E{length}"] = code_object(length)
    media = {"application/json": {"schema": {"$ref": "#/components/schemas/E0"}}}
    responses = {"400": {"description": "Bad request", "content": media}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/things": {"get": {"responses": responses}}},
        "components": {"schemas": schemas},
    }


def test_a_ref_chain_40_deep_imports_every_code() -> None:
    imported = import_text(json.dumps(chained_spec(40)), "chain.json")
    assert sorted(imported.distinct_codes()) == sorted(f"CODE_{n}" for n in range(41))
    assert imported.skipped == []


def test_a_ref_chain_300_deep_imports_every_code_too() -> None:
    """Each $ref target is read once (``ref_closure``), so no depth limit loses codes."""
    imported = import_text(json.dumps(chained_spec(300)), "chain.json")
    assert sorted(imported.distinct_codes()) == sorted(f"CODE_{n}" for n in range(301))
    assert imported.skipped == []


def test_a_diamond_of_shared_schemas_is_walked_once_per_path_depth() -> None:
    """``allOf: [D1, D1]`` 60 times over would be 2**60 walks without memoizing."""
    schemas: dict[str, Any] = {
        f"D{n}": {"allOf": [{"$ref": f"#/components/schemas/D{n + 1}"}] * 2} for n in range(60)
    }
    schemas["D60"] = {"type": "object", "properties": {"code": {"enum": ["BOTTOM"]}}}
    spec = chained_spec(0)
    spec["components"]["schemas"] = schemas
    media = spec["paths"]["/things"]["get"]["responses"]["400"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/D0"}
    assert import_text(json.dumps(spec), "diamond.json").distinct_codes() == ["BOTTOM"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "deep.json",
            '{"openapi": "3.1.0", "x": ' + "[" * DEEP + "]" * DEEP + "}",
            "deep.json:1: ",
        ),
        ("deep.yaml", "openapi: 3.1.0\nx: " + "[" * DEEP + "]" * DEEP + "\n", "deep.yaml:2: "),
        (
            "block.yaml",
            "openapi: 3.1.0\n" + "".join(f"{' ' * n}k:\n" for n in range(400)) + " " * 400 + "v\n",
            "block.yaml",
        ),
    ],
)
def test_deeply_nested_specs_fail_with_one_line(name: str, text: str, expected: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_text(text, name)
    message = str(caught.value)
    assert message.startswith(expected) and "\n" not in message
    assert "nested" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_as_the_source_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "spec.json")
    result = subprocess.run(
        [sys.executable, "-m", "errlsp", "catalog", "import", str(tmp_path / "spec.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: cannot read {tmp_path / 'spec.json'}: not a regular file: a FIFO; skipped"
    ]


def test_a_device_as_the_source_is_refused() -> None:
    with pytest.raises(ImportFailed, match="not a regular file: a character device"):
        import_source("/dev/zero")


def test_a_yaml_alias_bomb_is_refused_quickly() -> None:
    """Eight aliases per level, nine levels: 134 million examples if walked; refused at once."""
    example = "{code: BOOM, message: m}"
    lines = ["openapi: 3.1.0", "info: {title: t, version: '1'}", "x-bomb:"]
    lines.append("  a0: &a0 [" + ", ".join([example] * 8) + "]")
    lines += [f"  a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 8) + "]" for n in range(1, 9)]
    lines += [
        "paths:",
        "  /x: {get: {responses: {'400': {description: bad, content:",
        "    {application/json: {example: *a8}}}}}}",
    ]
    with pytest.raises(ImportFailed, match=r"^bomb.yaml: aliases expand it past 1,000,000 nodes"):
        import_text("\n".join(lines), "bomb.yaml")


def test_shared_yaml_anchors_of_a_real_size_are_fine() -> None:
    spec = chained_spec(3)
    text = json.dumps(spec)  # JSON is YAML; an anchor-free spec imports as before
    assert len(import_text(text, "chain.yaml").distinct_codes()) == 4


def test_deeply_nested_html_fails_with_one_line() -> None:
    pytest.importorskip("bs4")
    table = "<table><tr><th>Code</th><th>Description</th></tr><tr><td>X_Y</td><td>d</td></tr>"
    page = "<html><body>" + "<div>" * 100_000 + table + "</table>" + "</div>" * 100_000
    with pytest.raises(ImportFailed, match=r"^deep.html is nested too deeply to read; "):
        import_text(page, "deep.html")


def test_deep_json_without_a_suffix_is_read_as_a_spec_and_refused() -> None:
    text = '{"openapi": "3.1.0", "x": ' + "[" * DEEP + "]" * DEEP + "}"
    with pytest.raises(ImportFailed, match=r"^<stdin>:1: nested more than 64 levels deep; "):
        import_text(text.encode(), "<stdin>")

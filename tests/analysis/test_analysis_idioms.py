"""SDK idioms (botocore, Slack, Stripe, Microsoft Graph, Google, GraphQL) through ``errlsp check``.

``tests/fixtures/idioms`` is a small project of its own: a pyproject that scopes one
hand-written catalog excerpt to each fixture file, and the files, whose lines that must
produce a finding end in ``# expect: <rule>``. The same fixtures go through the language
server in ``tests/server/test_server_idioms.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from errlsp.analysis import check_source
from errlsp.catalog import load_catalogs
from errlsp.config import load_settings

IDIOMS = Path(__file__).resolve().parent.parent / "fixtures" / "idioms"
FILES = sorted(path.name for path in IDIOMS.glob("*.py"))
_EXPECT = re.compile(r"#\s*expect:\s*([a-z, -]+?)\s*$")


def expected(text: str) -> set[tuple[int, str]]:
    marks = set()
    for number, line in enumerate(text.split("\n")):
        found = _EXPECT.search(line)
        if found:
            marks.update((number, rule.strip()) for rule in found.group(1).split(","))
    return marks


def test_every_idiom_has_a_fixture() -> None:
    assert FILES == [
        "botocore_client.py",
        "google_client.py",
        "graph_client.py",
        "slack_client.py",
        "stripe_client.py",
    ]


@pytest.mark.parametrize("name", FILES)
def test_idiom_fixture(name: str) -> None:
    settings = load_settings(IDIOMS)
    path = IDIOMS / name
    text = path.read_text(encoding="utf-8")
    findings = check_source(text, settings, load_catalogs(settings), path=path)
    assert {(f.span.start.line, f.rule) for f in findings} == expected(text)


def test_the_cli_reports_the_idioms_and_no_safe_fix_for_an_incomplete_catalog() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "errlsp", "check", "--format", "json", "--no-cache", "."],
        cwd=IDIOMS,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout)
    marked = {
        (name, line)
        for name in FILES
        for line, _rule in expected((IDIOMS / name).read_text(encoding="utf-8"))
    }
    assert {(Path(f["path"]).name, f["line"] - 1) for f in findings} == marked
    slack = [f for f in findings if f["path"].endswith("slack_client.py")]
    assert {f["severity"] for f in slack} == {"warning"}  # the catalog says it is partial
    assert all(f["fix"] is None for f in slack)  # never a safe fix: "ratelimited" is real
    ratelimited = next(f for f in slack if f["code"] == "ratelimited")
    assert ratelimited["suggestions"] == ["rate_limited"]

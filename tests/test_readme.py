"""README.md stays true: the rules section is regenerated from the rule docs and compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from errlsp.rules import RULES, rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def _section(text: str, name: str) -> str:
    found = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert found, f"README has no {name} section markers"
    return found.group(1)


def test_rules_section_matches_the_rule_docs(request: pytest.FixtureRequest) -> None:
    text = README.read_text(encoding="utf-8")
    expected = rules_markdown()
    if request.config.getoption("--update-golden"):
        start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
        head, rest = text.split(start)
        _, tail = rest.split(end)
        README.write_text(head + start + expected + end + tail, encoding="utf-8")
        return
    assert _section(text, "rules") == expected, "run pytest --update-golden and commit README.md"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_rule_has_the_documented_parts(rule) -> None:
    for part in ("## What it does", "## Why is this bad?", "## How to suppress"):
        assert part in rule.doc, f"{rule.id} doc lacks {part!r}"
    assert rule.id == rule.id.lower() and " " not in rule.id


def test_readme_quick_start_commands_exist() -> None:
    text = README.read_text(encoding="utf-8")
    assert ".venv/bin/errlsp check examples/sample-project" in text
    assert ".venv/bin/python -m pytest -n 2" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -n 2" in ci, "CI runs the README's test command"

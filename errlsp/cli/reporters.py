"""Reporters for ``errlsp check``: text, json, github and sarif, registered by name.

Each reporter renders the complete result list to a string; the JSON shape is a public
contract (see README, "JSON output"): 1-based ``line``/``column``, code-point columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp import __version__
from errlsp.rules import RULES

if TYPE_CHECKING:  # (a report of no findings never needs the analysis model)
    from errlsp.analysis.model import Finding

Row = tuple[str, "Finding"]
Reporter = Callable[[Sequence[Row]], str]


def _record(path: str, finding: Finding) -> dict[str, Any]:
    return {
        "path": path,
        "line": finding.span.start.line + 1,
        "column": finding.span.start.character + 1,
        "end_line": finding.span.end.line + 1,
        "end_column": finding.span.end.character + 1,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "code": finding.code,
        "catalog": finding.catalog,
        "suggestions": list(finding.suggestions),
        "fix": finding.fix.replacement if finding.fix and finding.fix.safe else None,
    }


# Control characters (and Unicode line/paragraph separators) in a file name or message would
# split one finding over several lines of text output, or recolour a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_control(value: str) -> str:
    """``a\\nb.py`` for a file name with a newline: one finding stays one line."""
    if not _CONTROL.search(value):
        return value
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], value)


def text(rows: Sequence[Row]) -> str:
    lines = [
        f"{_escape_control(path)}:{f.span.start.line + 1}:{f.span.start.character + 1}: "
        f"{f.rule} {_escape_control(f.message)}"
        for path, f in rows
    ]
    errors = sum(1 for _, f in rows if f.severity == "error")
    fixable = sum(1 for _, f in rows if f.fix and f.fix.safe)
    unsafe = sum(1 for _, f in rows if f.fix and not f.fix.safe)
    if rows:
        summary = f"Found {len(rows)} finding{'s' if len(rows) != 1 else ''} ({errors} error"
        summary += f"{'s' if errors != 1 else ''})."
        if fixable:
            summary += f" {fixable} fixable with `errlsp check --fix`."
        if unsafe:
            summary += f" {unsafe} more with `--unsafe-fixes` (suggestions: review them)."
        lines.append(summary)
    else:
        lines.append("All checks passed!")
    return "\n".join(lines) + "\n"


def json_reporter(rows: Sequence[Row]) -> str:
    return json.dumps([_record(path, f) for path, f in rows], indent=2, ensure_ascii=False) + "\n"


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(rows: Sequence[Row]) -> str:
    levels = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
    out = []
    for path, f in rows:
        record = _record(path, f)
        props = ",".join(
            [
                f"file={_escape_github(path, property_=True)}",
                f"line={record['line']}",
                f"col={record['column']}",
                f"endLine={record['end_line']}",
                f"endColumn={record['end_column']}",
                f"title={_escape_github('errlsp ' + f.rule, property_=True)}",
            ]
        )
        out.append(f"::{levels.get(f.severity, 'warning')} {props}::{_escape_github(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def sarif(rows: Sequence[Row]) -> str:
    levels = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
    rules = [
        {
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "helpUri": rule.url,
            "defaultConfiguration": {"level": levels[rule.default_severity]},
        }
        for rule in RULES.values()
    ]
    index = {rule_id: number for number, rule_id in enumerate(RULES)}
    results = []
    for path, f in rows:
        region = {
            "startLine": f.span.start.line + 1,
            "startColumn": f.span.start.character + 1,
            "endLine": f.span.end.line + 1,
            "endColumn": f.span.end.character + 1,
        }
        uri = Path(path).as_posix()
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": levels.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
            ],
        }
        if f.fix and f.fix.safe:
            fix_region = {
                "startLine": f.fix.span.start.line + 1,
                "startColumn": f.fix.span.start.character + 1,
                "endLine": f.fix.span.end.line + 1,
                "endColumn": f.fix.span.end.character + 1,
            }
            result["fixes"] = [
                {
                    "description": {"text": f.fix.title},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {
                                    "deletedRegion": fix_region,
                                    "insertedContent": {"text": f.fix.replacement},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "errlsp",
                        "version": __version__,
                        "informationUri": "https://github.com/errlsp/errlsp",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": json_reporter,
    "github": github,
    "sarif": sarif,
}

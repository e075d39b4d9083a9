"""``errlsp.analysis.check``: one pass, severities, suppression, constants used from elsewhere."""

from __future__ import annotations

from errlsp.analysis import analyse
from errlsp.analysis.check import resolve_pending
from errlsp.analysis.symbols import ProjectIndex, definitions
from errlsp.catalog import CatalogSet, load_builtin, parse_catalog
from errlsp.config import Settings

CATALOGS = CatalogSet((load_builtin("fonedynamics"),))
PARTIAL = parse_catalog(
    '[catalog]\nname = "partial"\ntitle = "P"\ncomplete = false\n\n'
    '[[codes]]\ncode = "rate_limited"\n',
    "partial.toml",
)


def test_analyse_gives_references_and_findings_in_source_order() -> None:
    text = (
        'assert_api_error(resp, "FORBIDDEN")\n'
        'assert_api_error(resp, "PARAMETER_REQURED")\n'
        'assert_api_error(resp, "PARAMETER_REQURED")  # errlsp: ignore[unknown-code]\n'
    )
    result = analyse(text, Settings(), CATALOGS)
    assert [ref.span.start.line for ref in result.references] == [0, 1, 2]
    assert [(f.span.start.line, f.rule) for f in result.findings] == [(1, "unknown-code")]


def test_an_incomplete_catalog_makes_unknown_codes_warnings_unless_configured() -> None:
    text = 'if e.response["error"] == "ratelimited":\n    pass\n'
    catalogs = CatalogSet((PARTIAL,))
    (finding,) = analyse(text, Settings(), catalogs).findings
    assert (finding.severity, finding.fix is not None and finding.fix.safe) == ("warning", False)
    strict = Settings(severity={"unknown-code": "error"})
    (finding,) = analyse(text, strict, catalogs).findings
    assert finding.severity == "error"


def test_constants_from_other_files_wait_for_the_index() -> None:
    text = (
        "from app.errors import ErrorCode\n"
        "def f(resp):\n"
        "    assert_api_error(resp, ErrorCode.BAD, status=401)\n"
        "    assert_api_error(resp, ErrorCode.BAD, status=401)  # errlsp: ignore\n"
    )
    result = analyse(text, Settings(), CATALOGS, path="app/client.py")
    assert result.findings == ()
    assert [use.target for use in result.pending] == ["app.errors.ErrorCode.BAD"] * 2
    index = ProjectIndex()
    index.add("app.errors", definitions('class ErrorCode:\n    BAD = "FORBIDDEN"\n'))
    found = resolve_pending(result.pending, index, Settings(), CATALOGS, "app/client.py")
    assert [(f.rule, f.span.start.line) for f in found] == [("status-mismatch", 2)]

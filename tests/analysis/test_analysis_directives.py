"""File directives: helper aliases, ``# errlsp: catalog=``, and ``errcodes`` markers."""

from __future__ import annotations

import pytest

from errlsp.analysis import analyse, directives, references
from errlsp.analysis.contexts import settings_contexts
from errlsp.catalog import load_catalogs
from errlsp.config import Scope, Settings

SETTINGS = Settings()
CATALOGS = load_catalogs(SETTINGS)
MARKED = """\
import pytest


@pytest.mark.errcodes(catalog="fonedynamics")
def test_one(resp):
    assert_api_error(resp, "PARAMETER_REQUIRED")


@pytest.mark.errcodes(["voipnow", "fonedynamics"])
class TestMany:
    def test_two(self, resp):
        assert_api_error(resp, "not_implemented")


def test_unmarked(resp):
    assert_api_error(resp, "not_implemented", catalog="voipnow")
"""


def test_markers_name_the_catalogs_of_the_code_they_decorate() -> None:
    found = directives(MARKED, settings_contexts(SETTINGS))
    assert [(m.first, m.catalogs) for m in found.marked] == [
        (3, ("fonedynamics",)),
        (8, ("voipnow", "fonedynamics")),
    ]
    assert [ref.catalogs for ref in references(MARKED, SETTINGS)] == [
        ("fonedynamics",),
        ("voipnow", "fonedynamics"),
        ("voipnow",),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'pytestmark = pytest.mark.errcodes(catalog="fonedynamics")\n',
        'pytestmark = [pytest.mark.slow, pytest.mark.errcodes("fonedynamics")]\n',
        "# errlsp: catalog=fonedynamics\n",
    ],
)
def test_file_wide_catalogs(text: str) -> None:
    source = text + 'def test(resp):\n    assert_api_error(resp, "PARAMETER_REQUIRED")\n'
    (reference,) = references(source, SETTINGS)
    assert reference.catalogs == ("fonedynamics",)


def test_a_marker_is_read_as_data_never_run() -> None:
    text = (
        '@pytest.mark.errcodes(catalog=__import__("os").system("exit 3"))\n'
        'def test(resp):\n    assert_api_error(resp, "PARAMETER_REQUIRED")\n'
    )
    (reference,) = references(text, SETTINGS)
    assert reference.catalogs == ()


def test_the_marker_beats_the_scope_and_a_call_beats_the_marker() -> None:
    settings = Settings(scopes=(Scope("tests/voip/**", ("voipnow",)),))
    path = "tests/voip/test_x.py"
    assert analyse(MARKED, settings, CATALOGS, path=path).findings == ()
    unmarked = MARKED.replace('@pytest.mark.errcodes(catalog="fonedynamics")\n', "")
    (finding,) = analyse(unmarked, settings, CATALOGS, path=path).findings
    assert finding.rule == "other-catalog"


def test_strict_false_on_a_helper_allows_an_undocumented_code() -> None:
    text = 'assert_api_error(resp, "NOT_DOCUMENTED_ANYWHERE", strict=False)\n'
    assert analyse(text, SETTINGS, CATALOGS).findings == ()
    (finding,) = analyse(text.replace(", strict=False", ""), SETTINGS, CATALOGS).findings
    assert finding.rule == "unknown-code"


def test_one_pass_gives_references_and_findings() -> None:
    text = 'assert_api_error(resp, "PARAMETER_REQURED")\nassert_api_error(resp, "FORBIDDEN")\n'
    result = analyse(text, SETTINGS, CATALOGS)
    assert [ref.code for ref in result.references] == ["PARAMETER_REQURED", "FORBIDDEN"]
    assert [finding.code for finding in result.findings] == ["PARAMETER_REQURED"]

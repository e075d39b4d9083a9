"""The key test: importing the two seed pages reproduces the built-in catalogs exactly.

The seed pages live outside the repository (``../shared/seeds``); without them the test is
skipped. ``--name`` and ``--title`` are passed as a user would, because neither page states
the API's catalog name or its full title; everything else comes from the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from errlsp.catalog import load_builtin, load_catalog

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FONE = SEEDS / "000_6377ea2302b4e20f.txt"
VOIPNOW = SEEDS / "003_f3c40b19f0cf9aac.txt"

pytestmark = pytest.mark.skipif(
    not (FONE.is_file() and VOIPNOW.is_file()),
    reason=f"seed pages not found in {SEEDS} (they live in the shared folder beside the repo)",
)


@pytest.mark.parametrize(
    ("seed", "name", "title"),
    [
        (FONE, "fonedynamics", "Fone Dynamics REST API"),
        (VOIPNOW, "voipnow", "4PSA VoipNow UnifiedAPI v5"),
    ],
    ids=["fonedynamics", "voipnow"],
)
def test_seed_import_reproduces_builtin(seed, name, title, tmp_path, cli, facts):
    output = tmp_path / f"{name}.toml"
    code, _, err = cli(
        "catalog", "import", str(seed), "-o", str(output), "--name", name, "--title", title
    )
    assert code == 0, err
    imported = facts(load_catalog(output))
    builtin = facts(load_builtin(name))
    assert imported["codes"] == builtin["codes"]
    assert imported == builtin


def test_fonedynamics_facts_read_from_the_page(tmp_path, cli):
    output = tmp_path / "fone.toml"
    code, _, err = cli("catalog", "import", str(FONE), "-o", str(output), "--name", "fonedynamics")
    assert code == 0
    catalog = load_catalog(output)
    assert catalog.statuses == (400, 401, 403, 500)  # the page's status table
    assert catalog.envelope == "response-status"  # "wrapped in a ResponseStatus object"
    assert catalog.case == "upper"
    assert catalog.get("FORBIDDEN").statuses == (403,)  # named by the "403 Forbidden" row
    carrying = [entry.code for entry in catalog if entry.field]
    assert carrying == [
        "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
        "PARAMETER_INVALID",
        "PARAMETER_REQUIRED",
    ]
    assert {entry.field for entry in catalog if entry.field} == {"FieldName"}
    text = output.read_text(encoding="utf-8")
    assert '# status 403 inferred: the status table row "403 Forbidden"' in text
    assert not [line for line in err.splitlines() if line.startswith("skipped ")]
    assert "the title is 'HTTP Status Codes'" in err  # no --title: the page's heading, said so


def test_voipnow_glued_rows_repeats_and_skips(tmp_path, cli):
    output = tmp_path / "voipnow.toml"
    code, _, err = cli("catalog", "import", str(VOIPNOW), "-o", str(output), "--name", "voipnow")
    assert code == 0
    catalog = load_catalog(output)
    assert catalog.get("filtervalue_invalid").messages == (
        "Parameter filterValue for onArray operation is invalid.",
        "Parameter filterValue contains invalid numbers.",
        "Parameter filterValue is invalid.",
    )
    assert catalog.get("invalid_filter_by_phone_call_id").message == (
        "The filter by phone call id is invalid."
    )
    assert catalog.get("unauthorized").statuses == (401,)
    assert catalog.get("not_implemented").statuses == (501,)
    assert "Last" not in catalog and 200 not in catalog.statuses
    text = output.read_text(encoding="utf-8")
    assert text.count('code = "extension_invalid"') == 2  # one [[codes]] per listing
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        f"skipped {VOIPNOW}:22: status table lists 200, 204: success statuses, not errors; "
        "left out",
        f'skipped {VOIPNOW}:121: "Last updated: Dec 19, 2025" is not a code row: every other '
        "code is lower case; left out",
    ]

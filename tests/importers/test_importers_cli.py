"""``errlsp catalog import``: options, output, exit statuses and messages."""

from __future__ import annotations

import io
import subprocess
import sys

from errlsp.catalog import load_catalog, parse_catalog

PAGE = (
    "Error Code Description\n"
    "TOKEN_EXPIRED The token has expired.\n"
    "TOKEN_INVALID The token is invalid.\n"
)


def write_page(tmp_path, text=PAGE, name="auth.txt"):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


def test_import_to_stdout_by_default(tmp_path, cli):
    page = write_page(tmp_path)
    code, out, err = cli("catalog", "import", str(page), "--title", "Auth API")
    assert code == 0
    catalog = parse_catalog(out, "auth.toml")
    assert (catalog.name, catalog.title, catalog.case) == ("auth", "Auth API", "upper")
    assert [entry.code for entry in catalog] == ["TOKEN_EXPIRED", "TOKEN_INVALID"]
    assert err.splitlines() == [
        "note: no --name given; the catalog is named 'auth'",
        f"imported 2 codes (2 listings) from {page} into stdout; 0 skipped",
    ]


def test_import_options_override_the_page(tmp_path, cli):
    page = write_page(tmp_path)
    output = tmp_path / "out" / "auth.toml"
    output.parent.mkdir()
    code, _, err = cli(
        "catalog", "import", str(page), "-o", str(output),
        "--name", "auth", "--title", "Auth", "--case", "mixed",
        "--envelope", "problem-json", "--source-url", "https://auth.example/errors",
    )  # fmt: skip
    assert code == 0, err
    catalog = load_catalog(output)
    assert (catalog.case, catalog.envelope, catalog.source) == (
        "mixed", "problem-json", "https://auth.example/errors",
    )  # fmt: skip
    assert "note: the codes are upper case; using --case mixed" in err


def test_import_from_stdin(monkeypatch, cli):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode())))
    code, out, _ = cli("catalog", "import", "-", "--name", "piped", "--title", "Piped")
    assert code == 0
    assert parse_catalog(out, "piped.toml").get("TOKEN_INVALID").message == "The token is invalid."


def test_forced_format(tmp_path, cli):
    page = write_page(tmp_path, name="auth.md")  # a text page with a misleading suffix
    code, out, _ = cli(
        "catalog", "import", str(page), "--format", "text", "--name", "a", "--title", "A"
    )
    assert code == 0
    assert 'code = "TOKEN_EXPIRED"' in out


def test_bad_options_and_inputs_exit_2_with_one_line(tmp_path, cli):
    page = write_page(tmp_path)
    cases = [
        (
            ("--envelope", "soap"),
            "error: --envelope 'soap' is not a dialect; expected one of response-status, "
            "error-object, problem-json, json-api, google, graphql, stripe, drf, aws-json, s3-xml, "
            "flat",
        ),
        (
            ("--name", "Auth API"),
            "error: --name 'Auth API' is not a catalog name; expected lower-case letters, "
            "digits, '-', '_' or '.', starting with a letter or digit",
        ),
    ]
    for options, message in cases:
        code, out, err = cli("catalog", "import", str(page), *options)
        assert (code, out) == (2, "")
        assert err.splitlines()[-1] == message
    code, out, err = cli("catalog", "import", str(tmp_path / "missing.html"))
    assert (code, out, err) == (
        2,
        "",
        f"error: cannot read {tmp_path / 'missing.html'}: No such file or directory\n",
    )


def test_no_table_found(tmp_path, cli):
    page = write_page(tmp_path, "Welcome to our docs.\n\nNothing about errors here.\n", "page.html")
    page.write_text("<html><body><p>Welcome to our docs.</p></body></html>", encoding="utf-8")
    code, out, err = cli("catalog", "import", str(page))
    assert (code, out) == (2, "")
    assert err == (
        f"error: no code/description table found in {page}; expected an HTML <table>, a Markdown "
        "pipe table, or lines of CODE and description\n"
    )


def test_partial_import_lists_what_was_skipped(tmp_path, cli):
    page = write_page(tmp_path, "CodeMessage\nbad_tokenThe token is bad.\n(see the FAQ)\n")
    code, out, err = cli("catalog", "import", str(page), "--name", "t", "--title", "T")
    assert code == 0
    assert (
        f'skipped {page}:3: "(see the FAQ)" is not a row of the Code | Message table above it'
        in err
    )
    assert "1 skipped" in err.splitlines()[-1]
    assert "# Skipped (1):" in out


def test_real_entry_point_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "errlsp", "catalog", "import", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: cannot read ")


def test_output_named_json_is_written_as_json(tmp_path, cli):
    page = write_page(tmp_path)
    output = tmp_path / "auth.json"
    code, _, _ = cli("catalog", "import", str(page), "-o", str(output), "--name", "auth")
    assert code == 0
    assert output.read_text(encoding="utf-8").startswith('{\n  "catalog": {\n    "name": "auth"')
    assert load_catalog(output).get("TOKEN_EXPIRED").message == "The token has expired."

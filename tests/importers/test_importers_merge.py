"""Several sources into one catalog: per-code sources, conflicts, complete = false, provenance."""

from __future__ import annotations

from pathlib import Path

from errlsp.catalog import load_catalog

EXTRA = """# Slack errors the spec forgets

| Code | Status | Message |
| --- | --- | --- |
| ratelimited | 429 | The request has been ratelimited. |
| not_authed | 401 | No authentication token provided. |
| Not_Authed | 401 | A differently cased spelling. |
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_spec_plus_page_gives_one_catalog_with_sources_and_conflicts(data, tmp_path, cli):
    spec = data / "realworld" / "slack_web_openapi_v2_without_examples.json.gz"
    page = _write(tmp_path / "docs", "slack-extra.md", EXTRA)
    output = tmp_path / "catalogs" / "slack.toml"
    output.parent.mkdir()
    code, _, err = cli(
        "catalog", "import", str(spec), str(page), "-o", str(output), "--name", "slack",
        "--incomplete",
    )  # fmt: skip
    assert code == 0, err
    catalog = load_catalog(output)
    assert catalog.is_complete is False
    assert len(catalog) == 202  # 200 from the spec, ratelimited and Not_Authed from the page
    page_label = "../docs/slack-extra.md"
    assert catalog.get("ratelimited").sources == (page_label,)
    assert catalog.get("ratelimited").statuses == (429,)
    both = catalog.get("not_authed")
    assert (
        set(both.sources) == {page_label, spec.name.removesuffix(".gz") + ".gz"}
        or len(both.sources) == 2
    )
    conflicts = [line for line in err.splitlines() if line.startswith("conflict: ")]
    assert any(line.startswith("conflict: case differs: not_authed in ") for line in conflicts)
    text = output.read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # no machine path anywhere in the committed file
    assert str(data) not in text


def test_status_conflicts_are_reported_and_every_status_kept(tmp_path, cli):
    first = _write(tmp_path, "a.md", "| Code | Status | Message |\n| --- | --- | --- |\n"
                   "| gone | 404 | Not here. |\n| busy | 429 | Slow down. |\n")  # fmt: skip
    second = _write(tmp_path, "b.md", "| Code | Status | Message |\n| --- | --- | --- |\n"
                    "| gone | 410 | Deleted. |\n| busy | 429 | Slow down. |\n")  # fmt: skip
    output = tmp_path / "out.toml"
    code, _, err = cli("catalog", "import", str(first), str(second), "-o", str(output))
    assert code == 0, err
    catalog = load_catalog(output)
    assert catalog.get("gone").statuses == (404, 410)
    assert catalog.get("gone").messages == ("Not here.", "Deleted.")
    assert catalog.get("busy").messages == ("Slow down.",)
    assert catalog.get("busy").sources == ("a.md", "b.md")
    assert f"conflict: gone: status differs (404 in {first}; 410 in {second})" in err
    text = output.read_text(encoding="utf-8")
    assert "# status differs between sources (404 in a.md; 410 in b.md)" in text
    assert str(tmp_path) not in text
    assert catalog.is_complete is True


def test_catalog_merge_of_files_and_a_builtin(tmp_path, cli):
    own = _write(
        tmp_path / "cat",
        "extra.toml",
        '[catalog]\nname = "extra"\ntitle = "Extra"\ncomplete = false\n\n'
        '[[codes]]\ncode = 20404\nstatus = 404\nmessage = "Not found."\n',
    )
    output = tmp_path / "merged.toml"
    code, _, err = cli("catalog", "merge", "voipnow", str(own), "-o", str(output))
    assert code == 0, err
    merged = load_catalog(output)
    voipnow = load_catalog(Path(__file__).parents[2] / "errlsp" / "catalogs" / "voipnow.toml")
    assert len(merged) == len(voipnow) + 1
    assert merged.name == "voipnow"
    assert merged.is_complete is False  # one input is known partial
    entry = merged.get("20404")
    assert entry.integer and entry.sources == ("cat/extra.toml",)
    first = next(iter(voipnow))
    assert merged.get(first.code).sources == ("voipnow",)
    assert merged.get(first.code).messages == first.messages


def test_merge_of_a_missing_catalog_is_one_line(cli):
    code, _, err = cli("catalog", "merge", "nope-not-here")
    assert code == 2
    assert err.startswith("error: 'nope-not-here' is neither a catalog file nor a built-in")


def test_header_records_the_source_relative_to_the_output(tmp_path, cli, monkeypatch):
    page = _write(tmp_path / "docs" / "api", "errors.md", EXTRA)
    output = tmp_path / "repo" / "catalogs" / "api.toml"
    output.parent.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    code, _, err = cli("catalog", "import", str(page), "-o", "catalogs/api.toml")
    assert code == 0, err
    first_line = output.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.endswith("from ../../docs/api/errors.md.")
    assert str(tmp_path) in err  # messages on stderr keep the path as typed


def test_a_fifo_or_a_directory_is_never_read(tmp_path, cli):
    import os

    fifo = tmp_path / "errors.md"
    os.mkfifo(fifo)  # reading it would block forever
    code, _, err = cli("catalog", "import", str(fifo))
    assert code == 2
    assert err == f"error: cannot read {fifo}: not a regular file: a FIFO; skipped\n"
    code, _, err = cli("catalog", "import", str(tmp_path))
    expected = f"error: cannot read {tmp_path}: not a regular file: a directory; skipped\n"
    assert (code, err) == (2, expected)

"""``--errcodes-coverage-html``: the page is self-contained and works in a real browser.

The report of an inner session is opened in headless Chromium (Debian's ``/usr/bin/chromium``,
as the editor tests use it): the DOM after the page's own script ran is read back with
``--dump-dom``, once unsorted and once sorted from the address, and a screenshot is taken.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_plugin_coverage import SHOP_TESTS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def chromium(tmp_path: Path, *args: str) -> str:
    if CHROMIUM is None:
        pytest.skip("needs Chromium (apt-get install chromium)")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    completed = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout


class Rows(HTMLParser):
    """The tables of the dumped DOM: per catalog section, each row's class and code."""

    def __init__(self) -> None:
        super().__init__()
        self.catalog: str | None = None
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self.bars: dict[str, str] = {}
        self.drift: list[str] = []
        self.sorted_by: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href"):
            if attributes.get(name):
                self.external.append(f"{tag} {name}={attributes[name]}")
        if tag == "section" and attributes.get("data-catalog"):
            self.catalog = attributes["data-catalog"]
            self.rows[self.catalog] = []
        elif tag == "tr" and "data-code" in attributes and self.catalog:
            self.rows[self.catalog].append((attributes["class"], attributes["data-code"]))
        elif tag == "span" and self.catalog and "style" in attributes:
            self.bars[self.catalog] = attributes["style"]
        elif tag == "li" and "data-code" in attributes:
            self.drift.append(attributes["data-code"])
        elif tag == "th" and attributes.get("aria-sort"):
            self.sorted_by.append(f"{attributes['data-column']}:{attributes['aria-sort']}")


@pytest.fixture
def html_report(shop_project, run_inner) -> Path:
    for name, source in SHOP_TESTS.items():
        shop_project.makepyfile(**{name: textwrap.dedent(source)})
    result = run_inner("--errcodes-coverage-html", "htmlcov")
    result.assert_outcomes(passed=9)
    page = shop_project.path / "htmlcov" / "index.html"
    result.stdout.fnmatch_lines([f"error-code coverage HTML written to {page}"])
    return page


def test_html_report_is_self_contained(html_report):
    text = html_report.read_text("utf-8")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<link""", text)
    assert "<script>" in text and "<style>" in text


def test_html_report_in_headless_chromium(html_report, tmp_path):
    dom = Rows()
    dom.feed(chromium(tmp_path, "--dump-dom", html_report.as_uri()))
    assert dom.external == []
    assert list(dom.rows) == ["shop", "voipnow"]
    shop = {code: status for status, code in dom.rows["shop"]}
    assert shop["card_declined"] == "exercised"
    assert shop["never_exercised"] == "not-exercised"
    assert shop["ATTRIBUTE_TOO_SHINY"] == "undocumented"
    assert sum(status == "exercised" for status in shop.values()) == 5
    assert dom.bars["shop"] == "width: 55.56%"
    assert dom.drift == ["ATTRIBUTE_TOO_SHINY"]
    assert dom.sorted_by == []

    by_status = Rows()
    by_status.feed(chromium(tmp_path, "--dump-dom", html_report.as_uri() + "#sort=status:asc"))
    statuses = [status for status, _ in by_status.rows["shop"]]
    assert statuses == sorted(statuses, key=["undocumented", "not-exercised", "exercised"].index)
    assert statuses[0] == "undocumented"
    assert by_status.sorted_by == ["status:ascending", "status:ascending"]

    by_code = Rows()
    by_code.feed(chromium(tmp_path, "--dump-dom", html_report.as_uri() + "#sort=code:desc"))
    codes = [code for _, code in by_code.rows["shop"]]
    assert codes == sorted(codes, reverse=True)

    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", html_report.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one

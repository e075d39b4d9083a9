"""``--errcodes-coverage-html DIR``: the coverage report as one page a person can look at.

Like coverage.py's HTML report, but for documented error codes: per catalog a bar of the
codes exercised, a table of every code (exercised, not exercised, undocumented) with its
documented statuses and message and the tests that exercised it, and the drift list of
undocumented codes the server returned. One self-contained file: the CSS and the few lines
of script that sort the tables are inline, nothing is fetched from a network or a CDN, so
the page works from a CI artifact. A table sorts by a click on its header, or from the
address (``index.html#sort=status:desc``), so a sorted view can be linked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_errcodes._coverage import CatalogCoverage, CoverageReport

COLUMNS = {
    "code": "Code",
    "status": "Status",
    "http": "HTTP",
    "message": "Message",
    "tests": "Tests",
}
_STATUS_ORDER = {"undocumented": 0, "not-exercised": 1, "exercised": 2}
MAX_TESTS_SHOWN = 20

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.summary { color: #555; }
.bar { width: 32em; max-width: 100%; height: 1em; background: #e4c2c2; border-radius: 3px; }
.bar > span { display: block; height: 100%; background: #3c9a4e; border-radius: 3px; }
table { border-collapse: collapse; margin-top: .6em; width: 100%; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f4f4f4; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td.code { font-family: ui-monospace, monospace; }
tr.exercised td.status { color: #2c7a3b; } tr.not-exercised td.status { color: #a33; }
tr.undocumented td.status { color: #a60; font-weight: bold; }
ul.tests { margin: 0; padding-left: 1.1em; font-family: ui-monospace, monospace;
           font-size: .9em; }
"""

_SCRIPT = """
(function () {
  function key(cell, column) {
    var value = cell.getAttribute("data-sort");
    return column === "tests" ? Number(value) : value;
  }
  function sortTable(table, column, direction) {
    var header = table.querySelector('th[data-column="' + column + '"]');
    if (!header) { return; }
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], column), y = key(b.cells[index], column);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return direction === "desc" ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction === "desc" ? "descending" : "ascending");
  }
  function sortAll(column, direction) {
    document.querySelectorAll("table.codes").forEach(function (table) {
      sortTable(table, column, direction);
    });
  }
  document.querySelectorAll("table.codes th").forEach(function (th) {
    th.addEventListener("click", function () {
      var direction = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
      sortTable(th.closest("table"), th.getAttribute("data-column"), direction);
      history.replaceState(null, "", "#sort=" + th.getAttribute("data-column") + ":" + direction);
    });
  });
  var wanted = /^#sort=([a-z]+)(?::(asc|desc))?$/.exec(location.hash);
  if (wanted) { sortAll(wanted[1], wanted[2] || "asc"); }
})();
"""


def write_html(report: CoverageReport, directory: Path) -> Path:
    """Write ``directory/index.html``; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


def render_html(report: CoverageReport) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Error-code coverage</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Error-code coverage</h1>",
        f'<p class="summary" id="total">TOTAL: {report.exercised} of {report.documented} '
        f"documented codes exercised ({report.percent:.1f}%); undocumented codes seen: "
        f"{report.undocumented}.</p>",
    ]
    for coverage in report.catalogs:
        parts.append(_catalog_section(coverage, marker_only=False))
    for coverage in report.marker_only:
        parts.append(_catalog_section(coverage, marker_only=True))
    parts.append(_drift_section(report))
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


def _catalog_section(c: CatalogCoverage, *, marker_only: bool) -> str:
    note = " (marker only, not in TOTAL)" if marker_only else ""
    name = escape(c.name)
    rows = [_code_row(c, code) for code in (*c.documented, *c.undocumented)]
    headers = "".join(
        f'<th data-column="{column}" scope="col">{label}</th>' for column, label in COLUMNS.items()
    )
    return (
        f'<section class="catalog" id="catalog-{name}" data-catalog="{name}">'
        f"<h2>{name}: {escape(c.title)}{escape(note)}</h2>"
        f'<p class="summary">{len(c.exercised)} of {len(c.documented)} documented codes '
        f'exercised (<span class="percent">{c.percent:.1f}%</span>)</p>'
        f'<div class="bar" role="img" aria-label="{c.percent:.1f}% exercised">'
        f'<span style="width: {c.percent:.2f}%"></span></div>'
        f'<table class="codes"><thead><tr>{headers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _code_row(c: CatalogCoverage, code: str) -> str:
    if code in c.undocumented:
        status = "undocumented"
    elif code in c.kinds:
        status = "exercised"
    else:
        status = "not-exercised"
    info = c.info.get(code)
    http = ", ".join(map(str, info.statuses)) if info is not None else ""
    message = info.message if info is not None else ""
    tests = c.tests.get(code, ())
    listed = "".join(f"<li>{escape(test)}</li>" for test in tests[:MAX_TESTS_SHOWN])
    if len(tests) > MAX_TESTS_SHOWN:
        listed += f"<li>... {len(tests) - MAX_TESTS_SHOWN} more</li>"
    return (
        f'<tr class="{status}" data-code="{escape(code)}">'
        f'<td class="code" data-sort="{escape(code)}">{escape(code)}</td>'
        f'<td class="status" data-sort="{_STATUS_ORDER[status]}">{status.replace("-", " ")}</td>'
        f'<td class="http" data-sort="{escape(http)}">{escape(http)}</td>'
        f'<td class="message" data-sort="{escape(message)}">{escape(message)}</td>'
        f'<td class="tests" data-sort="{len(tests)}">'
        f"{f'<ul class=tests>{listed}</ul>' if listed else ''}</td></tr>"
    )


def _drift_section(report: CoverageReport) -> str:
    drift = report.drift()
    if not drift:
        return '<section id="drift"><h2>Drift</h2><p>No undocumented codes seen.</p></section>'
    items = "".join(
        f'<li data-code="{escape(code)}"><code>{escape(code)}</code>'
        f"{f' ({escape(name)})' if name else ''}: "
        f"{escape(', '.join(tests)) if tests else 'outside a test'}</li>"
        for name, code, tests in drift
    )
    return (
        '<section id="drift"><h2>Drift: undocumented codes the server returned</h2>'
        f"<ul>{items}</ul></section>"
    )

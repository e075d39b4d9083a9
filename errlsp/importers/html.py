"""HTML pages (saved from a browser or written by hand), read with BeautifulSoup.

The stdlib ``html.parser`` backend is used because it needs nothing compiled and records each
tag's source line, which the skipped-item messages and the written file's review comments cite.
Codes are found in ``<table>``s, in definition lists and bullet lists that start with a
``<code>``, and in ``<pre>`` blocks holding copied text tables; headings (``<h1>``-``<h6>``)
group them by status.
"""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from errlsp.importers.document import Document, Heading, Prose, Row, Sample, Table
from errlsp.importers.text import blocks_from_lines, column_role

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "button"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "li", "tr", "td", "th", "dt", "dd", "pre", "ul", "ol", "table", "section"}
_PROSE = {
    "p",
    "blockquote",
    "figcaption",
    "caption",
    "summary",
    "dd",
    "dt",
    "li",
    "span",
    "ul",
    "ol",
}


def parse_html(data: bytes | str, path: str) -> Document:
    """Split an HTML page into headings, tables, samples and prose."""
    soup = BeautifulSoup(data, "html.parser")
    for line_break in soup.find_all("br"):
        line_break.replace_with(" ")
    document = Document(path=path)
    title = soup.find("title")
    if isinstance(title, Tag) and title.get_text(strip=True):
        document.title = _text(title)
    document.source = _canonical(soup)
    root = soup.body if isinstance(soup.body, Tag) else soup
    _walk(root, document)
    if document.title is None:
        document.title = next((b.text for b in document.blocks if isinstance(b, Heading)), None)
    return document


def _walk(element: Tag | BeautifulSoup, document: Document) -> None:
    for child in element.children:
        if not isinstance(child, Tag):
            text = " ".join(str(child).split()) if type(child) is NavigableString else ""
            if text:
                document.blocks.append(Prose(_line(element), text))
            continue
        name = child.name
        if name in _SKIP:
            continue
        if name in _HEADINGS:
            document.blocks.append(Heading(_line(child), _text(child), int(name[1])))
        elif name == "table":
            document.blocks.append(_table(child))
        elif name == "pre":
            _pre(child, document)
        elif name == "dl" and _starts_with_codes(child.find_all("dt", recursive=False)):
            document.blocks.append(_definition_list(child))
        elif name in ("ul", "ol") and _starts_with_codes(_items(child)):
            document.blocks.append(_code_list(child))
        elif name in _PROSE:
            if child.find(["table", "pre", *_HEADINGS]) is not None:
                _walk(child, document)
            else:
                document.blocks.append(Prose(_line(child), _text(child)))
        else:
            _walk(child, document)


def _table(table: Tag) -> Table:
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    header: tuple[str, ...] = ()
    body: list[Row] = []
    for row in rows:
        cells = list(row.find_all(["th", "td"], recursive=False))
        texts = tuple(_text(cell) for cell in cells)
        is_header = bool(cells) and all(cell.name == "th" for cell in cells)
        if not header and not body and (is_header or any(column_role(t) for t in texts)):
            header = texts
        elif texts:
            body.append(Row(_line(row), texts))
    if not header:
        width = max((len(row.cells) for row in body), default=0)
        header = ("",) * width
    return Table(_line(table), header, tuple(body))


def _pre(pre: Tag, document: Document) -> None:
    text = pre.get_text()
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        document.blocks.append(Sample(_line(pre), stripped))
        return
    try:
        json.loads(stripped)
    except ValueError:
        blocks, skipped = blocks_from_lines(
            text.split("\n"), _line(pre), document.path, headings=False
        )
        document.blocks.extend(blocks)
        document.skipped.extend(skipped)
    else:
        document.blocks.append(Sample(_line(pre), stripped))


def _definition_list(dl: Tag) -> Table:
    rows: list[Row] = []
    for term in dl.find_all("dt", recursive=False):
        definition = term.find_next_sibling("dd")
        description = _text(definition) if isinstance(definition, Tag) else ""
        rows.append(Row(_line(term), (_text(term), description)))
    return Table(_line(dl), ("Code", "Description"), tuple(rows))


def _code_list(items: Tag) -> Table:
    rows: list[Row] = []
    for item in _items(items):
        code = item.find("code")
        assert isinstance(code, Tag)  # checked by _starts_with_codes
        code_text = _text(code)
        rest = _text(item)[len(code_text) :].strip().lstrip(":-–— ").strip()
        rows.append(Row(_line(item), (code_text, rest)))
    return Table(_line(items), ("Code", "Description"), tuple(rows))


def _items(element: Tag) -> list[Tag]:
    return list(element.find_all("li", recursive=False))


def _starts_with_codes(items: list[Any]) -> bool:
    """Whether most items begin with a ``<code>`` element (a list of codes, not of prose)."""
    starting = 0
    for item in items:
        first = next((c for c in item.children if not (isinstance(c, str) and not c.strip())), None)
        if not isinstance(first, Tag):
            continue
        code = first if first.name == "code" else first.find("code")
        if isinstance(code, Tag) and _text(code) and _text(code) == _text(first):
            starting += 1
    return bool(items) and starting * 2 > len(items)


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and isinstance(link.get("href"), str):
        return str(link["href"])
    meta = soup.find("meta", property="og:url")
    if isinstance(meta, Tag) and isinstance(meta.get("content"), str):
        return str(meta["content"])
    return None


def _text(element: Tag) -> str:
    """Visible text with whitespace collapsed: "<b>bad</b>." is "bad.", "<p>A</p><p>B</p>" "A B"."""
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag):
            if node.name in _BLOCKS:
                parts.append(" ")
        elif type(node) is NavigableString:
            parts.append(str(node))
    return " ".join("".join(parts).split())


def _line(element: Tag | BeautifulSoup) -> int:
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else 1

"""Markdown pages: headings, pipe tables and fenced examples, read with markdown-it-py.

A real CommonMark parser (with the GFM table rule) gets escaped pipes, code spans and fences
right where line-based guessing would not. Paragraphs are handed to the plain text reader,
because Markdown pages pasted from elsewhere often hold tables without pipes (or pipe tables
flattened onto one line). YAML (``---``) or TOML (``+++``) front matter is cut off first, so it
is never read as a heading; its ``title`` is the page's title.
"""

from __future__ import annotations

import re
import sys

from markdown_it import MarkdownIt
from markdown_it.token import Token

from errlsp.importers.document import Block, Document, Heading, Prose, Row, Sample, Table
from errlsp.importers.text import blocks_from_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def parse_markdown(text: str, path: str) -> Document:
    """Split a Markdown page into headings, tables, samples and prose."""
    text, front_title = _front_matter(text)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    document = Document(path=path, title=front_title)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = (token.map[0] + 1) if token.map else 1
        if token.type == "heading_open":
            title = inline_text(tokens[index + 1])
            document.blocks.append(Heading(line, title, int(token.tag[1:])))
            if document.title is None:
                document.title = title
            index += 3
        elif token.type == "table_open":
            index = _table(tokens, index, document)
        elif token.type in ("fence", "code_block"):
            first = line + 1 if token.type == "fence" else line  # after the ``` line
            document.blocks.append(Sample(first, token.content))
            index += 1
        elif token.type == "inline":
            blocks, skipped = blocks_from_lines(
                token.content.split("\n"), line, path, headings=False
            )
            document.blocks.extend(_rendered(block) for block in blocks)
            document.skipped.extend(skipped)
            index += 1
        elif token.type == "html_block":
            document.blocks.append(Prose(line, token.content.strip()))
            index += 1
        else:
            index += 1
    return document


_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)\1[ \t]*(\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[str, str | None]:
    """The page without its front matter (blank lines keep line numbers), and its ``title``."""
    match = _FRONT.match(text)
    if match is None:
        return text, None
    block = match.group(2)
    title: object = None
    meta = _read_meta(match.group(1), block)
    if not isinstance(meta, dict):  # unreadable: its title line, if it has one
        found = re.search(r"^title\s*[:=]\s*[\"']?(.*?)[\"']?\s*$", block, re.MULTILINE)
        meta = {"title": found.group(1)} if found else None
    if isinstance(meta, dict):
        title = meta.get("title")
    blank = "\n" * match.group(0).count("\n")
    cleaned = title.strip() if isinstance(title, str) and title.strip() else None
    return blank + text[match.end() :], cleaned


def _read_meta(fence: str, block: str) -> object:
    if fence == "---":
        import yaml

        try:
            return yaml.safe_load(block)
        except yaml.YAMLError:
            return None
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None


def _table(tokens: list[Token], start: int, document: Document) -> int:
    """Read the table opening at ``tokens[start]``; return the index after it."""
    header: list[str] = []
    rows: list[Row] = []
    cells: list[str] = []
    row_line = 1
    index = start + 1
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            cells = []
            row_line = (token.map[0] + 1) if token.map else row_line
        elif token.type == "inline":
            cells.append(inline_text(token))
        elif token.type == "tr_close":
            if not header:
                header = cells
            else:
                rows.append(Row(row_line, tuple(cells)))
        index += 1
    opening = tokens[start].map
    line = opening[0] + 1 if opening else 1
    document.blocks.append(Table(line, tuple(header), tuple(rows)))
    return index + 1


def _rendered(block: Block) -> Block:
    """A table found in a paragraph (a flattened pipe table) with its cells' markup dropped."""
    if not isinstance(block, Table):
        return block
    rows = tuple(
        Row(row.line, tuple(_cell_text(cell) for cell in row.cells), row.text) for row in block.rows
    )
    return Table(block.line, tuple(_cell_text(cell) for cell in block.header), rows)


def _cell_text(markup: str) -> str:
    tokens = _INLINE.parseInline(markup)
    return inline_text(tokens[0]) if tokens else markup


_INLINE = MarkdownIt("commonmark")


def inline_text(token: Token) -> str:
    """The text a reader sees: markup dropped, code spans kept as their content."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())

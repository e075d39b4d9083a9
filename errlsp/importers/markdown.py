"""Markdown pages: headings, pipe tables and fenced examples, read with markdown-it-py.

A real CommonMark parser (with the GFM table rule) gets escaped pipes, code spans and fences
right where line-based guessing would not. Paragraphs are handed to the plain text reader,
because Markdown pages pasted from elsewhere often hold tables without pipes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from errlsp.importers.document import Document, Heading, Prose, Row, Sample, Table
from errlsp.importers.text import blocks_from_lines


def parse_markdown(text: str, path: str) -> Document:
    """Split a Markdown page into headings, tables, samples and prose."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    document = Document(path=path)
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
            document.blocks.extend(blocks)
            document.skipped.extend(skipped)
            index += 1
        elif token.type == "html_block":
            document.blocks.append(Prose(line, token.content.strip()))
            index += 1
        else:
            index += 1
    return document


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

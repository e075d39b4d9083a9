"""``errlsp catalog import`` and ``errlsp catalog diff``: catalogs from docs, and their changes.

``import`` turns an error documentation page or an OpenAPI spec into a catalog file, filling in
from options what the source does not say (``--name``, ``--title``, ``--case``, ``--envelope``),
and says on stderr what it inferred and what it skipped. The written file is checked with the
real catalog loader before it is written, so an import never produces a file errlsp rejects.
Exit status: 0 done (even if items were skipped), 2 bad input or options.

``diff OLD NEW`` compares two catalogs (files or built-in names); exit 1 when codes were
removed, because code that checks for them is now checking for nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from errlsp.catalog import (
    Catalog,
    CatalogError,
    builtin_names,
    load_builtin,
    load_catalog,
    parse_catalog,
)
from errlsp.importers import FORMATS, ImportedCatalog, ImportFailed, import_source, import_text
from errlsp.importers.dialects import DIALECTS
from errlsp.importers.diff import CatalogDiff, diff_catalogs, render_diff
from errlsp.importers.writer import render_catalog, render_catalog_json

EXIT_OK = 0
EXIT_REMOVED = 1
EXIT_BAD_INPUT = 2
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def add_import_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import`` to the ``errlsp catalog`` actions."""
    parser = subparsers.add_parser(
        "import",
        help="make a catalog file from an error documentation page or an OpenAPI spec",
        description=(
            "Read an API's error documentation (HTML, Markdown or plain text page) or its "
            "OpenAPI 3.0/3.1 spec (JSON or YAML) and write a catalog file, ready to review "
            "and commit. What could not be placed is listed on stderr."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="the page or spec to read ('-' = stdin)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the catalog here; a .json name writes JSON (default: TOML on stdout)",
    )
    parser.add_argument("--name", help="catalog name (default: from the spec title or file name)")
    parser.add_argument("--title", help="human title (default: the page or spec title)")
    parser.add_argument(
        "--case",
        choices=("upper", "lower", "mixed"),
        help="case convention of the codes (default: from the codes)",
    )
    parser.add_argument(
        "--envelope",
        metavar="DIALECT",
        help="response dialect, e.g. error-object (default: from the source's example, if any)",
    )
    parser.add_argument("--source-url", metavar="URL", help="where the documentation lives")
    parser.add_argument(
        "--schema",
        metavar="NAME",
        help="OpenAPI: read the codes from this schema (components/schemas/NAME), e.g. ErrorCode",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="how to read SOURCE (default: from its suffix and content)",
    )
    parser.set_defaults(func=run_import)


def add_diff_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diff`` to the ``errlsp catalog`` actions."""
    parser = subparsers.add_parser(
        "diff",
        help="codes added, removed, or changed in status or message between two catalogs",
        description=(
            "Compare two catalogs (files or built-in names) for reviewing an API upgrade. "
            "Exit status 1 when a code was removed."
        ),
    )
    parser.add_argument("old", metavar="OLD", help="the old catalog: a file or a built-in name")
    parser.add_argument("new", metavar="NEW", help="the new catalog: a file or a built-in name")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_diff)


def run_import(args: argparse.Namespace) -> int:
    try:
        if args.source == "-":
            imported = import_text(
                sys.stdin.buffer.read(), "<stdin>", fmt=args.format, schema=args.schema
            )
        else:
            imported = import_source(args.source, fmt=args.format, schema=args.schema)
    except ImportFailed as error:
        for skipped in error.skipped:
            print(f"skipped {skipped}", file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problem = _apply_options(imported, args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    name, title = _name_and_title(imported, args)
    if not _NAME.match(name):
        print(
            f"error: --name {name!r} is not a catalog name; expected lower-case letters, "
            "digits, '-', '_' or '.', starting with a letter or digit",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    output = args.output if args.output and args.output != "-" else None
    render = render_catalog_json if output and output.endswith(".json") else render_catalog
    text = render(imported, name=name, title=title)
    try:
        parse_catalog(text, output or f"{name}.toml")
    except CatalogError as error:  # a bug here, not in the input: say so plainly
        for item in error.problems:
            print(f"error: the imported catalog does not load: {item}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for skipped in imported.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    codes = _count(len(imported.distinct_codes()), "code")
    listings = _count(len(imported.codes), "listing")
    target = output or "stdout"
    print(
        f"imported {codes} ({listings}) from {imported.origin} into {target}; "
        f"{len(imported.skipped)} skipped",
        file=sys.stderr,
    )
    return EXIT_OK


def _apply_options(imported: ImportedCatalog, args: argparse.Namespace) -> str | None:
    """Options override what the source said; returns a problem, or None."""
    if args.envelope is not None:
        known = DIALECTS
        if args.envelope not in known:
            return (
                f"--envelope {args.envelope!r} is not a dialect; expected one of {', '.join(known)}"
            )
        if imported.envelope and imported.envelope != args.envelope:
            print(
                f"note: the source looks like {imported.envelope!r}; using --envelope "
                f"{args.envelope!r}",
                file=sys.stderr,
            )
        imported.envelope = args.envelope
        imported.notes = [note for note in imported.notes if not note.startswith("envelope ")]
    if args.case is not None:
        if imported.case != "mixed" and imported.case != args.case:
            print(
                f"note: the codes are {imported.case} case; using --case {args.case}",
                file=sys.stderr,
            )
        imported.case = args.case
    if args.source_url:
        imported.source = args.source_url
    return None


def _name_and_title(imported: ImportedCatalog, args: argparse.Namespace) -> tuple[str, str]:
    name: str = args.name or ""
    if not name:
        basis = imported.title if imported.origin.endswith((".json", ".yaml", ".yml")) else ""
        basis = basis or Path(imported.origin).stem or "imported"
        name = _slug(basis)
        print(f"note: no --name given; the catalog is named {name!r}", file=sys.stderr)
    title: str = args.title or imported.title or name
    if not args.title:
        print(f"note: no --title given; the title is {title!r}", file=sys.stderr)
    return name, title


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug or "imported"


def run_diff(args: argparse.Namespace) -> int:
    catalogs: list[Catalog] = []
    for label, value in (("OLD", args.old), ("NEW", args.new)):
        try:
            catalogs.append(_load(value))
        except CatalogError as error:
            for item in error.problems:
                print(f"error: {item}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except FileNotFoundError:
            known = ", ".join(builtin_names())
            print(
                f"error: {label} {value!r} is neither a catalog file nor a built-in catalog "
                f"(built-in: {known})",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    diff = diff_catalogs(catalogs[0], catalogs[1])
    if args.format == "json":
        print(json.dumps(_diff_json(diff), indent=2, ensure_ascii=False))
    else:
        for line in render_diff(diff):
            print(line)
    return EXIT_REMOVED if diff.removed else EXIT_OK


def _load(value: str) -> Catalog:
    path = Path(value)
    if path.is_file():
        return load_catalog(path)
    if value in builtin_names():
        return load_builtin(value)
    raise FileNotFoundError(value)


def _diff_json(diff: CatalogDiff) -> dict[str, object]:
    def change(item: object) -> dict[str, object]:
        code, before, after = (getattr(item, key) for key in ("code", "before", "after"))
        return {"code": code, "before": list(before), "after": list(after)}

    return {
        "old": diff.old.name,
        "new": diff.new.name,
        "added": [entry.code for entry in diff.added],
        "removed": [entry.code for entry in diff.removed],
        "changed_status": [change(item) for item in diff.changed_status],
        "changed_messages": [change(item) for item in diff.changed_messages],
        "statuses": change(diff.changed_statuses_api) if diff.changed_statuses_api else None,
        "notes": list(diff.notes),
    }

"""``errlsp catalog import`` and ``errlsp catalog diff``: catalogs from docs, and their changes.

``import`` turns error documentation pages, OpenAPI specs and AWS service models
(``botocore:s3``) into one catalog file, filling in from options what the sources do not say
(``--name``, ``--title``, ``--case``, ``--envelope``), and says on stderr what it inferred,
skipped, and where sources disagree. ``merge`` does the same for catalog files. The header
records each source relative to the output file (or as the URL or ``botocore:`` name given),
never as an absolute path of this machine. The written file is checked with the real catalog
loader before it is written, so an import never produces a file errlsp rejects.
Exit status: 0 done (even if items were skipped), 2 bad input or options.

``diff OLD NEW`` compares two catalogs (files or built-in names); exit 1 when codes were
removed, because code that checks for them is now checking for nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from copy import deepcopy
from pathlib import Path

from errlsp.catalog import (
    Catalog,
    CatalogError,
    builtin_names,
    load_builtin,
    load_catalog,
    parse_catalog,
)
from errlsp.importers import (
    FORMATS,
    ImportedCatalog,
    ImportFailed,
    SkippedItem,
    import_source,
    import_text,
)
from errlsp.importers.aws import import_botocore_services, is_botocore_source
from errlsp.importers.dialects import DIALECTS
from errlsp.importers.diff import CatalogDiff, diff_catalogs, render_diff
from errlsp.importers.merge import imported_from_catalog, merge_imports
from errlsp.importers.writer import render_catalog, render_catalog_json

EXIT_OK = 0
EXIT_REMOVED = 1
EXIT_BAD_INPUT = 2
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def add_import_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import`` to the ``errlsp catalog`` actions."""
    parser = subparsers.add_parser(
        "import",
        help="make a catalog file from an error documentation page or an OpenAPI spec",
        description=(
            "Read an API's error documentation (HTML, Markdown or plain text page), its "
            "OpenAPI 3.0/3.1 or Swagger 2.0 spec (JSON or YAML, optionally .gz) or its AWS "
            "service model (botocore:SERVICE, service-2.json) and write a catalog file, ready to "
            "review and commit. Several sources are merged. What could not be placed, and where "
            "sources disagree, is listed on stderr."
        ),
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="pages, specs, service-2.json[.gz] files, botocore:SERVICE[,SERVICE...] "
        "('-' = stdin); several are merged",
    )
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
        "--incomplete",
        action="store_true",
        help="the sources are known to list only some codes: write complete = false",
    )
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
    output = args.output if args.output and args.output != "-" else None
    imports: list[ImportedCatalog] = []
    labels: dict[str, str] = {}
    try:
        for source in args.sources:
            imports.extend(_read(source, args))
            typed = str(Path(source))
            labels[typed.removesuffix(".gz")] = provenance(source, output)
    except ImportFailed as error:
        for skipped in error.skipped:
            print(f"skipped {skipped}", file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ModuleNotFoundError as error:  # the optional "import" extra is not installed
        print(
            f"error: importing needs the Python package {error.name!r}; install it with "
            "pip install 'errlsp[import]'",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    imported, conflicts = merge_imports(imports)
    if args.incomplete:
        imported.complete = False
    problem = _apply_options(imported, args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _emit(imported, conflicts, args, output, basis=imports[0], labels=labels)


def add_merge_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``merge`` to the ``errlsp catalog`` actions."""
    parser = subparsers.add_parser(
        "merge",
        help="merge catalogs (files or built-in names) into one, with per-code sources",
        description=(
            "Merge catalogs into one file: every code of every catalog, its sources listed, "
            "conflicting statuses kept together and reported on stderr."
        ),
    )
    parser.add_argument("catalogs", nargs="+", metavar="CATALOG", help="catalog files or names")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument("--name", help="catalog name (default: the first catalog's)")
    parser.add_argument("--title", help="catalog title (default: the first catalog's)")
    parser.add_argument(
        "--incomplete", action="store_true", help="write complete = false (known partial)"
    )
    parser.set_defaults(func=run_merge, case=None, envelope=None, source_url=None)


def run_merge(args: argparse.Namespace) -> int:
    output = args.output if args.output and args.output != "-" else None
    imports: list[ImportedCatalog] = []
    for value in args.catalogs:
        catalog = _load_or_report(value, "")
        if catalog is None:
            return EXIT_BAD_INPUT
        label = (
            value if catalog.builtin and not Path(value).is_file() else provenance(value, output)
        )
        imports.append(imported_from_catalog(catalog, label))
    imported, conflicts = merge_imports(imports)
    if args.incomplete:
        imported.complete = False
    return _emit(imported, conflicts, args, output, basis=imports[0], labels={})


def _read(source: str, args: argparse.Namespace) -> list[ImportedCatalog]:
    """The import(s) of one SOURCE argument."""
    if source == "-":
        return [
            import_text(sys.stdin.buffer.read(), "<stdin>", fmt=args.format, schema=args.schema)
        ]
    if is_botocore_source(source):
        return import_botocore_services(source)
    return [import_source(source, fmt=args.format, schema=args.schema)]


def provenance(source: str, output: str | None) -> str:
    """How the header names a source: a URL or ``botocore:`` name as given; a file relative
    to the output file's directory (or the working directory when writing to stdout)."""
    if _URL.match(source) or is_botocore_source(source):
        return source
    path = Path(source).absolute()
    base = Path(output).absolute().parent if output else Path.cwd()
    try:
        shared = Path(os.path.commonpath([path, base]))
    except ValueError:  # another drive (Windows)
        return path.name
    if shared == Path(shared.anchor):  # nothing in common but the root: the name alone
        return path.name
    return Path(os.path.relpath(path, base)).as_posix()


def relabeled(imported: ImportedCatalog, labels: dict[str, str]) -> ImportedCatalog:
    """A copy of ``imported`` naming each source by its label (see ``provenance``) wherever
    it mentions it; messages on stderr keep the paths as typed."""
    pairs = sorted(
        ((typed, label) for typed, label in labels.items() if typed != label),
        key=lambda pair: -len(pair[0]),
    )
    if not pairs:
        return imported

    def swap(text: str) -> str:
        for typed, label in pairs:
            text = text.replace(typed, label)
        return text

    copy = deepcopy(imported)
    copy.origin = swap(imported.origin)
    copy.skipped = [SkippedItem(swap(item.where), swap(item.why)) for item in imported.skipped]
    copy.notes = [swap(note) for note in imported.notes]
    for listing in copy.codes:
        listing.where = swap(listing.where) if listing.where else listing.where
        listing.sources = tuple(swap(source) for source in listing.sources)
        listing.notes = [swap(note) for note in listing.notes]
    return copy


def _emit(
    imported: ImportedCatalog,
    conflicts: list[str],
    args: argparse.Namespace,
    output: str | None,
    *,
    basis: ImportedCatalog,
    labels: dict[str, str],
) -> int:
    """Name, render, check with the real loader and write; report on stderr."""
    name, title = _name_and_title(imported, args, basis)
    if not _NAME.match(name):
        print(
            f"error: --name {name!r} is not a catalog name; expected lower-case letters, "
            "digits, '-', '_' or '.', starting with a letter or digit",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    render = render_catalog_json if output and output.endswith(".json") else render_catalog
    text = render(relabeled(imported, labels), name=name, title=title)
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
    for conflict in conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
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
    if getattr(args, "envelope", None) is not None:
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
    if getattr(args, "case", None) is not None:
        if imported.case != "mixed" and imported.case != args.case:
            print(
                f"note: the codes are {imported.case} case; using --case {args.case}",
                file=sys.stderr,
            )
        imported.case = args.case
    if args.source_url:
        imported.source = args.source_url
    return None


def _name_and_title(
    imported: ImportedCatalog, args: argparse.Namespace, first: ImportedCatalog
) -> tuple[str, str]:
    name: str = args.name or imported.name or first.name or ""
    if not name:
        spec = first.origin.endswith((".json", ".yaml", ".yml", ".json.gz", ".yaml.gz"))
        basis = first.title if spec else ""
        basis = basis or Path(first.origin.removesuffix(".gz")).stem or "imported"
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
        catalog = _load_or_report(value, f"{label} ")
        if catalog is None:
            return EXIT_BAD_INPUT
        catalogs.append(catalog)
    diff = diff_catalogs(catalogs[0], catalogs[1])
    if args.format == "json":
        print(json.dumps(_diff_json(diff), indent=2, ensure_ascii=False))
    else:
        for line in render_diff(diff):
            print(line)
    return EXIT_REMOVED if diff.removed else EXIT_OK


def _load_or_report(value: str, role: str) -> Catalog | None:
    """The catalog a file or built-in name gives; None after saying on stderr why not."""
    try:
        return _load(value)
    except CatalogError as error:
        for item in error.problems:
            print(f"error: {item}", file=sys.stderr)
    except FileNotFoundError:
        known = ", ".join(builtin_names())
        print(
            f"error: {role}{value!r} is neither a catalog file nor a built-in catalog "
            f"(built-in: {known})",
            file=sys.stderr,
        )
    return None


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

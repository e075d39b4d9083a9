"""``errlsp catalog``: list, show, validate catalogs, print the schema, import and diff.

Human output goes through rich on a terminal and plain text when piped; ``--format json``
is the stable shape for tools.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from errlsp.catalog import (
    Catalog,
    CatalogError,
    ErrorCode,
    Problem,
    builtin_names,
    catalog_schema,
    load_builtin,
    load_catalog,
    load_catalogs,
)
from errlsp.catalog.builtin import catalog_package
from errlsp.cli.output import console, error_console
from errlsp.config import ConfigError, Settings, load_settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "catalog", help="list, show, validate, import, merge and diff catalogs"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="the active catalogs and their code counts")
    _add_common(listing)
    listing.add_argument(
        "--available",
        action="store_true",
        help="every catalog that can be named: shipped ones and those installed packages provide",
    )
    listing.set_defaults(func=run_list)

    show = actions.add_parser("show", help="everything documented about a code")
    show.add_argument("code", help="the error code, e.g. PARAMETER_REQUIRED")
    _add_common(show)
    show.set_defaults(func=run_show)

    validate = actions.add_parser("validate", help="check catalog files; exit 1 on problems")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(func=run_validate)

    schema = actions.add_parser("schema", help="print the JSON Schema of catalog files")
    schema.set_defaults(func=lambda _args: _print_json(catalog_schema()))

    try:
        from errlsp.cli.catalog_import import add_diff_parser, add_import_parser, add_merge_parser
    except ImportError:  # pragma: no cover - importers are optional extras
        pass
    else:
        add_import_parser(actions)
        add_merge_parser(actions)
        add_diff_parser(actions)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(func=usage)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        action="append",
        metavar="NAME_OR_PATH",
        help="use this catalog instead of the configured ones (repeatable)",
    )
    parser.add_argument("--config-root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _active(args: argparse.Namespace) -> list[Catalog]:
    settings = load_settings(args.config_root)
    if args.catalog:
        settings = Settings(root=settings.root or Path.cwd(), catalogs=tuple(args.catalog))
    return list(load_catalogs(settings))


def _print_json(value: Any) -> int:
    print(json.dumps(value, indent=2, ensure_ascii=False))
    return 0


def _guarded(action: Any) -> Any:
    """Turn catalog/config errors into one located line each and exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            result: int = action(args)
        except (CatalogError, ConfigError) as error:
            for problem in error.problems:
                error_console().print(f"error: {problem}", markup=False, highlight=False)
            return 2
        return result

    return run


def code_json(entry: ErrorCode, catalog: Catalog) -> dict[str, Any]:
    location = entry.location
    return {
        "code": entry.code,
        "catalog": catalog.name,
        "catalog_title": catalog.title,
        "statuses": list(entry.statuses),
        "api_statuses": list(catalog.statuses),
        "messages": list(entry.messages),
        "field": entry.field,
        "group": entry.group,
        "deprecated": entry.deprecated,
        "envelope": catalog.envelope,
        "defined_at": {"path": location.path, "line": location.line} if location else None,
        "integer": entry.integer,
        "sources": list(entry.sources),
        "catalog_complete": catalog.is_complete,
    }


@_guarded
def run_list(args: argparse.Namespace) -> int:
    if getattr(args, "available", False):
        catalogs = [load_builtin(name) for name in builtin_names()]
    else:
        catalogs = _active(args)
    if args.format == "json":
        return _print_json(
            [
                {
                    "name": c.name,
                    "title": c.title,
                    "codes": len(c),
                    "statuses": list(c.statuses),
                    "envelope": c.envelope,
                    "path": c.path,
                    "builtin": c.builtin,
                    "package": catalog_package(c.name) if c.builtin else None,
                    "complete": c.is_complete,
                }
                for c in catalogs
            ]
        )
    from rich.table import Table

    table = Table(
        title="Available catalogs" if getattr(args, "available", False) else "Active catalogs"
    )
    for column in ("name", "title", "codes", "statuses", "envelope", "path"):
        table.add_column(column, overflow="fold")
    for c in catalogs:
        package = catalog_package(c.name) if c.builtin else None
        origin = f"package {package}" if package else "built-in" if c.builtin else (c.path or "")
        statuses = ", ".join(map(str, c.statuses)) or "-"
        table.add_row(c.name, c.title, str(len(c)), statuses, c.envelope or "auto", origin)
    console().print(table)
    return 0


@_guarded
def run_show(args: argparse.Namespace) -> int:
    catalogs = _active(args)
    found = [(c, entry) for c in catalogs if (entry := c.get(args.code))]
    if args.format == "json":
        _print_json([code_json(entry, c) for c, entry in found])
        return 0 if found else 1
    if not found:
        folded = [(c, e) for c in catalogs if (e := c.get_folded(args.code))]
        hints = [e.code for _, e in folded] or [s for c in catalogs for s in c.suggest(args.code)]
        names = ", ".join(c.name for c in catalogs)
        message = f"{args.code!r} is not documented in {names}."
        if hints:
            message += " Did you mean " + " or ".join(repr(h) for h in dict.fromkeys(hints)) + "?"
        error_console().print(message, markup=False, highlight=False)
        return 1
    out = console()
    for c, entry in found:
        out.print(f"[bold]{entry.code}[/bold]  ({c.title}, catalog [cyan]{c.name}[/cyan])")
        out.print(f"  status:   {describe_statuses(entry, c)}", highlight=False)
        label = "message: " if len(entry.messages) == 1 else "messages:"
        for index, message in enumerate(entry.messages or ("(none documented)",)):
            out.print(f"  {label if index == 0 else '         '} {message}", markup=False)
        if entry.field:
            out.print(f"  field:    names a field ({entry.field})", markup=False)
        if entry.deprecated:
            out.print(f"  deprecated: {entry.deprecated}", markup=False)
        if entry.location:
            out.print(f"  defined:  {entry.location}", markup=False, highlight=False)
    return 0


def describe_statuses(entry: ErrorCode, catalog: Catalog) -> str:
    if entry.statuses:
        return ", ".join(map(str, entry.statuses))
    api = ", ".join(map(str, catalog.statuses))
    return f"not documented per code (the API documents {api})" if api else "not documented"


def run_validate(args: argparse.Namespace) -> int:
    results: list[tuple[Path, Catalog | None, list[Problem]]] = []
    for file in args.files:
        try:
            results.append((file, load_catalog(file), []))
        except CatalogError as error:
            results.append((file, None, error.problems))
    if args.format == "json":
        _print_json(
            [
                {
                    "path": str(file),
                    "ok": not problems,
                    "codes": len(loaded) if loaded else None,
                    "problems": [
                        {"line": p.line, "key": p.key, "message": p.message} for p in problems
                    ],
                }
                for file, loaded, problems in results
            ]
        )
    else:
        for file, loaded, problems in results:
            for problem in problems:
                error_console().print(f"error: {problem}", markup=False, highlight=False)
            if loaded is not None:
                print(f"{file}: ok, catalog {loaded.name!r} with {len(loaded)} codes")
    return 1 if any(problems for _, _, problems in results) else 0

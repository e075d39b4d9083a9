"""``errlsp check``: the analysis as a CI linter.

Exit codes: 0 clean (or only findings below error severity), 1 findings at error
severity, 2 usage, config or catalog errors. ``--fix`` rewrites only the inner text of the
offending literals, so formatting, quotes and comments stay exactly as they were.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from errlsp import analysis, safeio
from errlsp.cache import FileResult
from errlsp.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, error_console
from errlsp.cli.reporters import REPORTERS
from errlsp.config import ConfigError, Settings, load_settings
from errlsp.problems import CatalogError
from errlsp.rules import RULES
from errlsp.runner import (
    decode_source,
    project_index_of,
    run_check,
    source_encoding,
)
from errlsp.walk import Listings, discover, discover_names

if TYPE_CHECKING:
    from errlsp.analysis.model import Finding
    from errlsp.catalog.model import CatalogSet


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="check error-code references in Python files",
        description="Check error-code references in Python files against the catalogs.",
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[], metavar="PATH")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--show-references",
        action="store_true",
        help="list every reference seen (clean ones too) with its context and verdict",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply suggestions that are not certain to be right",
    )
    parser.add_argument("--diff", action="store_true", help="print fixes as a diff, change nothing")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("--strict", action="store_true", default=None, help="report every "
                        "undocumented literal, also in generic contexts")  # fmt: skip
    parser.add_argument(
        "--catalog", action="append", metavar="NAME_OR_PATH", help="override configured catalogs"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--cache-dir", type=Path, help="default: .errlsp_cache in the project root")
    parser.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--output-file", "-o", type=Path, help="write the report here")
    parser.add_argument("--whole-file", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.explain:
        return _explain(args.explain)
    paths = args.paths or [Path.cwd()]
    missing = [path for path in paths if not path.exists()]
    if missing:
        error_console().print(f"error: no such file or directory: {missing[0]}", markup=False)
        return EXIT_USAGE
    try:
        settings = load_settings(paths[0].resolve())
        if args.catalog:
            settings = replace(settings, catalogs=tuple(args.catalog))
        if args.strict:
            settings = replace(settings, strict=True)
        # Loaded when needed: a run answered from the cache never parses them (``run_check``).
        return _check(paths, settings, cache(partial(_load_catalogs, settings)), args)
    except (CatalogError, ConfigError) as error:
        for problem in error.problems:
            error_console().print(f"error: {problem}", markup=False, highlight=False)
        return EXIT_USAGE


def _load_catalogs(settings: Settings) -> CatalogSet:
    from errlsp.catalog import load_catalogs  # (with the loader, and tomllib)

    return load_catalogs(settings)


def _check(
    paths: list[Path],
    settings: Settings,
    catalogs: Callable[[], CatalogSet],
    args: argparse.Namespace,
) -> int:
    if args.show_references:
        return _show_references(list(discover(paths, settings)), settings, catalogs(), args)
    cache_dir = None if args.no_cache or args.whole_file else _cache_dir(args, settings)
    listings = Listings(cache_dir) if cache_dir else None
    files = discover_names(paths, settings, listings)  # looked up in the cache as found
    results = _run_with_progress(files, settings, catalogs, cache_dir, args)
    if listings:
        listings.save()
    if args.fix or args.diff:
        before = sum(len(result.findings) for result in results)
        results = _apply_fixes(
            results,
            settings,
            catalogs(),
            write=args.fix,
            show_diff=args.diff,
            unsafe=args.unsafe_fixes,
        )
        if args.fix:
            left = sum(len(result.findings) for result in results)
            _say_fixed(before - left, left)
    rows = [(_display(result.path), finding) for result in results for finding in result.findings]
    report = REPORTERS[args.format](rows)
    if args.output_file:
        args.output_file.write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    if args.exit_zero:
        return EXIT_OK
    errors = any(finding.severity == "error" for _, finding in rows)
    return EXIT_FINDINGS if errors else EXIT_OK


def _show_references(
    files: list[Path], settings: Settings, catalogs: CatalogSet, args: argparse.Namespace
) -> int:
    """Every reference errlsp saw, so a clean file can be told from one it did not understand."""
    records: list[dict[str, object]] = []
    lines: list[str] = []
    texts: dict[Path, str] = {}
    for path in files:
        try:
            texts[path] = decode_source(safeio.read_bytes(path, "source")[0])
        except (OSError, UnicodeDecodeError, LookupError, SyntaxError):
            continue
    index = project_index_of(texts, settings)
    for path, text in texts.items():
        for item in analysis.seen(text, settings, catalogs, path=path, index=index):
            name = _display(path)
            records.append({"path": name, **item.to_json()})
            reference = item.reference
            lines.append(
                f"{name}:{reference.span.start.line + 1}:{reference.span.start.character + 1}: "
                f"{reference.kind} {reference.code!r}: {item.summary()}"
            )
    if args.format == "json":
        report = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    else:
        count = len(records)
        lines.append(f"{count} reference{'s' if count != 1 else ''} in {len(files)} files.")
        report = "\n".join(lines) + "\n"
    if args.output_file:
        args.output_file.write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    return EXIT_OK


def _say_fixed(fixed: int, remaining: int) -> None:
    """What ``--fix`` did, on stderr so that a JSON or SARIF report stays parseable."""
    noun = "finding" if fixed == 1 else "findings"
    error_console().print(f"Fixed {fixed} {noun} ({remaining} remaining).", markup=False)


def _explain(rule_id: str) -> int:
    rule = RULES.get(rule_id)
    if rule is None:
        error_console().print(
            f"error: unknown rule {rule_id!r}; rules: {', '.join(RULES)}", markup=False
        )
        return EXIT_USAGE
    print(f"# {rule.id} ({rule.default_severity})\n\n{rule.doc}")
    return EXIT_OK


def _cache_dir(args: argparse.Namespace, settings: Settings) -> Path:
    if args.cache_dir:
        return Path(args.cache_dir)
    return (settings.root or Path.cwd()) / ".errlsp_cache"


def _display(path: Path) -> str:
    """The path relative to the working directory, under its own name (a symlink is not
    replaced by its target: a dangling link must be reported as the link)."""
    try:
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _run_with_progress(
    files: Iterable[str],
    settings: Settings,
    catalogs: Callable[[], CatalogSet],
    cache_dir: Path | None,
    args: argparse.Namespace,
) -> list[FileResult]:
    if args.whole_file:
        return [_whole_file(path, settings, catalogs()) for path in files]
    if not sys.stderr.isatty():
        return run_check(files, settings, catalogs, cache_dir=cache_dir, jobs=args.jobs)
    files = list(files)  # a progress bar needs the total
    if len(files) < 200:
        return run_check(files, settings, catalogs, cache_dir=cache_dir, jobs=args.jobs)
    from rich.progress import Progress

    with Progress(console=error_console(), transient=True) as progress:
        task = progress.add_task("Checking", total=len(files))
        return run_check(
            files,
            settings,
            catalogs,
            cache_dir=cache_dir,
            jobs=args.jobs,
            progress=lambda n: progress.advance(task, n),
        )


def _whole_file(path: str, settings: Settings, catalogs: CatalogSet) -> FileResult:
    """The slow reference path (whole-file parse), kept to prove the fast path equal."""

    text = decode_source(safeio.read_bytes(path, "source")[0])
    return FileResult(
        path, analysis.check_source(text, settings, catalogs, path=path, whole_file=True)
    )


def apply_fixes(text: str, findings: list[Finding]) -> str:
    """Apply non-overlapping fixes, last first, so earlier offsets stay valid."""
    from errlsp.analysis.scan import line_starts  # (its patterns cost a warm run 4 ms)

    starts = line_starts(text)

    def offset(line: int, character: int) -> int:
        return starts[line] + character

    edits = sorted(
        {
            (offset(f.fix.span.start.line, f.fix.span.start.character),
             offset(f.fix.span.end.line, f.fix.span.end.character), f.fix.replacement)
            for f in findings
            if f.fix
        },
        reverse=True,
    )  # fmt: skip
    previous_start = len(text) + 1
    for start, end, replacement in edits:
        if end > previous_start:
            continue  # overlapping fix: leave it for the next run
        text = text[:start] + replacement + text[end:]
        previous_start = start
    return text


def _apply_fixes(
    results: list[FileResult],
    settings: Settings,
    catalogs: CatalogSet,
    *,
    write: bool,
    show_diff: bool,
    unsafe: bool = False,
) -> list[FileResult]:

    fixed: list[FileResult] = []
    for result in results:
        applied = [f for f in result.findings if f.fix and (f.fix.safe or unsafe)]
        if not applied:
            fixed.append(result)
            continue
        data = result.path.read_bytes()
        before = decode_source(data)
        after = apply_fixes(before, applied)
        if show_diff:
            import difflib

            name = _display(result.path)
            sys.stdout.writelines(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    f"a/{name}",
                    f"b/{name}",
                )
            )
        if write and after != before:
            encoding = source_encoding(data)
            with result.path.open("w", encoding=encoding, newline="") as handle:
                handle.write(after)
            remaining = analysis.check_source(after, settings, catalogs, path=result.path)
            fixed.append(FileResult(result.path, remaining))
        else:
            fixed.append(result)
    return fixed

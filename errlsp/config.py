"""Which catalogs apply where, and how strict to be: ``[tool.errlsp]`` or ``errlsp.toml``.

One typed, fully defaulted ``Settings`` serves the linter, the server and the pytest plugin.
TOML keys are kebab- or snake-case, LSP settings camelCase; one converter reads all three so
the spellings cannot drift. Invalid config is reported like an invalid catalog (file, line,
key, what was expected) and never crashes a running server.
"""

from __future__ import annotations

import contextlib
import fnmatch
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from errlsp.problems import ConfigError, Problem
from errlsp.rules import RULES
from errlsp.safeio import UnreadableFile, data_nesting_error, deep_input_error, read_text

DEFAULT_CATALOGS = ("fonedynamics", "voipnow")
# Classes whose attributes hold codes even when they are not enums (``class ErrorCode:``).
CONSTANT_CLASSES = ("*ErrorCode*", "*Errors*", "*Codes*", "*ErrorType*")
SEVERITIES = ("error", "warning", "info", "hint", "off")
CONFIG_FILES = ("errlsp.toml", "pyproject.toml")


@dataclass(frozen=True)
class Scope:
    """Files matching ``pattern`` (a glob relative to the root) use only ``catalogs``.

    A scope may also add ``helpers``, ``exceptions`` and ``accessors`` and set ``strict`` for
    its files, so that one API's names and strictness do not spill onto the others.
    """

    pattern: str
    catalogs: tuple[str, ...]
    helpers: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    accessors: tuple[str, ...] = ()
    strict: bool | None = None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, each field with a working default (no config = both built-ins)."""

    root: Path | None = None
    config_path: Path | None = None
    catalogs: tuple[str, ...] = DEFAULT_CATALOGS
    scopes: tuple[Scope, ...] = ()
    helpers: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    accessors: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strict: bool = False
    constant_classes: tuple[str, ...] = CONSTANT_CLASSES
    constant_modules: tuple[str, ...] = ()

    def holds_constants(self, path: str | Path | None) -> bool:
        """Whether ``path`` is a configured module of code constants (``constant-modules``)."""
        if path is None or not self.constant_modules:
            return False
        relative = relative_posix(path, self.root)
        return any(glob_match(relative, pattern) for pattern in self.constant_modules)

    def ignored_rules(self, path: str | Path | None) -> frozenset[str]:
        """Rules switched off for ``path`` by ``per-file-ignores``."""
        if path is None or not self.per_file_ignores:
            return frozenset()
        relative = relative_posix(path, self.root)
        return frozenset(
            rule
            for pattern, rules in self.per_file_ignores.items()
            if glob_match(relative, pattern)
            for rule in rules
        )

    def scope_for(self, path: str | Path | None) -> Scope | None:
        """The first scope whose glob matches ``path``."""
        if path is None or not self.scopes:
            return None
        relative = relative_posix(path, self.root)
        return next((s for s in self.scopes if glob_match(relative, s.pattern)), None)

    def for_path(self, path: str | Path | None) -> Settings:
        """These settings with the names and strictness of ``path``'s scope added."""
        scope = self.scope_for(path)
        if scope is None or not (
            scope.helpers or scope.exceptions or scope.accessors or scope.strict is not None
        ):
            return self
        return replace(
            self,
            helpers=tuple(dict.fromkeys((*self.helpers, *scope.helpers))),
            exceptions=tuple(dict.fromkeys((*self.exceptions, *scope.exceptions))),
            accessors=tuple(dict.fromkeys((*self.accessors, *scope.accessors))),
            strict=self.strict if scope.strict is None else scope.strict,
        )

    def is_excluded(self, path: str | Path) -> bool:
        if not self.exclude:
            return False
        relative = relative_posix(path, self.root)
        return any(glob_match(relative, pattern) for pattern in self.exclude)


# Fields a config file may set (root and config_path come from where the file is).
CONFIG_KEYS = tuple(f.name for f in fields(Settings) if f.name not in ("root", "config_path"))


def relative_posix(path: str | Path, root: Path | None) -> str:
    resolved = Path(path)
    if root is not None:
        with contextlib.suppress(ValueError):
            resolved = resolved.resolve().relative_to(root.resolve())
    return PurePosixPath(resolved).as_posix()


def glob_match(relative: str, pattern: str) -> bool:
    """Match like ruff's globs: ``**`` crosses folders, a bare name matches at any depth."""
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        parts = relative.split("/")
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
    regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return re.fullmatch(regex + "(?:/.*)?", relative) is not None


def _snake(key: str) -> str:
    key = key.replace("-", "_")
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), key)


def find_config(start: Path) -> Path | None:
    """The nearest ``errlsp.toml`` or ``pyproject.toml`` with ``[tool.errlsp]`` above ``start``."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_FILES:
            file = candidate / name
            if not file.is_file():
                if file.exists():  # a FIFO, device or socket: report it, never open it
                    return file
                continue
            if name == "errlsp.toml":
                return file
            try:
                text = _read_config(file)
                if "errlsp" not in text:
                    continue  # no table of ours, broken or not: not parsed (nor tomllib loaded)
                tool = _parse_toml(file, text).get("tool")
                if isinstance(tool, Mapping) and "errlsp" in tool:
                    return file
            except ConfigError:
                return file  # broken pyproject: report it rather than silently skip
    return None


def _read_config(file: Path) -> str:
    """The text of a config file: a regular file within ``LIMITS["config"]``, else an error."""
    try:
        return read_text(file, "config")
    except UnreadableFile as error:
        raise ConfigError([Problem(error.path, error.line, None, error.reason)]) from None


def _parse_toml(file: Path, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise ConfigError([Problem(str(file), line, None, f"invalid TOML: {error}")]) from None
    except RecursionError:
        deep: tuple[int | None, str] | None = deep_input_error(text)
    else:
        deep = data_nesting_error(data, text)
    if deep is not None:
        raise ConfigError([Problem(str(file), deep[0], None, deep[1])])
    return data


def load_settings(start: Path) -> Settings:
    """Settings for files under ``start``; defaults when no config file exists."""
    file = find_config(start)
    if file is None:
        return Settings()
    text = _read_config(file)
    data = _parse_toml(file, text)
    table = data.get("tool", {}).get("errlsp", {}) if file.name == "pyproject.toml" else data
    prefix = "tool.errlsp." if file.name == "pyproject.toml" else ""
    if not isinstance(table, Mapping):  # `[tool] errlsp = 1`
        line = _line_of(text, "errlsp")
        raise ConfigError([Problem(str(file), line, prefix.rstrip("."), "expected a table")])
    return settings_from_mapping(
        table, source=str(file), root=file.parent, key_prefix=prefix, text=text
    )


def settings_from_mapping(
    data: Mapping[str, Any],
    *,
    source: str,
    root: Path | None,
    key_prefix: str = "",
    text: str | None = None,
) -> Settings:
    """Convert TOML or LSP settings to ``Settings``; every mistake becomes a located problem."""
    problems: list[Problem] = []

    def report(key: str, message: str) -> None:
        problems.append(Problem(source, _line_of(text, key), key_prefix + key, message))

    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _snake(raw_key)
        if key not in CONFIG_KEYS:
            report(raw_key, f"unknown key; expected one of {', '.join(CONFIG_KEYS)}")
            continue
        converted = _convert(key, value, lambda message, k=raw_key: report(k, message))
        if converted is not None:
            values[key] = converted
    if problems:
        raise ConfigError(problems)
    config_path = Path(source) if Path(source).is_file() else None
    return replace(Settings(), root=root, config_path=config_path, **values)


def _convert(key: str, value: Any, report: Any) -> Any:
    if key == "strict":
        if isinstance(value, bool):
            return value
        return report("expected true or false")
    if key in (
        "catalogs",
        "helpers",
        "exceptions",
        "accessors",
        "exclude",
        "constant_classes",
        "constant_modules",
    ):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            return tuple(value)
        return report("expected a list of non-empty strings")
    if not isinstance(value, Mapping):
        return report("expected a table")
    if key == "scopes":
        return _scopes(value, report)
    if key == "severity":
        result: dict[str, str] = {}
        for rule, level in value.items():
            if rule not in RULES:
                report(f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
            elif level not in SEVERITIES:
                report(f"{rule}: expected one of {', '.join(SEVERITIES)}, got {level!r}")
            else:
                result[rule] = level
        return result
    mapping: dict[str, tuple[str, ...]] = {}
    for pattern, names in value.items():
        listed = [names] if isinstance(names, str) else names
        if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
            report(f"{pattern}: expected a list of strings")
            continue
        mapping[pattern] = tuple(listed)
    return mapping


_SCOPE_KEYS = ("catalogs", "helpers", "exceptions", "accessors", "strict")


def _scopes(value: Mapping[str, Any], report: Any) -> tuple[Scope, ...]:
    """``"glob" = ["catalog", ...]`` or ``"glob" = {catalogs = [...], accessors = [...], ...}``."""
    scopes: list[Scope] = []
    for pattern, entry in value.items():
        table = {"catalogs": entry} if isinstance(entry, (str, list)) else entry
        if not isinstance(table, Mapping):
            report(f"{pattern}: expected a list of catalogs or a table")
            continue
        values: dict[str, Any] = {}
        for name, item in table.items():
            if name not in _SCOPE_KEYS:
                report(f"{pattern}: unknown key {name!r}; expected one of {', '.join(_SCOPE_KEYS)}")
            elif name == "strict":
                if isinstance(item, bool):
                    values[name] = item
                else:
                    report(f"{pattern}: strict: expected true or false")
            else:
                listed = [item] if isinstance(item, str) else item
                if isinstance(listed, list) and all(isinstance(n, str) and n for n in listed):
                    values[name] = tuple(listed)
                else:
                    report(f"{pattern}: {name}: expected a list of non-empty strings")
        scopes.append(Scope(pattern, values.pop("catalogs", ()), **values))
    return tuple(scopes)


def _line_of(text: str | None, key: str) -> int | None:
    if text is None:
        return None
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=|^\s*\[[^\]]*\b{re.escape(key)}\]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


__all__ = [
    "CONFIG_KEYS",
    "ConfigError",
    "Scope",
    "Settings",
    "find_config",
    "glob_match",
    "load_settings",
    "relative_posix",
    "settings_from_mapping",
]

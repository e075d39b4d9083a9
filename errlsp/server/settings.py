"""Client settings: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

The client speaks the config keys camelCased (``perFileIgnores``); ``errlsp.config`` converts
them with the same code that reads ``[tool.errlsp]``, so the two spellings cannot drift.

Settings are layers, recomputed from scratch on every change: each root's config file, then
the editor's settings (the last ``didChangeConfiguration`` that carried any, else the
``initializationOptions``), then the folder's own ``workspace/configuration`` answer. A key
the editor stops sending therefore falls back to the config file's value. Two keys exist only
for the server (``diagnosticDelay``, ``pollInterval``). Bad values, unknown catalog names
included (checked by ``errlsp.catalog``, as ``errlsp check`` does), are reported to the user and
dropped, keeping the rest, so a typo in an editor setting never stops the server (as
jedi-language-server does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from errlsp.catalog import Problem, builtin_names, unknown_reference
from errlsp.config import ConfigError, Settings, settings_from_mapping

if TYPE_CHECKING:
    from errlsp.server.server import ErrlspServer
    from errlsp.server.state import RootState

SECTION = "errlsp"


@dataclass(frozen=True)
class ServerOptions:
    """Options of the server itself, not of the analysis."""

    diagnostic_delay: float = 0.15  # seconds of quiet typing before diagnostics are computed
    poll_interval: float = 2.0  # seconds between checks of config and catalog files
    show_references: bool = False  # inlay hints with each reference's verdict


SERVER_KEYS = {
    "diagnosticDelay": "diagnostic_delay",
    "pollInterval": "poll_interval",
    "showReferences": "show_references",
}


def unwrap(value: Any) -> Mapping[str, Any]:
    """Settings as sent: either the errlsp section itself or an object holding it."""
    if not isinstance(value, Mapping):
        return {}
    inner = value.get(SECTION)
    if isinstance(inner, Mapping):
        return inner
    return value


def server_options(data: Mapping[str, Any], source: str) -> tuple[ServerOptions, list[Problem]]:
    """Read ``diagnosticDelay`` (milliseconds), ``pollInterval`` (seconds) and
    ``showReferences`` (true or false); defaults else."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, name in SERVER_KEYS.items():
        if key not in data:
            continue
        value = data[key]
        if key == "showReferences":
            if isinstance(value, bool):
                values[name] = value
            else:
                problems.append(Problem(source, None, key, "expected true or false"))
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append(Problem(source, None, key, "expected a number >= 0"))
            continue
        values[name] = value / 1000 if key == "diagnosticDelay" else float(value)
    return replace(ServerOptions(), **values), problems


@dataclass(frozen=True)
class ClientSettings:
    """The analysis settings the client sent, with the keys it named."""

    settings: Settings
    given: tuple[str, ...]

    def over(self, base: Settings) -> Settings:
        """``base`` (from the config file) with the client's keys taking precedence."""
        if not self.given:
            return base
        return replace(base, **{name: getattr(self.settings, name) for name in self.given})


EMPTY = ClientSettings(Settings(), ())


def client_settings(
    data: Mapping[str, Any], *, source: str, folder: Path | None
) -> tuple[ClientSettings, list[Problem]]:
    """Convert client settings; keys with bad values are reported and left out."""
    mapping = {key: value for key, value in data.items() if key not in SERVER_KEYS}
    problems: list[Problem] = []
    settings = Settings()
    while True:
        try:
            settings = settings_from_mapping(mapping, source=source, root=folder)
            break
        except ConfigError as error:
            problems.extend(error.problems)
            bad = {problem.key for problem in error.problems}
            mapping = {key: value for key, value in mapping.items() if key not in bad}
            if not bad & set(data):
                mapping = {}  # a problem we cannot pin on a key: use no client settings
    names = {f.name for f in fields(Settings)}
    given = {_snake(key) for key in mapping if _snake(key) in names}
    if "catalogs" in given:
        known = []
        for reference in settings.catalogs:
            if (problem := unknown_reference(reference, folder)) is not None:
                problems.append(
                    Problem(source, None, "catalogs", f"{reference!r}: {problem.message}")
                )
            else:
                known.append(reference)
        if known:
            anchored = _anchored(tuple(known), folder) if folder is not None else tuple(known)
            settings = replace(settings, catalogs=anchored)
        else:  # nothing usable left: the config file's catalogs apply
            given.discard("catalogs")
    return ClientSettings(settings, tuple(sorted(given))), problems


def _anchored(catalogs: tuple[str, ...], folder: Path) -> tuple[str, ...]:
    """Catalog paths from the client are relative to the workspace folder, not the config."""
    builtin = builtin_names()
    return tuple(
        name if name in builtin or Path(name).is_absolute() else str(folder / name)
        for name in catalogs
    )


def _snake(key: str) -> str:
    out = []
    for char in key.replace("-", "_"):
        if char.isupper():
            out.append("_" + char.lower())
        else:
            out.append(char)
    return "".join(out).lstrip("_")


def carries_settings(value: Any) -> bool:
    """Whether a ``didChangeConfiguration`` payload holds settings, not just "pull them".

    Neovim sends ``{}`` and others ``null`` to say "something changed, ask me": that must not
    wipe the ``initializationOptions``. An ``errlsp`` section, even an empty one, is the
    editor's whole settings as of now.
    """
    return isinstance(value, Mapping) and (SECTION in value or bool(value))


def accept(server: ErrlspServer, data: Mapping[str, Any], source: str) -> None:
    """Make ``data`` the editor's settings layer, replacing the previous one entirely.

    Analysis keys are checked per root when it loads (``root_client_settings``), where
    relative catalog paths have a folder to be relative to.
    """
    server.client_data = dict(data)
    server.client_source = source
    server.options, problems = server_options(data, source)
    server.report(problems, source)


async def pull_scoped(server: ErrlspServer) -> list[RootState]:
    """Ask for each folder's own settings (``workspace/configuration``); the roots that differ."""
    if not server.features.configuration:
        return []
    folders = [(root, root.folder) for root in server.state.roots.values() if root.folder]
    if not folders:
        return []
    roots = [root for root, _ in folders]
    items = [
        types.ConfigurationItem(scope_uri=folder.as_uri(), section=SECTION) for _, folder in folders
    ]
    try:
        results = await server.workspace_configuration_async(types.ConfigurationParams(items=items))
    except Exception as error:  # a client that cannot answer keeps the global settings
        server.log(f"errlsp: workspace/configuration failed: {error}")
        return []
    changed = []
    for root, result in zip(roots, results, strict=False):
        scoped = dict(unwrap(result)) if isinstance(result, Mapping) else {}
        if scoped != root.scoped_data:
            root.scoped_data = scoped
            changed.append(root)
    return changed


def root_client_settings(
    server: ErrlspServer, root: RootState
) -> tuple[ClientSettings, list[Problem]]:
    """The editor's layer for ``root``: global settings, then the folder's own on top."""
    data = {**server.client_data, **root.scoped_data}
    mapping = {key: value for key, value in data.items() if key not in SERVER_KEYS}
    return client_settings(mapping, source=server.client_source, folder=root.folder)

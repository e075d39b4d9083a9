"""``create_server()``: a new server with every feature registered.

Each call builds a fresh server (no import-time singleton), so tests and ``errlsp serve``
each get their own. This is the only module that imports every feature module; the features
import ``errlsp.server.server`` for the server's type, never each other's registration.
"""

from __future__ import annotations

from errlsp.server import (
    actions,
    completion,
    diagnostics,
    hover,
    lifecycle,
    navigation,
    reload,
)
from errlsp.server.server import ErrlspServer

FEATURES = (lifecycle, reload, diagnostics, completion, hover, actions, navigation)


def create_server() -> ErrlspServer:
    """A new, fully registered server (call ``start_io()`` or ``start_tcp()`` on it)."""
    server = ErrlspServer()
    for feature in FEATURES:
        feature.register(server)
    return server


__all__ = ["FEATURES", "create_server"]

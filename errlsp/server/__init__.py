"""The errlsp language server (pygls): completion, hover, diagnostics, fixes and navigation.

Handlers translate between LSP and ``errlsp.analysis`` / ``errlsp.catalog``; the analysis
itself lives below this package. ``create_server()`` builds a new server on each call.
"""

from __future__ import annotations

from errlsp.server.factory import create_server
from errlsp.server.server import ErrlspServer

__all__ = ["ErrlspServer", "create_server"]

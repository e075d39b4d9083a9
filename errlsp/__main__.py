"""``python -m errlsp`` runs the same command line as the ``errlsp`` script."""

from __future__ import annotations

from errlsp.cli import entry

entry()

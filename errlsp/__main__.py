"""``python -m errlsp`` runs the same command line as the ``errlsp`` script."""

from __future__ import annotations

import sys

from errlsp.cli import main

sys.exit(main())

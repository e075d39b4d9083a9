"""errlsp: a REST API's documented error codes as checked, completed and explained values.

The package is layered (see DESIGN.md): ``catalog`` and ``config`` know what exists,
``analysis`` finds references in source, ``envelopes`` reads responses; ``server``,
``cli`` and the ``pytest_errcodes`` plugin only translate between those and their hosts.
"""

from __future__ import annotations

__version__ = "0.1.0"

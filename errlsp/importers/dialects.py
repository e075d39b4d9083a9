"""Which envelope dialect an error example (or an error schema's shape) is written in.

A documentation page usually shows one example error response, and an OpenAPI spec describes
one; either is enough to pin the catalog's ``envelope`` so that tests read responses the
documented way. The judgement is ``errlsp.envelopes.detect``'s, the same one that reads real
responses, so an imported catalog never names a dialect the envelope parser would not choose.
A schema is judged through a skeleton body built from it (see ``openapi``).
"""

from __future__ import annotations

from typing import Any

from errlsp.envelopes import DIALECTS, detect

__all__ = ["DIALECTS", "body_dialect"]


def body_dialect(body: Any, media_type: str | None = None) -> str | None:
    """The dialect of an example error body, or None when it has no error shape."""
    headers = {"content-type": media_type} if media_type else None
    return detect(body, headers)

"""What an HTTP response says went wrong: error envelopes read and written.

``parse`` reads the error a body carries in any common REST dialect (``DIALECTS``) into an
``ApiError``; ``build`` writes one for mocks; ``decode_body`` explains bodies that are not
JSON. Pure functions over values: no I/O, standard library only.

Choices every dialect shares:

- ``fields`` of the top-level error also lists its details' fields (``ResponseStatus``
  with ``Errors[0].FieldName == "Name"`` matches ``field="Name"``); details list their own.
- Several errors side by side (JSON:API, GraphQL ``errors[]``): the first is the main one,
  the rest are its details. ``codes()`` gathers every code, ``all_fields()`` every field.
- Problem details take their code from an extension member (``code``, ``error_code``),
  never from ``type``; the type URI stays in ``raw["type"]``.
- Google's code is ``ErrorInfo.reason`` when given, else the canonical ``status``; the
  canonical status is then also a detail, so ``codes()`` holds both.
- Top-level members (``{"code", "message"}``, OAuth's ``{"error"}``, FastAPI, Laravel,
  Django REST framework) are the ``flat`` dialect, not problem details, unless the
  content type says ``application/problem+json``.
- Empty strings read as absent, integer codes as decimal strings, and the response's
  status wins over one the body states.
"""

from __future__ import annotations

from errlsp.envelopes.build import build, build_text, media_type
from errlsp.envelopes.decode import Body, decode_body
from errlsp.envelopes.detect import detect
from errlsp.envelopes.fields import normalise_field
from errlsp.envelopes.model import DIALECTS, ApiError, DecodedBody, EnvelopeError
from errlsp.envelopes.parse import parse

__all__ = [
    "DIALECTS",
    "ApiError",
    "Body",
    "DecodedBody",
    "EnvelopeError",
    "build",
    "build_text",
    "decode_body",
    "detect",
    "media_type",
    "normalise_field",
    "parse",
]

"""What an HTTP response says went wrong: error envelopes read and written.

``parse`` reads the error a body carries in any common REST dialect (``DIALECTS``) into an
``ApiError``; ``build`` writes one for mocks; ``decode_body`` explains bodies that are not
JSON. Pure functions over values: no I/O, standard library only.
"""

from __future__ import annotations

from errlsp.envelopes.build import build, media_type
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
    "decode_body",
    "detect",
    "media_type",
    "normalise_field",
    "parse",
]

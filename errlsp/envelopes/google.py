"""Reader for Google's AIP-193 error model (``google.rpc.Status`` over HTTP).

The useful code hides in ``details[]`` as typed messages; the older v1 format keeps
``errors[]`` with ``reason`` and ``location``, still served by many Google APIs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from errlsp.envelopes.fields import names_from
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import (
    get,
    members,
    message_text,
    objects,
    original,
    pick_status,
    status_of,
    text,
)

_RPC_TYPES = ("ErrorInfo", "BadRequest", "PreconditionFailure", "QuotaFailure")


def read_google(doc: Any, status: int | None) -> ApiError | None:
    """Google AIP-193 ``{"error": {"code": 400, "status", "message", "details": [...]}}``.

    The code is ``ErrorInfo.reason``, else the canonical ``status``, else a legacy
    ``errors[].reason``; the canonical status also follows as the first detail, so
    ``codes()`` holds both. Field violations and precondition/quota violations are details.
    """
    block = get(doc, "error")
    if not isinstance(block, Mapping):
        return None
    block, whole = members(block), original(block)
    numeric = get(block, "code")
    stated = status_of(numeric)
    canonical = text(get(block, "status")) if isinstance(get(block, "status"), str) else None
    reason: str | None = None
    details: list[ApiError] = []
    for item in objects(get(block, "details")):
        kind = next((name for name in _RPC_TYPES if _rpc_type(item).endswith(name)), None)
        if kind == "ErrorInfo":
            reason = reason or text(get(item, "reason"))
        elif kind == "BadRequest":
            details += _violations(get(item, "fieldViolations"), status, with_fields=True)
        elif kind is not None:
            details += _violations(get(item, "violations"), status, with_fields=False)
    legacy = [
        ApiError(
            text(get(item, "reason")),
            message_text(get(item, "message")),
            names_from(item, "location") if get(item, "locationType") != "header" else (),
            status,
            "google",
            raw=item,
        )
        for item in objects(get(block, "errors"))
    ]
    free_text = text(numeric) if isinstance(numeric, str) and stated is None else None
    code = reason or canonical or next((e.code for e in legacy if e.code), None) or free_text
    if canonical is not None and canonical != code:
        details.insert(0, ApiError(canonical, None, (), status, "google", raw=whole))
    message = message_text(get(block, "message"))
    details += legacy
    if code is None and message is None and stated is None and not details:
        return None
    return summarise(
        code=code,
        message=message,
        fields=(),
        status=pick_status(status, stated),
        dialect="google",
        details=details,
        raw=whole,
    )


def _rpc_type(item: Mapping[str, Any]) -> str:
    return text(get(item, "@type")) or ""


def _violations(value: Any, status: int | None, *, with_fields: bool) -> list[ApiError]:
    return [
        ApiError(
            text(get(item, "reason", "type")),
            message_text(get(item, "description", "localizedMessage")),
            names_from(item, "field") if with_fields else (),
            status,
            "google",
            raw=item,
        )
        for item in objects(value)
    ]

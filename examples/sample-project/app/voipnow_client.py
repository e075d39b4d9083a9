"""A tiny client for the VoipNow UnifiedAPI (the sample project for errlsp)."""

from __future__ import annotations

from typing import Any


def should_refresh_token(response: Any) -> bool:
    body = response.json()
    if response.status_code == 401:
        return body["error"]["code"] in ("expired_token", "unauthorized")
    return False


def is_bad_date(body: dict[str, Any]) -> bool:
    code = body["error"]["code"]
    return code == "cdr_start_date_invalid" or code == "cdr_end_date_invalid"


def is_forbidden(body: dict[str, Any]) -> bool:
    return body["error"]["code"] == "FORBIDDEN"

"""A tiny client for the Fone Dynamics REST API (the sample project for errlsp)."""

from __future__ import annotations

from typing import Any


class FoneApiError(Exception):
    def __init__(self, code: str, message: str = "", field: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.field = field


def raise_for_error(body: dict[str, Any]) -> None:
    status = body.get("ResponseStatus") or {}
    code = status.get("ErrorCode")
    if code:
        errors = status.get("Errors") or [{}]
        raise FoneApiError(code, status.get("Message", ""), errors[0].get("FieldName"))


def describe(error: FoneApiError) -> str:
    if error.code == "PARAMETER_REQUIRED":
        return f"missing parameter {error.field}"
    if error.code in ("NUMBER_NOT_FOUND", "ACCOUNT_NOT_FOUND", "ADRESS_NOT_FOUND"):
        return "not found"
    match error.code:
        case "FORBIDDEN":
            return "no permission"
        case "INVALID_EMAIL_FORMAT" | "Invalid_Phonenumber_Format":
            return "bad format"
    return error.code


def reject_empty_name(name: str) -> None:
    if not name:
        raise FoneApiError("PARAMETER_REQUIERD", "name is required", "name")

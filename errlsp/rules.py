"""The rules: stable ids, default severities, message and fix wording, and their docs.

Each rule's docstring is its documentation (Markdown), shown by ``errlsp check --explain``,
by hover on a suppression comment, and in the README table, which a test regenerates from
here. Ids read as "allow <id>" and name the bad pattern, as ruff's rules do. Adapters never
hard-code severities: they ask ``severity_of``.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

DOCS_URL = "https://github.com/errlsp/errlsp#{id}"


class Rule:
    """A rule's identity and wording; subclasses' docstrings are their documentation.

    ``messages`` holds the rule's message templates by variant (``str.format`` fields), so
    that every face words a finding alike; ``tags`` are LSP diagnostic tags ("deprecated",
    "unnecessary"); ``add_to_catalog`` says the code may be missing from the catalog rather
    than mistyped, so the editor offers to document it.
    """

    id: str = ""
    default_severity: str = "error"
    summary: str = ""
    fix_title: str | None = None
    messages: Mapping[str, str] = {}
    tags: tuple[str, ...] = ()
    add_to_catalog: bool = False

    def message(self, variant: str = "default", **values: object) -> str:
        """The rule's message ``variant`` with ``values`` filled in."""
        return self.messages[variant].format(**values)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(type(self).__doc__ or "")

    @property
    def url(self) -> str:
        return DOCS_URL.format(id=self.id)


class UnknownCode(Rule):
    """## What it does
    Reports an error-code literal that no active catalog documents.

    ## Why is this bad?
    A test asserting `PARAMETER_REQUIRD` never passes for the right reason, and client code
    branching on it never runs. Typos and codes the API dropped look exactly like real codes.

    ## Example
    ```python
    assert_api_error(resp, "PARAMETER_REQUIRD", field="name")
    ```

    ## Use instead
    ```python
    assert_api_error(resp, "PARAMETER_REQUIRED", field="name")
    ```

    ## Fix
    Safe when a single close code exists: replaces the literal with the closest documented code.

    ## Options
    `catalogs`, `scopes`; `strict = true` also reports undocumented literals in generic contexts
    (comparisons with `.code`, `match`, exception constructors), which by default are reported
    only when they resemble a documented code.

    ## How to suppress
    `# errlsp: ignore[unknown-code]` on the line, or `per-file-ignores`.
    """

    id = "unknown-code"
    summary = "error code is not documented in any active catalog"
    fix_title = "Replace with {replacement!r}"
    messages = {
        "default": "{code!r} is not a documented error code (searched {searched})",
        "suggestions": "{code!r} is not a documented error code (searched {searched}). "
        "Did you mean {choices}?",
    }
    add_to_catalog = True


class WrongCase(Rule):
    """## What it does
    Reports a code documented in a different case, such as `parameter_required` for
    `PARAMETER_REQUIRED`, in a catalog whose codes are case-sensitive.

    ## Why is this bad?
    APIs compare codes exactly: the response says `PARAMETER_REQUIRED` and the comparison fails.

    ## Example
    ```python
    if err.code == "parameter_required":
        ...
    ```

    ## Use instead
    ```python
    if err.code == "PARAMETER_REQUIRED":
        ...
    ```

    ## Fix
    Safe: replaces the literal with the documented spelling.

    ## Options
    A catalog with `case_sensitive = false` never reports this.

    ## How to suppress
    `# errlsp: ignore[wrong-case]`.
    """

    id = "wrong-case"
    summary = "error code is documented in another case"
    fix_title = "Replace with {replacement!r}"
    messages = {
        "default": "{code!r} is documented as {right!r} in {catalog} (codes are case-sensitive)"
    }


class StatusMismatch(Rule):
    """## What it does
    Reports a code checked together with an HTTP status that its documentation does not give
    it: a `status=` argument, an `assert resp.status_code == N` in the same function, or an
    `if resp.status_code == N:` around the reference. Where the catalog does not tie the code
    to a status, the statuses the API documents overall are used.

    ## Why is this bad?
    `unauthorized` comes with 401; a test expecting it with 400 documents behaviour the API
    does not have, or hides a server bug.

    ## Example
    ```python
    assert_api_error(resp, "unauthorized", status=400)
    ```

    ## Use instead
    ```python
    assert_api_error(resp, "unauthorized", status=401)
    ```

    ## Fix
    None: which side is wrong needs a human.

    ## How to suppress
    `# errlsp: ignore[status-mismatch]`.
    """

    id = "status-mismatch"
    default_severity = "warning"
    summary = "HTTP status checked here is not documented for this code"
    messages = {
        "default": "{code!r} is documented with status {documented} ({source}), "
        "but status {status} is checked here"
    }


class FieldMismatch(Rule):
    """## What it does
    Reports `field=` asserted for a code whose documentation says it names no field.

    ## Why is this bad?
    The response will never carry a field name for that code, so the assertion cannot pass
    (or passes by accident against an undocumented response).

    ## Example
    ```python
    assert_api_error(resp, "INVALID_DATE_RANGE", field="start")
    ```

    ## Use instead
    ```python
    assert_api_error(resp, "INVALID_DATE_RANGE")
    ```

    ## Fix
    None.

    ## How to suppress
    `# errlsp: ignore[field-mismatch]`.
    """

    id = "field-mismatch"
    default_severity = "warning"
    summary = "field asserted for a code that carries no field"
    messages = {
        "default": "{code!r} carries no field name in {catalog}, but field {fields} is asserted"
    }


class OtherCatalog(Rule):
    """## What it does
    Reports a code documented only in an active catalog other than the one scoped to this file
    (by `scopes`), call (`catalog=`) or file comment (`# errlsp: catalog=NAME`).

    ## Why is this bad?
    Code talking to one API compares against another API's code: it can never match.

    ## Example
    ```python
    # errlsp: catalog=fonedynamics
    assert body["ResponseStatus"]["ErrorCode"] == "cdr_start_date_invalid"
    ```

    ## Use instead
    A code of the scoped catalog, or a corrected scope.

    ## Fix
    None.

    ## How to suppress
    `# errlsp: ignore[other-catalog]`.
    """

    id = "other-catalog"
    summary = "code belongs to another API's catalog"
    messages = {
        "default": "{code!r} is documented in {catalog}, not in {searched}, "
        "the catalog in scope here"
    }


class DeprecatedCode(Rule):
    """## What it does
    Reports a code its catalog marks `deprecated`.

    ## Why is this bad?
    The API is going to stop sending it; code that depends on it will silently stop working.

    ## Fix
    None; the catalog's deprecation note says what to use instead.

    ## How to suppress
    `# errlsp: ignore[deprecated-code]`.
    """

    id = "deprecated-code"
    default_severity = "warning"
    summary = "code is deprecated in its catalog"
    messages = {"default": "{code!r} is deprecated in {catalog}: {reason}"}
    tags = ("deprecated",)


class SyntaxErrorRule(Rule):
    """## What it does
    Reports, once, a file with error-code contexts that cannot be parsed or decoded, at the
    line the compiler names, instead of crashing the run. A file without any error-code context
    is never parsed, so its syntax errors are left to other tools.

    ## Why is this bad?
    References in an unparsable file cannot be checked.

    ## How to suppress
    Exclude the file with `exclude`.
    """

    id = "syntax-error"
    summary = "file cannot be parsed"
    messages = {"default": "{detail}"}


RULES: Mapping[str, Rule] = {
    rule.id: rule
    for rule in (
        UnknownCode(),
        WrongCase(),
        StatusMismatch(),
        FieldMismatch(),
        OtherCatalog(),
        DeprecatedCode(),
        SyntaxErrorRule(),
    )
}


def severity_of(rule_id: str, overrides: Mapping[str, str]) -> str:
    """The configured severity of a rule, "off" included."""
    return overrides.get(rule_id, RULES[rule_id].default_severity)


def rules_markdown() -> str:
    """The README's rules section: a table, then each rule's doc under its own heading."""
    rows = ["| Rule | Default | Fix | What it reports |", "| --- | --- | --- | --- |"]
    for rule in RULES.values():
        fix = "yes" if rule.fix_title else "-"
        rows.append(
            f"| [`{rule.id}`](#{rule.id}) | {rule.default_severity} | {fix} | {rule.summary} |"
        )
    sections = []
    for rule in RULES.values():
        body = rule.doc.replace("## ", "#### ")
        sections.append(f"### {rule.id}\n\n{body}\n")
    return "\n".join(rows) + "\n\n" + "\n".join(sections)

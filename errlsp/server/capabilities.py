"""What the client can take, read once from its capabilities at ``initialize``.

Handlers ask these flags instead of walking ``ClientCapabilities`` themselves, so the
difference between VS Code, Neovim and Emacs is decided in one place: Markdown or plain text,
pull or push diagnostics, watched files or our own polling, document changes or plain edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability


@dataclass(frozen=True)
class ClientFeatures:
    hover_markdown: bool = False
    completion_documentation: tuple[str, ...] = ()  # accepted MarkupKinds; () = plain string
    completion_deprecated_tag: bool = False
    completion_deprecated_property: bool = False
    pull_diagnostics: bool = False
    diagnostic_refresh: bool = False
    code_description: bool = False
    diagnostic_tags: tuple[int, ...] = ()
    code_action_literals: bool = False
    code_action_preferred: bool = False
    document_changes: bool = False
    watched_files: bool = False  # dynamic registration of workspace/didChangeWatchedFiles
    configuration: bool = False  # workspace/configuration requests
    link_tooltips: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> ClientFeatures:
        caps = capabilities
        hover_formats = get_capability(caps, "text_document.hover.content_format", []) or []
        documentation = get_capability(
            caps, "text_document.completion.completion_item.documentation_format", []
        )
        tags = get_capability(caps, "text_document.completion.completion_item.tag_support", None)
        diagnostic_tags = get_capability(
            caps, "text_document.publish_diagnostics.tag_support", None
        )
        return cls(
            hover_markdown=types.MarkupKind.Markdown in hover_formats,
            completion_documentation=tuple(str(kind.value) for kind in documentation or []),
            completion_deprecated_tag=tags is not None
            and types.CompletionItemTag.Deprecated in tags.value_set,
            completion_deprecated_property=bool(
                get_capability(
                    caps, "text_document.completion.completion_item.deprecated_support", False
                )
            ),
            pull_diagnostics=get_capability(caps, "text_document.diagnostic", None) is not None,
            diagnostic_refresh=bool(
                get_capability(caps, "workspace.diagnostics.refresh_support", False)
            ),
            code_description=bool(
                get_capability(
                    caps, "text_document.publish_diagnostics.code_description_support", False
                )
            ),
            diagnostic_tags=tuple(int(tag) for tag in diagnostic_tags.value_set)
            if diagnostic_tags is not None
            else (),
            code_action_literals=get_capability(
                caps, "text_document.code_action.code_action_literal_support", None
            )
            is not None,
            code_action_preferred=bool(
                get_capability(caps, "text_document.code_action.is_preferred_support", False)
            ),
            document_changes=bool(
                get_capability(caps, "workspace.workspace_edit.document_changes", False)
            ),
            watched_files=bool(
                get_capability(
                    caps, "workspace.did_change_watched_files.dynamic_registration", False
                )
            ),
            configuration=bool(get_capability(caps, "workspace.configuration", False)),
            link_tooltips=bool(
                get_capability(caps, "text_document.document_link.tooltip_support", False)
            ),
        )

    @property
    def completion_markup(self) -> types.MarkupKind | None:
        """The richest documentation format completion items may use; None = plain string."""
        if types.MarkupKind.Markdown.value in self.completion_documentation:
            return types.MarkupKind.Markdown
        if types.MarkupKind.PlainText.value in self.completion_documentation:
            return types.MarkupKind.PlainText
        return None

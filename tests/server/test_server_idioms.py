"""The SDK idiom fixtures through the language server: the same findings as ``errlsp check``."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from lsp_session import diagnostics_for, open_document, start
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "analysis"))
from test_analysis_idioms import FILES, IDIOMS, expected  # noqa: E402


async def test_idioms_through_the_server(bare_client: LanguageClient, tmp_path: Path) -> None:
    project = tmp_path / "idioms"
    shutil.copytree(IDIOMS, project)
    await start(bare_client, bare_client.client_name, [project])  # type: ignore[attr-defined]
    for name in FILES:
        path = project / name
        uri = open_document(bare_client, path)
        diagnostics = await diagnostics_for(bare_client, uri, 1)
        found = {(item.range.start.line, str(item.code)) for item in diagnostics}
        assert found == expected(path.read_text(encoding="utf-8")), name

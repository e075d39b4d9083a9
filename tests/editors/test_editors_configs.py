"""The ready-to-copy editor configs in editors/ parse and start `errlsp serve` for Python.

Helix, Sublime Text and Emacs do not run here, so these tests read the files the way those
editors would (TOML, JSON with comments, balanced Lisp) and check what each one starts.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EDITORS = Path(__file__).resolve().parents[2] / "editors"


def strip_json_comments(text: str) -> str:
    """Drops // line comments outside strings, as Sublime Text's settings loader does."""
    out: list[str] = []
    in_string = escaped = False
    i = 0
    while i < len(text):
        char = text[i]
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def test_helix_adds_errlsp_next_to_another_python_server() -> None:
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text("utf-8"))
    server = config["language-server"]["errlsp"]
    assert [server["command"], *server["args"]] == ["errlsp", "serve"]
    python = next(lang for lang in config["language"] if lang["name"] == "python")
    servers = python["language-servers"]
    assert servers[-1] == "errlsp"
    assert len(servers) >= 2, "errlsp is meant to run next to another Python server"


def test_sublime_client_starts_errlsp_for_python() -> None:
    text = strip_json_comments((EDITORS / "sublime" / "LSP.sublime-settings").read_text("utf-8"))
    client = json.loads(text)["clients"]["errlsp"]
    assert client["enabled"] is True
    assert client["command"] == ["errlsp", "serve"]
    assert client["selector"] == "source.python"


def test_strip_json_comments_keeps_slashes_inside_strings() -> None:
    assert json.loads(strip_json_comments('{"a": "x//y" // note\n}')) == {"a": "x//y"}


def lisp_forms_balanced(text: str) -> bool:
    """Parentheses balance outside strings and ; comments (enough to catch a broken paste)."""
    depth = 0
    in_string = escaped = in_comment = False
    for char in text:
        if in_comment:
            in_comment = char != "\n"
        elif in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == ";":
            in_comment = True
        elif char == '"':
            in_string = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not in_string


def test_emacs_configs_are_balanced_and_start_errlsp() -> None:
    eglot = (EDITORS / "emacs" / "errlsp-eglot.el").read_text("utf-8")
    lsp_mode = (EDITORS / "emacs" / "errlsp-lsp-mode.el").read_text("utf-8")
    for name, text in (("eglot", eglot), ("lsp-mode", lsp_mode)):
        assert lisp_forms_balanced(text), f"unbalanced parentheses in the {name} config"
        assert re.search(r'\("errlsp" "serve"', text), name
    assert "eglot-server-programs" in eglot and "python-ts-mode" in eglot
    assert ":add-on? t" in lsp_mode and '(lsp-activate-on "python")' in lsp_mode


def test_neovim_config_starts_errlsp_for_python() -> None:
    lua = (EDITORS / "neovim" / "lsp" / "errlsp.lua").read_text("utf-8")
    assert "cmd = { 'errlsp', 'serve' }" in lua
    assert "filetypes = { 'python' }" in lua
    assert "vim.lsp.enable('errlsp')" in (EDITORS / "neovim" / "init.lua").read_text("utf-8")


def test_every_editor_folder_is_indexed_and_documented() -> None:
    index = (EDITORS / "README.md").read_text("utf-8")
    for folder in sorted(p for p in EDITORS.iterdir() if p.is_dir()):
        assert f"({folder.name}/" in index, f"editors/README.md does not link {folder.name}/"
        assert (folder / "README.md").exists(), f"{folder.name}/ has no README.md"

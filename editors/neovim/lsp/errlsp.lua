-- errlsp for Neovim 0.11+: copy this file to ~/.config/nvim/lsp/errlsp.lua (any `lsp/` folder
-- on 'runtimepath' works) and call vim.lsp.enable('errlsp') from init.lua.
--
-- errlsp checks the documented error codes of REST APIs in Python code; it runs next to your
-- other Python server (basedpyright, pylsp, ruff...), each attaching to the same buffers.

---@type vim.lsp.Config
return {
  -- `errlsp serve` from PATH. For a project virtualenv use, in init.lua:
  --   vim.lsp.config('errlsp', { cmd = { '/path/to/.venv/bin/python', '-m', 'errlsp', 'serve' } })
  cmd = { 'errlsp', 'serve' },
  filetypes = { 'python' },
  -- The nearest folder holding errlsp's config (or a pyproject.toml without one) is the root.
  root_markers = { 'errlsp.toml', 'pyproject.toml', 'setup.cfg', '.git' },
  -- Optional: the same keys as [tool.errlsp] in pyproject.toml, camelCased. They override the
  -- project's file. Leave empty to let the project decide.
  --   init_options = { catalogs = { 'voipnow' }, severity = { ['status-mismatch'] = 'warning' } },
  init_options = {},
}

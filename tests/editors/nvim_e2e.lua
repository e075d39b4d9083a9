-- Drives Neovim's own LSP client against errlsp for tests/editors/test_editors_neovim.py.
--
-- Loads editors/neovim exactly as a user would (lsp/errlsp.lua on 'runtimepath', init.lua
-- sourced), opens a file, and records what arrives: diagnostics, a hover, completion items and
-- the quick fix's edit. Every wait has its own time limit; the result (or the error) is written
-- as JSON to $ERRLSP_E2E_OUT and Neovim quits, whatever happens.
--
-- Environment: ERRLSP_NVIM_CONFIG (editors/neovim), ERRLSP_E2E_CMD (JSON list: server command),
-- ERRLSP_E2E_FILE (file to open), ERRLSP_E2E_OUT (JSON result), ERRLSP_E2E_TIMEOUT_MS (per wait).

local result = { steps = {} }
local timeout = tonumber(os.getenv('ERRLSP_E2E_TIMEOUT_MS') or '20000')

local function step(name)
  table.insert(result.steps, name)
end

-- 0-based line and byte column of `code` in the first `assert_api_error(resp, "<code>"` call
-- (the docstring mentions the codes too: those are not references).
local function find_code(bufnr, code)
  local needle = 'assert_api_error(resp, "' .. code .. '"'
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return lnum - 1, col - 1 + #'assert_api_error(resp, "'
    end
  end
  error('text not found in buffer: ' .. needle)
end

local function run()
  vim.opt.runtimepath:prepend(os.getenv('ERRLSP_NVIM_CONFIG'))
  dofile(os.getenv('ERRLSP_NVIM_CONFIG') .. '/init.lua')
  vim.lsp.config('errlsp', { cmd = vim.json.decode(os.getenv('ERRLSP_E2E_CMD')) })

  vim.cmd.edit(vim.fn.fnameescape(os.getenv('ERRLSP_E2E_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  step('opened')

  local client
  local attached = vim.wait(timeout, function()
    client = vim.lsp.get_clients({ bufnr = bufnr, name = 'errlsp' })[1]
    return client ~= nil and client.initialized == true
  end, 50)
  if not attached then
    error('errlsp did not attach within ' .. timeout .. ' ms')
  end
  result.server_info = client.server_info
  result.offset_encoding = client.offset_encoding
  step('attached')

  -- Diagnostics, pushed or pulled: whatever Neovim's client turns into vim.diagnostic entries.
  local diagnostics = {}
  vim.wait(timeout, function()
    diagnostics = vim.diagnostic.get(bufnr)
    return #diagnostics > 0
  end, 50)
  result.diagnostics = {}
  for _, d in ipairs(diagnostics) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message,
      code = d.code, source = d.source, severity = vim.diagnostic.severity[d.severity],
    })
  end
  step('diagnostics')

  -- Hover on the documented code.
  local line, col = find_code(bufnr, 'PARAMETER_REQUIRED')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 3 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hover = client:request_sync('textDocument/hover', params, timeout, bufnr)
  result.hover = hover and (hover.err and { error = hover.err } or hover.result) or { error = 'timeout' }
  step('hover')

  -- Quick fix for the misspelled code, applied the way `gra` does.
  local fix_line, fix_col = find_code(bufnr, 'PARAMETER_REQUIRD')
  local context_diagnostics = vim.tbl_filter(function(d)
    return d.lnum == fix_line
  end, vim.diagnostic.get(bufnr))
  local lsp_diagnostics = vim.tbl_map(function(d)
    return d.user_data and d.user_data.lsp or nil
  end, context_diagnostics)
  local actions = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = fix_line, character = fix_col },
      ['end'] = { line = fix_line, character = fix_col + #'PARAMETER_REQUIRD' },
    },
    context = { diagnostics = lsp_diagnostics, only = { 'quickfix' } },
  }, timeout, bufnr)
  result.code_actions = {}
  local applied = false
  for _, action in ipairs((actions and actions.result) or {}) do
    table.insert(result.code_actions, { title = action.title, kind = action.kind })
    if not applied and action.edit and action.title:find('PARAMETER_REQUIRED', 1, true) then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
  result.fixed_line = vim.api.nvim_buf_get_lines(bufnr, fix_line, fix_line + 1, false)[1]
  step('code_action')

  -- After the fix, the unknown-code diagnostic goes away (the server re-checks the new text).
  vim.wait(timeout, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == fix_line then
        return false
      end
    end
    return true
  end, 50)
  result.diagnostics_after_fix = #vim.tbl_filter(function(d)
    return d.lnum == fix_line
  end, vim.diagnostic.get(bufnr))
  step('rechecked')

  -- Completion while typing a code, on a new line: the string is still unterminated.
  local last = vim.api.nvim_buf_line_count(bufnr)
  local typed = '    assert_api_error(resp, "PARAM'
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { typed })
  vim.api.nvim_win_set_cursor(0, { last + 1, #typed })
  params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local completion = client:request_sync('textDocument/completion', params, timeout, bufnr)
  local items = completion and completion.result or {}
  if items.items then
    items = items.items
  end
  result.completion = {}
  for _, item in ipairs(items) do
    table.insert(result.completion, {
      label = item.label,
      has_text_edit = item.textEdit ~= nil,
      documentation = item.documentation,
      detail = item.detail,
    })
  end
  if completion and completion.err then
    result.completion_error = completion.err
  end
  step('completion')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
vim.fn.writefile({ vim.json.encode(result) }, os.getenv('ERRLSP_E2E_OUT'))
for _, client in ipairs(vim.lsp.get_clients()) do
  client:stop(true)
end
vim.cmd('qall!')

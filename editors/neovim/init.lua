-- errlsp in Neovim 0.11+: add to your init.lua, with lsp/errlsp.lua from this folder copied to
-- ~/.config/nvim/lsp/errlsp.lua.

-- Optional: start errlsp from a particular interpreter instead of `errlsp` on PATH, and set
-- options (same keys as [tool.errlsp], camelCased). vim.lsp.config merges with lsp/errlsp.lua.
-- vim.lsp.config('errlsp', {
--   cmd = { vim.fn.expand('~/project/.venv/bin/python'), '-m', 'errlsp', 'serve' },
--   init_options = { strict = true },
-- })

vim.lsp.enable('errlsp')

-- Completion of documented codes as you type inside the quotes (Neovim 0.11's built-in client).
-- The server triggers on quote characters; <C-x><C-o> also works (omnifunc is set by default).
vim.api.nvim_create_autocmd('LspAttach', {
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'errlsp' then
      vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
    end
  end,
})

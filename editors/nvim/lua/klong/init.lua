-- Klong for Neovim 0.7 and newer: starts the language server klong-lsp for Klong buffers
-- (one server per project root), with an omnifunc that applies the server's completion edits.
--
--   require("klong").setup({ settings = { liveEvaluation = "onSave" } })
--
-- See README.md in editors/nvim and docs/lsp.md.
local M = {}

local defaults = {
  cmd = { "klong-lsp" },
  -- the server's settings, without the `klong` level (docs/lsp.md lists them)
  settings = {},
  -- a folder with one of these is a project root; else the file's folder is
  root_markers = { ".git" },
  -- buffer-local K (hover) and gd (go to definition)
  keymaps = true,
  -- live values as inlay hints, where Neovim has them (0.10+)
  inlay_hints = true,
  on_attach = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(defaults)
local clients = {} -- root folder -> client id

local function root_of(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ";")
    if found == "" then
      found = vim.fn.findfile(marker, dir .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h:h")
    end
  end
  return dir
end

-- Completion -------------------------------------------------------------------------------
-- Neovim's own omnifunc before 0.11 keeps only the items whose new text starts with what was
-- typed, so `\nab` (whose item replaces `\nab` by `∇`) shows nothing. This one starts the
-- completion where the items' edits start and puts in their new text.

local pending -- the items of the last request, between the omnifunc's two calls

-- the byte column of an LSP character position in `line`
local function byte_col(line, character, encoding)
  if encoding == "utf-8" then
    return math.min(character, #line)
  end
  local ok, col = pcall(vim.str_byteindex, line, character, encoding == "utf-16")
  return ok and col or #line
end

local function item_start(item, line, lnum, encoding, default)
  local edit = item.textEdit
  local range = edit and (edit.range or edit.insert)
  if range and range.start.line == lnum then
    return byte_col(line, range.start.character, encoding)
  end
  return default
end

local function new_text(item)
  if item.textEdit and item.textEdit.newText then
    return item.textEdit.newText
  end
  if item.insertText and item.insertText ~= "" then
    return item.insertText
  end
  return item.label
end

function M.omnifunc(findstart, base)
  local bufnr = vim.api.nvim_get_current_buf()
  if findstart == 1 then
    pending = nil
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_get_current_line()
    local keyword = vim.fn.match(line:sub(1, col), "\\k*$")
    local client = vim.lsp.get_client_by_id(clients[root_of(bufnr)] or -1)
    if not client then
      return -3 -- no server: leave completion mode quietly
    end
    local encoding = client.offset_encoding or "utf-16"
    local params = vim.lsp.util.make_position_params(0, encoding)
    local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", params, 2000)
    local response = (responses or {})[client.id]
    local result = response and response.result or {}
    local items, start = {}, keyword
    for _, item in ipairs(result.items or result) do
      local s = item_start(item, line, row - 1, encoding, keyword)
      table.insert(items, { item = item, start = s, client_id = client.id })
      start = math.min(start, s)
    end
    pending = { items = items, start = start, line = line, col = col }
    return start
  end
  local words = {}
  if not pending then
    return words
  end
  for _, entry in ipairs(pending.items) do
    local item = entry.item
    -- what was typed from where this item's edit starts, and the text before that start
    local typed = pending.line:sub(entry.start + 1, pending.col)
    local before = pending.line:sub(pending.start + 1, entry.start)
    if vim.startswith(item.filterText or item.label, typed) then
      local doc = item.documentation
      table.insert(words, {
        word = before .. new_text(item),
        abbr = item.label,
        kind = vim.lsp.protocol.CompletionItemKind[item.kind] or "",
        menu = item.detail or "",
        info = type(doc) == "table" and doc.value or doc or "",
        icase = 1,
        dup = 1,
        empty = 1,
        user_data = { nvim = { lsp = { completion_item = item, client_id = entry.client_id } } },
        sort = item.sortText or item.label,
      })
    end
  end
  table.sort(words, function(a, b)
    return a.sort < b.sort
  end)
  for _, w in ipairs(words) do
    w.sort = nil
  end
  pending = nil
  return words
end

-- After a completion: the item's additionalTextEdits, which Neovim before 0.11 leaves out.
local function on_complete_done(bufnr)
  local lsp_data = vim.tbl_get(vim.v.completed_item, "user_data", "nvim", "lsp")
  local item = lsp_data and lsp_data.completion_item
  if item and item.additionalTextEdits and #item.additionalTextEdits > 0 then
    local client = vim.lsp.get_client_by_id(lsp_data.client_id)
    local encoding = client and client.offset_encoding or "utf-16"
    vim.lsp.util.apply_text_edits(item.additionalTextEdits, bufnr, encoding)
  end
end

-- Starting the server -----------------------------------------------------------------------

local function on_attach(client, bufnr)
  vim.bo[bufnr].omnifunc = "v:lua.require'klong'.omnifunc"
  vim.api.nvim_create_autocmd("CompleteDone", {
    buffer = bufnr,
    group = vim.api.nvim_create_augroup("klong_complete_" .. bufnr, { clear = true }),
    callback = function()
      on_complete_done(bufnr)
    end,
  })
  if M.config.keymaps then
    local opts = { buffer = bufnr, silent = true }
    vim.keymap.set("n", "K", vim.lsp.buf.hover, opts)
    vim.keymap.set("n", "gd", vim.lsp.buf.definition, opts)
  end
  if M.config.inlay_hints and vim.lsp.inlay_hint then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

--- Starts klong-lsp for the buffer's project (once per project) and attaches the buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = root_of(bufnr)
  local settings = { klong = M.config.settings }
  local config = {
    name = "klong-lsp",
    cmd = M.config.cmd,
    root_dir = root,
    init_options = settings,
    settings = settings,
    capabilities = M.config.capabilities,
    on_attach = on_attach,
  }
  local id
  if vim.lsp.start then -- 0.8+: reuses the client of the same name and root
    id = vim.lsp.start(config, { bufnr = bufnr })
  else
    id = clients[root]
    if not (id and vim.lsp.get_client_by_id(id)) then
      id = vim.lsp.start_client(config)
    end
    if id then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end
  clients[root] = id
  return id
end

--- Sets the options (see `defaults` above) and starts the server for Klong buffers.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup("klong", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "klong",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == "klong" then
      M.attach(bufnr)
    end
  end
end

return M

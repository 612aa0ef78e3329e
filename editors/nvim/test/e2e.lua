-- End-to-end checks in a real Neovim, run by editors/test/run.sh (nvim --headless -c
-- "luafile e2e.lua") with an init.lua that holds a recipe of docs/lsp.md, as a user's would:
-- open a Klong file, then diagnostics, hover, go to definition and (KLONG_E2E_FEATURES)
-- completion, each the way a user gets it (vim.diagnostic, K, gd, <C-x><C-o>).
-- Prints one line per check; exits 0 only if every check passed.
local file = assert(os.getenv("KLONG_E2E_FILE"), "KLONG_E2E_FILE is not set")
local features = os.getenv("KLONG_E2E_FEATURES") or "diagnostics,hover,definition,completion"
local failed = 0
local passed = {}
local t0 = vim.loop.hrtime()

local log = assert(io.open(assert(os.getenv("KLONG_E2E_LOG"), "KLONG_E2E_LOG is not set"), "a"))

local function say(text)
  log:write(text .. "\n")
  log:flush()
end

local function check(name, fn, always)
  if not always and not features:find(name, 1, true) then
    return
  end
  local t = vim.loop.hrtime()
  local ok, err = pcall(fn)
  local ms = math.floor((vim.loop.hrtime() - t) / 1e6)
  if ok then
    passed[name] = true
    say(("ok   %-12s %5d ms"):format(name, ms))
  else
    failed = failed + 1
    say(("FAIL %-12s %5d ms: %s"):format(name, ms, tostring(err)))
  end
end

local function wait(what, ms, cond)
  if not vim.wait(ms, cond, 20) then
    error("timed out waiting for " .. what, 2)
  end
end

local function keys(s)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(s, true, false, true), "x", false)
end

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function finish()
  for _, name in ipairs(vim.split("filetype," .. features, ",")) do
    if not passed[name] then
      failed = failed + 1
      say(("FAIL %-12s did not pass"):format(name))
    end
  end
  say(("%s: %d failed, %.1f s"):format(os.getenv("KLONG_E2E_RECIPE"), failed,
    (vim.loop.hrtime() - t0) / 1e9))
  vim.cmd(failed == 0 and "qall!" or "cquit!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

check("filetype", function()
  assert(vim.bo[buf].filetype == "klong", "filetype is " .. vim.bo[buf].filetype)
  wait("the server to attach", 20000, function()
    local c = clients(buf)[1]
    return c ~= nil and c.initialized ~= false
  end)
  assert(clients(buf)[1].name == "klong-lsp")
end, true)
if failed > 0 then
  return finish()
end

check("diagnostics", function()
  -- line 3 `c::3 4`: a syntax error on the second operand; line 4 `h::nope+1`: nope is
  -- undefined; line 6 `e::"a"+1`: a type error when evaluated, which shows that the
  -- recipe's settings (liveEvaluation) reached the server; nothing anywhere else
  local want = {
    { "syntax-error", 3, 5, 3, 6 },
    { "undefined-name", 4, 3, 4, 7 },
    { "runtime-error", 6 },
  }
  local function code(d)
    return d.code or vim.tbl_get(d, "user_data", "lsp", "code")
  end
  local function has(w)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code(d) == w[1] and d.lnum == w[2] and (not w[3] or (d.col == w[3]
          and d.end_lnum == w[4] and d.end_col == w[5])) then
        return true
      end
    end
  end
  local function all()
    for _, w in ipairs(want) do
      if not has(w) then
        return false
      end
    end
    return true
  end
  local ok = vim.wait(20000, all, 20)
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(got, ("%s %d:%d-%d:%d"):format(code(d), d.lnum, d.col, d.end_lnum, d.end_col))
    assert(d.lnum == 3 or d.lnum == 4 or d.lnum == 6, ("unexpected diagnostic on line %d: %s"):format(
      d.lnum, d.message))
  end
  assert(ok, "the diagnostics are " .. table.concat(got, ", "))
end)

local function float_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local b = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), "\n")
    end
  end
end

check("hover", function()
  vim.api.nvim_win_set_cursor(0, { 3, 1 }) -- on f:>3
  keys("K")
  wait("the hover window", 20000, function()
    return float_text() ~= nil
  end)
  local text = float_text()
  assert(text:find("f:>3", 1, true) and text:find("6.0", 1, true), "hover: " .. text)
  keys("<C-w>p") -- back from the float, if the hover entered it
  keys("<Esc>")
end)

check("definition", function()
  -- on f in k::g(f(3)); f is used on line 1 before it is defined on line 2 (Vim's own gd
  -- would go to that first use)
  vim.api.nvim_win_set_cursor(0, { 6, 5 })
  keys("gd")
  wait("the cursor to move to f's definition", 20000, function()
    local pos = vim.api.nvim_win_get_cursor(0)
    return pos[1] == 2 and pos[2] == 0
  end)
end)

check("completion", function()
  keys("Goy::\\nab<C-x><C-o><Esc>")
  local last = vim.api.nvim_buf_get_lines(buf, -2, -1, false)[1]
  assert(last == "y::∇", ("after completing: %q"):format(last))
end)

finish()

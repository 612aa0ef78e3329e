-- The end-to-end test's init.lua: the recipe KLONG_E2E_RECIPE from docs/lsp.md, as a user
-- pastes it into their init.lua (with /path/to/klong replaced by this checkout), then, once
-- Neovim has started, the checks in e2e.lua.
--   nvim --headless -u editors/nvim/test/init.lua      (editors/test/run.sh sets the variables)
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local repo = vim.fn.fnamemodify(here .. "/../../..", ":p"):gsub("/$", "")
local recipe = assert(os.getenv("KLONG_E2E_RECIPE"), "KLONG_E2E_RECIPE is not set")

-- the fenced block right after the line `<!-- e2e: RECIPE -->`
local function block(path, name)
  local lines, found, inside, code = vim.fn.readfile(path), false, false, {}
  for _, line in ipairs(lines) do
    if inside then
      if line:match("^```") then
        return table.concat(code, "\n")
      end
      table.insert(code, line)
    elseif found and line:match("^```") then
      inside = true
    elseif line == "<!-- e2e: " .. name .. " -->" then
      found = true
    end
  end
  error(("no block marked %q in %s"):format(name, path))
end

local code = block(repo .. "/docs/lsp.md", recipe):gsub("/path/to/klong", (repo:gsub("%%", "%%%%")))
assert(loadstring(code, "docs/lsp.md: " .. recipe))()

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  nested = true, -- so that opening the file runs its autocommands (filetype detection)
  callback = function()
    dofile(here .. "/e2e.lua")
  end,
})

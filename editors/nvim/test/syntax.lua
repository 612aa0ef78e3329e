-- Tests of editors/nvim's filetype detection, ftplugin and syntax file, in a headless Neovim:
--   nvim --headless -u NONE -i NONE -c "luafile editors/nvim/test/syntax.lua"
-- (editors/test/run.sh runs it).
-- Prints the failures; exits 0 only if there are none.
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
vim.opt.runtimepath:append(vim.fn.fnamemodify(here .. "/..", ":p"))
vim.cmd("filetype plugin on")
vim.cmd("syntax on")

local failures = {}
local function expect(what, got, want)
  if got ~= want then
    table.insert(failures, ("%s: got %s, want %s"):format(what, vim.inspect(got), vim.inspect(want)))
  end
end

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local lines = {
  [[:"a ""q"" b" x]],
  [[a::"s:""t" 1]],
  [[b::0c"]],
  [[sq::{x*x}]],
  [[n::.p(:foo)]],
  [[+/1 2 3]],
  [[c::1:["yes";"no"] ]],
}
vim.fn.writefile(lines, dir .. "/t.kg")
vim.cmd("edit " .. dir .. "/t.kg")
expect("filetype", vim.bo.filetype, "klong")
expect("commentstring", vim.bo.commentstring, ':"%s"')

-- the syntax group at line l, column c (both from 1)
local function group(l, c)
  return vim.fn.synIDattr(vim.fn.synID(l, c, 1), "name")
end
local want = {
  { 1, 1, "klongComment" }, { 1, 6, "klongComment" }, { 1, 12, "klongComment" },
  { 1, 14, "klongName" },
  { 2, 1, "klongDefinition" }, { 2, 2, "klongAssign" }, { 2, 4, "klongString" },
  { 2, 6, "klongString" }, { 2, 10, "klongString" }, { 2, 12, "klongNumber" },
  { 3, 4, "klongCharacter" }, { 3, 6, "klongCharacter" },
  { 4, 1, "klongDefinition" }, { 4, 7, "klongVerb" },
  { 5, 4, "klongSystem" }, { 5, 7, "klongSymbol" },
  { 6, 1, "klongVerb" }, { 6, 2, "klongAdverb" }, { 6, 3, "klongNumber" },
  { 7, 5, "klongConditional" }, { 7, 7, "klongString" },
}
for _, w in ipairs(want) do
  expect(("group at %d:%d"):format(w[1], w[2]), group(w[1], w[2]), w[3])
end

for _, f in ipairs(failures) do
  io.stderr:write("FAIL " .. f .. "\n")
end
io.stderr:write(("nvim syntax: %d checks, %d failed\n"):format(#want + 2, #failures))
vim.cmd(#failures == 0 and "qall!" or "cquit!")

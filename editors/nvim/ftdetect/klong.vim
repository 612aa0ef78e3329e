" Klong files (works on every Neovim and Vim, with or without the Lua filetype detection)
autocmd BufRead,BufNewFile *.kg setfiletype klong

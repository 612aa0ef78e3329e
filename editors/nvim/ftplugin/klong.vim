" Klong: comments are :"..." (a "" inside stands for a quote)
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=:\"%s\"
setlocal comments=
" names are letters, digits and dots (.p, a.b); _ is a verb
setlocal iskeyword=@,48-57,.

let b:undo_ftplugin = "setlocal commentstring< comments< iskeyword<"

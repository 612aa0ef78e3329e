" Vim syntax file for Klong (*.kg), for editors without the language server's semantic
" tokens (Neovim before 0.9, Vim). Strings "..." and comments :"..." may span lines; a ""
" inside either stands for a quote.
if exists("b:current_syntax")
  finish
endif

syn case match

" Of the items that start at the same place, the one defined last wins.
syn match  klongVerb       /[-!#$%&*+,<=>?@^_|~∇∂˙]/
syn match  klongVerb       /:[-@=#$%+^_>|~!&,<?;]/
syn match  klongAdverb     /[\/']\|\\[~*]\=\|:[~*'\\/]/
syn match  klongConditional /:\[\|:|/
syn match  klongNumber     /\<\d\+\%(\.\d*\)\=\%(e[-+]\=\d\+\)\=/
syn match  klongCharacter  /0c\_./
syn match  klongSymbol     /:[A-Za-z.][A-Za-z0-9.]*/
syn match  klongName       /[A-Za-z.][A-Za-z0-9.]*/
syn match  klongSystem     /\.[A-Za-z][A-Za-z0-9.]*/
syn match  klongDefinition /[A-Za-z.][A-Za-z0-9.]*\ze::/
syn match  klongAssign     /::/
syn region klongString     start=/"/ skip=/""/ end=/"/
syn region klongComment    start=/:"/ skip=/""/ end=/"/

hi def link klongVerb        Operator
hi def link klongAssign      Operator
hi def link klongAdverb      Statement
hi def link klongConditional Conditional
hi def link klongNumber      Number
hi def link klongCharacter   Character
hi def link klongSymbol      Constant
hi def link klongSystem      Function
hi def link klongDefinition  Identifier
hi def link klongString      String
hi def link klongComment     Comment

let b:current_syntax = "klong"

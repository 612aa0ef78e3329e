"""Semantic tokens: verbs, adverbs, names (functions, variables, arguments, system names),
numbers, strings, symbols and comments, in the standard token types every editor colours.

verb -> operator, adverb -> keyword, function name -> function, other names -> variable,
x y z in a function -> parameter, number -> number, string and char -> string, symbol ->
enumMember, comment -> comment. Modifiers: definition (the name being assigned),
defaultLibrary (system functions and variables), readonly (x y z).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from lsprotocol import types

from klong.syntax import symtable as ST
from klong.syntax.symtable import Occurrence

from .. import refdata
from .. import scan as S
from ..analysis import Document, NameState
from ..text import UTF32
from .common import DocView, Server

TOKEN_TYPES = ["operator", "keyword", "function", "variable", "parameter", "number", "string",
               "enumMember", "comment"]
TOKEN_MODIFIERS = ["definition", "defaultLibrary", "readonly"]
LEGEND = types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

# above this size (characters) only range requests are answered
FULL_LIMIT = 400_000

_T = {name: i for i, name in enumerate(TOKEN_TYPES)}
_DEFINITION, _DEFAULT_LIBRARY, _READONLY = 1, 2, 4
_SIMPLE = {S.VERB: _T["operator"], S.ADVERB: _T["keyword"], S.NUMBER: _T["number"],
           S.STRING: _T["string"], S.CHAR: _T["string"], S.SYMBOL: _T["enumMember"],
           S.COMMENT: _T["comment"]}


def _classify_name(doc: Document, i: int, tok: S.Tok, occ_by_offset: Dict[int, Occurrence],
                   states: Dict[str, NameState]) -> Tuple[int, int]:
    occ = occ_by_offset.get(tok.offset)
    name = tok.text
    if occ is not None:
        if occ.kind is ST.PARAM:
            return _T["parameter"], _READONLY
        if occ.kind is ST.LOCAL:
            return _T["variable"], _DEFINITION if occ.is_def else 0
        is_def = occ.is_def
    else:
        is_def = False
    state = states.get(name)
    if state is None:
        state = states[name] = doc.state(name)
    mods = _DEFINITION if is_def else 0
    if name not in doc.def_counts and name in refdata.system_names():
        mods |= _DEFAULT_LIBRARY
        fn = refdata.system_arities(name) is not None
        return (_T["function"] if fn else _T["variable"]), mods
    return (_T["function"] if state.arity is not None else _T["variable"]), mods


def encode(view: DocView, start_line: int = 0, end_line: int = 1 << 30) -> List[int]:
    """The LSP integer encoding of the tokens on lines [start_line, end_line)."""
    doc = view.doc
    data: List[int] = []
    prev_line, prev_col = 0, 0
    states: Dict[str, NameState] = {}
    utf32 = view.encoding == UTF32
    lines = doc.table.lines
    for i, info in enumerate(doc.infos):
        first = lines[i]
        last = lines[i + 1] - 1 if i + 1 < len(lines) else first + info.text.count("\n")
        if last < start_line or first >= end_line:
            continue
        text = info.text
        occ_by_offset = {o.offset: o for o in info.detail.occ}
        line, line_start, scanned = first, 0, 0
        for tok in info.tokens:
            if tok.kind == S.PUNCT:
                continue
            if tok.kind == S.NAME:
                ttype, mods = _classify_name(doc, i, tok, occ_by_offset, states)
            else:
                ttype, mods = _SIMPLE.get(tok.kind, -1), 0
                if ttype < 0:
                    continue
            # the token may span lines (strings, comments): one entry per line
            pos, end = tok.offset, tok.offset + tok.length
            while pos < end:
                nl_count = text.count("\n", scanned, pos)
                if nl_count:
                    line += nl_count
                    line_start = text.rfind("\n", scanned, pos) + 1
                scanned = pos
                nl = text.find("\n", pos, end)
                piece_end = end if nl < 0 else nl
                if piece_end > pos and start_line <= line < end_line:
                    col = pos - line_start
                    length = piece_end - pos
                    if not utf32 and not info.ascii:
                        prefix = text[line_start:pos]
                        col = view.point(line, len(prefix)).character
                        length = view.point(line, len(prefix) + length).character - col
                    delta_line = line - prev_line
                    delta_col = col - prev_col if delta_line == 0 else col
                    data += [delta_line, delta_col, length, ttype, mods]
                    prev_line, prev_col = line, col
                pos = piece_end + 1 if nl >= 0 else end
    return data


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, LEGEND)
    async def full(ls: Server,
                   params: types.SemanticTokensParams) -> Optional[types.SemanticTokens]:
        view = await ls.aview(params.text_document.uri)
        if view is None or len(view.text) > FULL_LIMIT:
            return None         # a very large file: only the visible ranges are coloured
        return types.SemanticTokens(data=encode(view))

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, LEGEND)
    async def range_(ls: Server,
                     params: types.SemanticTokensRangeParams) -> Optional[types.SemanticTokens]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        return types.SemanticTokens(data=encode(view, params.range.start.line,
                                                params.range.end.line + 1))

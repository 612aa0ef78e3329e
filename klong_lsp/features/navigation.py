"""Go to definition and find references, by binding (klong.syntax.symtable): a global name,
or an argument or local of one function literal (textual scoping, language document §7.3)."""
from __future__ import annotations

import os
from typing import List, Optional, Tuple

from lsprotocol import types
from pygls.uris import from_fs_path

from .. import scan as S
from klong.syntax import symtable as ST

from ..analysis import Document, Occurrence
from .common import DocView, Server


def occurrence_at(doc: Document, offset: int) -> Optional[Tuple[int, Occurrence]]:
    """(chunk index, occurrence) of the name at a document offset."""
    if not doc.infos:
        return None
    i = doc.chunk_at(offset)
    info = doc.infos[i]
    tok = info.token_at(doc.relative(i, offset))
    if tok is None or tok.kind != S.NAME:
        return None
    for occ in info.detail.occ:
        if occ.offset == tok.offset:
            return i, occ
    return None


def _local_declaration(doc: Document, i: int, scope: int, name: str) -> Optional[int]:
    """Relative offset of `name` in the `[a b]` locals list of a function literal."""
    info = doc.infos[i]
    lam = info.detail.scopes[scope]
    toks = [t for t in info.tokens if lam.start < t.offset < lam.end]
    if len(toks) < 2 or toks[0].text != "[":
        return None
    for t in toks[1:]:
        if t.text == "]":
            break
        if t.kind == S.SYMBOL and t.text.lstrip(":") == name:
            return t.offset
    return None


def definition(view: DocView, offset: int) -> List[types.Location]:
    doc = view.doc
    found = occurrence_at(doc, offset)
    if found is None:
        return []
    i, occ = found
    if occ.kind is ST.PARAM:
        lam = doc.infos[i].detail.scopes[occ.scope]
        return [types.Location(uri=view.uri, range=view.chunk_range(i, lam.start,
                                                                    lam.start + 1))]
    if occ.kind is ST.LOCAL:
        at = _local_declaration(doc, i, occ.scope, occ.name)
        if at is not None:
            return [types.Location(uri=view.uri,
                                   range=view.chunk_range(i, at, at + len(occ.name)))]
        # else the first assignment of the local in that function
        for o in doc.infos[i].detail.occ:
            if o.is_def and o.same_binding(occ):
                return [types.Location(uri=view.uri, range=view.chunk_range(
                    i, o.offset, o.offset + o.length))]
        return []
    out = []
    for j, d in doc.definitions(occ.name):
        start = doc.absolute(j, d.span.offset)
        out.append(types.Location(uri=view.uri, range=view.range(start, start + d.span.length)))
    if not out:
        imp = doc.imported.names.get(occ.name)
        if imp is not None and imp.line >= 0 and os.path.isabs(imp.path):
            pos = types.Position(line=imp.line, character=imp.col)
            end = types.Position(line=imp.line, character=imp.col + len(occ.name))
            out.append(types.Location(uri=from_fs_path(imp.path) or imp.path,
                                      range=types.Range(start=pos, end=end)))
    return out


def references(view: DocView, offset: int, include_declaration: bool) -> List[types.Location]:
    doc = view.doc
    found = occurrence_at(doc, offset)
    if found is None:
        return []
    i, occ = found
    chunks = [i] if occ.is_local else [
        j for j, info in enumerate(doc.infos)
        if occ.name in info.names or occ.name in info.def_names]
    out = []
    for j in chunks:
        for o in doc.infos[j].detail.occ:
            if o.same_binding(occ) and (include_declaration or not o.is_def):
                out.append(types.Location(uri=view.uri, range=view.chunk_range(
                    j, o.offset, o.offset + o.length)))
    return out


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def goto_definition(ls: Server,
                        params: types.DefinitionParams) -> Optional[List[types.Location]]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        return definition(view, view.offset(params.position)) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def find_references(ls: Server,
                        params: types.ReferenceParams) -> Optional[List[types.Location]]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        return references(view, view.offset(params.position),
                          params.context.include_declaration) or None

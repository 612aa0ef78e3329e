"""Go to definition and find references, by binding: a global name, or an argument or
local of one function literal (Klong resolves names textually, language document §7.3)."""
from __future__ import annotations

import os
from typing import List, Optional, Tuple

from lsprotocol import types
from pygls.uris import from_fs_path

from .. import scan as S
from ..analysis import Document, Occurrence
from .common import DocView, Server


def occurrence_at(doc: Document, offset: int) -> Optional[Tuple[int, Occurrence]]:
    """(chunk index, occurrence) of the name at a document offset."""
    if not doc.infos:
        return None
    i = doc.chunk_at(offset)
    info = doc.infos[i]
    tok = info.token_at(offset - doc.table.starts[i])
    if tok is None or tok.kind != S.NAME:
        return None
    for occ in info.detail.occ:
        if occ.offset == tok.offset:
            return i, occ
    return None


def _local_declaration(doc: Document, i: int, lam_index: int, name: str) -> Optional[int]:
    """Relative offset of `name` in the `[a b]` locals list of a function literal."""
    info = doc.infos[i]
    lam = info.detail.lambdas[lam_index]
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
    b = occ.binding
    base = doc.table.starts[i]
    if b[0] == "p":
        lam = doc.infos[i].detail.lambdas[b[1]]
        return [types.Location(uri=view.uri, range=view.range(base + lam.start,
                                                              base + lam.start + 1))]
    if b[0] == "l":
        at = _local_declaration(doc, i, b[1], occ.name)
        if at is not None:
            return [types.Location(uri=view.uri,
                                   range=view.range(base + at, base + at + len(occ.name)))]
        # else the first assignment of the local in that function
        for o in doc.infos[i].detail.occ:
            if o.binding == b and o.is_def:
                return [types.Location(uri=view.uri, range=view.range(
                    base + o.offset, base + o.offset + o.length))]
        return []
    out = []
    for j, d in doc.definitions(occ.name):
        start = doc.table.starts[j] + d.span.offset
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
    b = occ.binding
    chunks = [i] if b[0] != "g" else [
        j for j, info in enumerate(doc.infos)
        if occ.name in info.names or occ.name in info.def_names]
    out = []
    for j in chunks:
        base = doc.table.starts[j]
        for o in doc.infos[j].detail.occ:
            if o.binding == b and (include_declaration or not o.is_def):
                out.append(types.Location(uri=view.uri, range=view.range(
                    base + o.offset, base + o.offset + o.length)))
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

"""Document symbols: the top-level definitions with their arity, grouped under the modules
(`.module(:name)` ... `.module(0)`) that contain them."""
from __future__ import annotations

from typing import List, Optional

from lsprotocol import types

from klong.syntax import ast as A
from klong.syntax.arity import arity_word
from klong.syntax.atoms import Symbol

from .common import DocView, Server


def _module_call(node: object) -> Optional[object]:
    """For `.module(x)`: the argument node; else None."""
    if (type(node) is A.Call and type(node.fn) is A.Name and node.fn.name == ".module"
            and len(node.args) == 1 and node.args[0] is not None):
        return node.args[0]
    return None


def document_symbols(view: DocView) -> List[types.DocumentSymbol]:
    doc = view.doc
    out: List[types.DocumentSymbol] = []
    module: Optional[types.DocumentSymbol] = None
    for i, info in enumerate(doc.infos):
        if not info.stmts:
            continue
        defs_by_stmt = {}
        for d in info.defs:
            if d.kind != "import":
                defs_by_stmt.setdefault(d.stmt, []).append(d)
        for j, st in enumerate(info.stmts):
            arg = _module_call(st.node)
            if arg is not None:
                if type(arg) is A.Const and type(arg.value) is Symbol:
                    module = types.DocumentSymbol(
                        name=str.__str__(arg.value), kind=types.SymbolKind.Module,
                        range=view.chunk_range(i, st.start, st.end),
                        selection_range=view.chunk_range(i, st.start, st.end),
                        detail="module", children=[])
                    out.append(module)
                else:
                    if module is not None:
                        module.range = types.Range(start=module.range.start,
                                                   end=view.chunk_range(i, st.start,
                                                                        st.end).end)
                    module = None
                continue
            # only definitions at the top of the statement (a::b::1 defines both)
            node = st.node
            top = []
            while type(node) is A.Assign:
                top.append(node.name)
                node = node.value
            for d in defs_by_stmt.get(j, []):
                if d.name not in top:
                    continue
                top.remove(d.name)
                is_fn = d.kind == "function" and d.arity is not None
                sym = types.DocumentSymbol(
                    name=d.name,
                    kind=types.SymbolKind.Function if is_fn else types.SymbolKind.Variable,
                    detail=arity_word(d.arity) if is_fn and d.arity is not None
                    else "variable",
                    range=view.chunk_range(i, st.start, st.end),
                    selection_range=view.chunk_range(i, d.span.offset,
                                                     d.span.offset + d.span.length))
                if module is not None:
                    assert module.children is not None
                    module.children.append(sym)
                    module.range = types.Range(start=module.range.start, end=sym.range.end)
                else:
                    out.append(sym)
    return out


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def symbols(ls: Server,
                params: types.DocumentSymbolParams) -> Optional[List[types.DocumentSymbol]]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        return document_symbols(view)

"""Diagnostics, published on open and (debounced) on change, cleared when fixed: syntax
errors, unclosed brackets, undefined names, too many arguments, unknown system functions,
and the errors of the last live evaluation."""
from __future__ import annotations

from typing import List, Optional

from lsprotocol import types

from ..analysis import (LOAD_NOT_FOUND, TOO_MANY_ARGS, UNDEFINED, UNKNOWN_SYSTEM,
                        WRONG_VALENCE, AbsDiag)
from .common import DocView, Server
from .live import LiveRun, runtime_diagnostics

SOURCE = "klong"
# static diagnostics of what fails at run time: they stand for the run-time error
PREDICTED = frozenset({UNDEFINED, LOAD_NOT_FOUND, TOO_MANY_ARGS, UNKNOWN_SYSTEM, WRONG_VALENCE})


def to_lsp(view: DocView, d: AbsDiag) -> types.Diagnostic:
    return types.Diagnostic(range=view.span_range(d.start, d.end), message=d.message,
                            severity=types.DiagnosticSeverity(d.severity), code=d.code,
                            source=SOURCE)


def document_diagnostics(view: DocView, run: Optional[LiveRun] = None,
                         limit: int = 1000) -> List[types.Diagnostic]:
    """Static diagnostics of the current text, then those of the last live evaluation."""
    found = view.doc.diagnostics(limit)
    if run is not None:
        # a problem the analysis predicts (an undefined name, a missing .l file, too many
        # arguments ...) is reported once: the static diagnostic, which is there before any
        # evaluation, follows each edit and says more (where a name or file was looked for,
        # how many arguments are taken), stands for the run-time error on the same text
        said = {(d.offset, d.length) for d in found if d.code in PREDICTED}
        found = found + [d for d in runtime_diagnostics(view.doc, run,
                                                        not view.doc.imported.missing)
                         if (d.offset, d.length) not in said]
    return [to_lsp(view, d) for d in found[:limit]]


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: Server,
                       params: types.DidOpenTextDocumentParams) -> None:
        ls.opened(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: Server,
                         params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: Server,
                       params: types.DidSaveTextDocumentParams) -> None:
        ls.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: Server,
                        params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

"""The language server: document state, settings, the evaluation workers, and the features
registered from klong_lsp.features. Analysis lives in plain modules (analysis, features/*)."""
from __future__ import annotations

import asyncio
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Generator, List, Optional, Tuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from klong.syntax.collector import paused

from . import __version__
from .analysis import Document
from .evaluation import EvaluationWorker, Outcome
from .features import register_all
from .features.common import DocView
from .features.diagnostics import document_diagnostics
from .features.live import LiveRun, LiveState, statement_pieces
from .settings import Settings, merge
from .text import LineIndex

log = logging.getLogger("klong_lsp")

# documents larger than this (characters) are analysed in a thread
LARGE_DOCUMENT = 200_000

_ENCODINGS = {types.PositionEncodingKind.Utf8: "utf-8",
              types.PositionEncodingKind.Utf16: "utf-16",
              types.PositionEncodingKind.Utf32: "utf-32"}


class KlongProtocol(LanguageServerProtocol):
    """pygls's protocol with two changes.

    - pygls runs `workspace/executeCommand` handlers as an inner task that `$/cancelRequest`
      does not reach; cancel that task too, so that a cancelled `klong.evaluate` stops its
      evaluation.
    - Incremental changes are applied with offsets from a line index (C-speed string
      operations) instead of pygls's loop over every line of the document, which costs more
      than re-analysing a large file.
    """

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        task = getattr(self._server, "command_tasks", {}).pop(msg_id, None)
        if task is not None and not task.done():
            task.cancel()

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
            self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        doc = self.workspace.get_text_document(params.text_document.uri)
        try:
            text = doc.source
        except OSError:
            text = ""
        encoding = _ENCODINGS.get(self.workspace.position_encoding, "utf-16")  # type: ignore
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                index = LineIndex(text, encoding)
                start = index.offset(change.range.start.line, change.range.start.character)
                end = index.offset(change.range.end.line, change.range.end.character)
                text = text[:start] + change.text + text[max(start, end):]
            else:
                text = change.text
        doc.apply_change(types.TextDocumentContentChangeWholeDocument(text=text))
        doc.version = params.text_document.version
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


@dataclass
class _Entry:
    doc: Document
    version: Optional[int]
    view: DocView


class KlongLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("klong-lsp", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=KlongProtocol)
        self.command_tasks: Dict[Any, "asyncio.Task[Any]"] = {}
        self.settings = Settings()
        self.docs: Dict[str, _Entry] = {}
        self.unopened: Dict[str, _Entry] = {}
        self.workers = {"live": EvaluationWorker(), "interactive": EvaluationWorker()}
        self.live: Dict[str, LiveState] = {}
        self._debounce: Dict[str, "asyncio.Task[None]"] = {}
        self._cache: "OrderedDict[Tuple[Any, ...], Outcome]" = OrderedDict()
        self._background: set = set()
        self._locks: Dict[str, asyncio.Lock] = {}
        self._opening: set = set()

    # ---- documents ------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        try:
            enc = self.workspace.position_encoding
        except RuntimeError:
            return "utf-16"
        return _ENCODINGS.get(enc, "utf-16")  # type: ignore[arg-type]

    def _current_text(self, uri: str) -> Tuple[Optional[str], Optional[int]]:
        """The text and version the client has for `uri` (or the file's text), else None."""
        try:
            tdoc = self.workspace.get_text_document(uri)
            return tdoc.source, tdoc.version
        except Exception:  # noqa: BLE001 - no such document, unreadable file, bad uri
            return None, None

    async def aview(self, uri: str) -> Optional[DocView]:
        """The analysed current version of a document (opened, or read from disk), or None
        for a document that is neither. Large documents are analysed in a thread, so the
        server keeps answering other requests meanwhile."""
        lock = self._locks.setdefault(uri, asyncio.Lock())
        async with lock:
            text, version = self._current_text(uri)
            if text is None:
                return None
            entry = self.docs.get(uri) or self.unopened.get(uri)
            large = len(text) > LARGE_DOCUMENT
            if entry is None:
                path = to_fs_path(uri) if uri.startswith("file:") else None
                search = self.settings.klong_path()
                if large:
                    doc = await asyncio.to_thread(Document, text, path, None, search)
                else:
                    doc = Document(text, path, search_path=search)
                entry = _Entry(doc, version, DocView(uri, doc, version, self.encoding))
                if version is not None:
                    self.docs[uri] = entry
                else:
                    self.unopened[uri] = entry
                    while len(self.unopened) > 20:
                        self.unopened.pop(next(iter(self.unopened)))
            elif entry.doc.text != text:
                if large:
                    await asyncio.to_thread(entry.doc.update, text)
                else:
                    entry.doc.update(text)
                entry.version = version
                entry.view = DocView(uri, entry.doc, version, self.encoding)
            return entry.view

    def opened(self, uri: str) -> None:
        self.unopened.pop(uri, None)
        self.docs.pop(uri, None)
        task = self._spawn(self._after_open(uri))
        self._opening.add(task)
        task.add_done_callback(self._opening.discard)

    async def _after_open(self, uri: str) -> None:
        # the cyclic collector held off until the first diagnostics are sent: its first
        # passes over a big document's new objects (about a second for 1 MB) come after
        with paused():
            view = await self.aview(uri)
            if view is None:
                return
            await self.publish(uri)
        if self.settings.live_evaluation != "off":
            self.schedule_live(uri)

    def changed(self, uri: str) -> None:
        old = self._debounce.pop(uri, None)
        if old is not None:
            old.cancel()
        self._debounce[uri] = self._spawn(self._after_pause(uri))

    async def _after_pause(self, uri: str) -> None:
        await asyncio.sleep(self.settings.debounce)
        self._debounce.pop(uri, None)
        await self.publish(uri)
        if self.settings.live_evaluation == "onType":
            self.schedule_live(uri)

    def saved(self, uri: str) -> None:
        if self.settings.live_evaluation != "off":
            self.schedule_live(uri)

    def closed(self, uri: str) -> None:
        task = self._debounce.pop(uri, None)
        if task is not None:
            task.cancel()
        state = self.live.pop(uri, None)
        if state is not None and state.task is not None:
            state.dirty = False
        self.docs.pop(uri, None)
        self._locks.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def publish(self, uri: str) -> None:
        """Publish the diagnostics of an open document's current version."""
        if uri not in self.docs:
            return
        view = await self.aview(uri)
        if view is None or uri not in self.docs:
            return
        state = self.live.get(uri)
        run = state.last if state is not None and self.settings.live_evaluation != "off" \
            else None
        diagnostics = document_diagnostics(view, run, self.settings.max_diagnostics)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=view.version))

    def _spawn(self, coro: Any) -> "asyncio.Task[Any]":
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    # ---- evaluation -------------------------------------------------------------------
    def start_workers(self) -> None:
        """Start the worker for hovers soon, so that the first gradient hover is quick."""
        self._spawn(self._start_after_opens(self.workers["interactive"]))

    async def _start_after_opens(self, worker: EvaluationWorker) -> None:
        """Start `worker` once the documents being opened have their first diagnostics: its
        start (importing klong and numpy) would take CPU from their analysis. The short
        sleep lets the didOpen that usually follows `initialized` arrive."""
        await asyncio.sleep(0.05)
        while self._opening:
            await asyncio.wait(set(self._opening))
        await self._start_quietly(worker)

    async def _start_quietly(self, worker: EvaluationWorker) -> None:
        try:
            await worker.start()
        except Exception as e:  # noqa: BLE001 - reported when a request needs it
            log.warning("evaluation worker did not start: %s", e)

    async def evaluate(self, view: DocView, pieces: List[str], purpose: str) -> Outcome:
        """Evaluate pieces of code in order in a fresh interpreter of a worker process."""
        options = self.settings.evaluation_options()
        cwd = os.path.dirname(view.doc.path) if view.doc.path else None
        key = (tuple(pieces), tuple(sorted(options.items())), cwd)
        if purpose == "interactive" and key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        request = dict(options, pieces=[{"code": c} for c in pieces], cwd=cwd)
        try:
            outcome = await self.workers[purpose].run(request, self.settings.timeout)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - e.g. the worker cannot start
            outcome = Outcome(len(pieces))
            outcome.failure = f"evaluation failed: {e}"
        if purpose == "interactive" and outcome.failure is None:
            self._cache[key] = outcome
            if len(self._cache) > 64:
                self._cache.popitem(last=False)
        return outcome

    def schedule_live(self, uri: str) -> None:
        state = self.live.setdefault(uri, LiveState())
        if state.task is not None and not state.task.done():
            state.dirty = True
            return
        state.dirty = False
        state.task = self._spawn(self._live_loop(uri, state))

    async def _live_loop(self, uri: str, state: LiveState) -> Optional[LiveRun]:
        run: Optional[LiveRun] = None
        while True:
            view = await self.aview(uri)
            if view is None or uri not in self.docs:
                return run
            pieces = statement_pieces(view.doc)
            codes = [p.code for p in pieces]
            outcome = await self.evaluate(view, codes, "live")
            run = LiveRun(codes, outcome, view.text)
            if self.live.get(uri) is not state:
                return run
            state.last = run
            await self.publish(uri)
            self._refresh_hints()
            if not state.dirty:
                return run
            state.dirty = False

    async def live_run(self, view: DocView) -> Optional[LiveRun]:
        """The live evaluation to show for a document (waiting for one in progress)."""
        uri = view.uri
        if uri not in self.docs:
            return None
        state = self.live.setdefault(uri, LiveState())
        stale = state.last is None or state.last.text != view.text
        if self.settings.live_evaluation == "onType" and stale:
            self.schedule_live(uri)
        elif state.last is None and (state.task is None or state.task.done()):
            self.schedule_live(uri)
        task = state.task
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), self.settings.timeout + 30)
            except asyncio.TimeoutError:
                pass
        return state.last

    def _refresh_hints(self) -> None:
        try:
            supported = self.client_capabilities.workspace.inlay_hint.refresh_support
        except AttributeError:
            supported = False
        if supported:
            try:
                self.workspace_inlay_hint_refresh(None)
            except Exception:  # noqa: BLE001
                pass

    # ---- settings -----------------------------------------------------------------------
    def apply_settings(self, options: Any, reevaluate: bool = False) -> None:
        new, problems = merge(self.settings, options)
        for p in problems:
            log.warning("%s", p)
            try:
                self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                               message=p))
            except Exception:  # noqa: BLE001 - before initialization there is no client
                pass
        old, self.settings = self.settings, new
        if new.search_path != old.search_path:
            self._reanalyse()
        if not reevaluate or new == old:
            return
        self._cache.clear()
        for uri in list(self.docs):
            if new.live_evaluation == "off":
                self.live.pop(uri, None)
            else:
                self.schedule_live(uri)
            self._spawn(self.publish(uri))
        self._refresh_hints()

    def _reanalyse(self) -> None:
        """Analyse every document afresh (the search path of `.l` files changed)."""
        self.unopened.clear()
        search = self.settings.klong_path()
        for uri, entry in self.docs.items():
            entry.doc = Document(entry.doc.text, entry.doc.path, search_path=search)
            entry.view = DocView(uri, entry.doc, entry.version, self.encoding)
            self._spawn(self.publish(uri))

    def markup(self, text: str) -> types.MarkupContent:
        kind = types.MarkupKind.Markdown
        try:
            formats = self.client_capabilities.text_document.hover.content_format
            if formats and types.MarkupKind.Markdown not in formats:
                kind = types.MarkupKind.PlainText
        except AttributeError:
            pass
        return types.MarkupContent(kind=kind, value=text)

    async def close_workers(self) -> None:
        for worker in self.workers.values():
            await worker.close()


def create_server() -> KlongLanguageServer:
    server = KlongLanguageServer()
    register_all(server)

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: KlongLanguageServer, params: None) -> None:
        await ls.close_workers()

    return server

"""What every feature module shares: a document view with position conversion, and `Server`,
what the features use of the language server."""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol, Tuple

from lsprotocol import types

from ..analysis import Document
from ..evaluation import Outcome
from ..settings import Settings
from ..text import UTF16, UTF32, LineIndex


class Server(Protocol):
    """What the feature modules use of `klong_lsp.server.KlongLanguageServer`: pygls's
    registration and client members, and the server's document and evaluation services.
    The features are typed with this protocol so that they never import the server module
    (which imports them to register them)."""

    settings: Settings
    command_tasks: Dict[Any, "asyncio.Task[Any]"]

    @property
    def protocol(self) -> Any: ...

    @property
    def client_capabilities(self) -> types.ClientCapabilities: ...

    def feature(self, feature_name: str, options: Any = None) -> Callable[..., Any]: ...

    def command(self, command_name: str) -> Callable[..., Any]: ...

    def workspace_configuration_async(self, params: types.ConfigurationParams
                                      ) -> Awaitable[Any]: ...

    async def aview(self, uri: str) -> Optional["DocView"]: ...

    def opened(self, uri: str) -> None: ...

    def changed(self, uri: str) -> None: ...

    def saved(self, uri: str) -> None: ...

    def closed(self, uri: str) -> None: ...

    def start_workers(self) -> None: ...

    def apply_settings(self, options: Any, reevaluate: bool = False) -> None: ...

    def markup(self, text: str) -> types.MarkupContent: ...

    async def evaluate(self, view: "DocView", pieces: List[str], purpose: str) -> Outcome: ...


class DocView:
    """One version of an open document: its analysis and offset <-> position conversion in
    the encoding negotiated with the client."""

    __slots__ = ("uri", "version", "doc", "encoding", "_index")

    def __init__(self, uri: str, doc: Document, version: Optional[int] = None,
                 encoding: str = UTF16):
        self.uri = uri
        self.version = version
        self.doc = doc
        self.encoding = encoding
        self._index: Optional[LineIndex] = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def index(self) -> LineIndex:
        if self._index is None or self._index.text is not self.doc.text:
            self._index = LineIndex(self.doc.text, self.encoding)
        return self._index

    def position(self, offset: int) -> types.Position:
        line, col = self.index.position(offset)
        return types.Position(line=line, character=col)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        return self.index.offset(position.line, position.character)

    def point(self, line: int, col: int) -> types.Position:
        """A (line, code-point column) pair in protocol units."""
        if self.encoding == UTF32 or self.ascii:
            return types.Position(line=line, character=col)
        index = self.index
        if line >= index.line_count:
            return types.Position(line=line, character=col)
        return self.position(index.starts[line] + col)

    @property
    def ascii(self) -> bool:
        return self.doc.is_ascii

    def span_range(self, start: Tuple[int, int], end: Tuple[int, int]) -> types.Range:
        return types.Range(start=self.point(*start), end=self.point(*end))

    def chunk_range(self, i: int, rel_start: int, rel_end: int) -> types.Range:
        doc = self.doc
        return self.range(doc.absolute(i, rel_start), doc.absolute(i, rel_end))

"""Live values: the `klong.evaluate` command and inlay hints after top-level statements.

The whole file is evaluated statement by statement in the evaluation worker. The command does
it on request (any mode); inlay hints show the results of the last live evaluation, run on
open and save (`onSave`) or after each pause in typing (`onType`), never with `off`. When
the text changed since, hints stay for the unchanged statements up to the first change.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Protocol, Tuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from klong.syntax import ast as A

from ..analysis import SYNTAX, WARNING, AbsDiag, Document
from ..evaluation import Outcome, error_line
from .common import DocView, Server

COMMAND = "klong.evaluate"
RUNTIME = "runtime-error"
TIMEOUT = "evaluation-timeout"
REFUSED = "refused in live evaluation"


@dataclass
class Piece:
    code: str
    start: int               # document offsets of the statement
    end: int
    code_offset: int         # where the code's first character sits in the document
    line: int                # 0-based line of `code_offset`
    col: int


def _is_comment_call(node: Any) -> bool:
    return (type(node) is A.Call and type(node.fn) is A.Name and node.fn.name == ".comment")


def _take_in_parentheses(text: str, start: int, end: int) -> Tuple[int, int]:
    """Widen a top-level statement's extent over parentheses around all of it: `(3*4)`."""
    while True:
        i = start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        j = end
        while j < len(text) and text[j] in " \t":
            j += 1
        if i < 0 or j >= len(text) or text[i] != "(" or text[j] != ")":
            return start, end
        start, end = i, j + 1


def statement_pieces(doc: Document) -> List[Piece]:
    """Every top-level statement as evaluable code, in order (`.comment` blocks left out)."""
    out: List[Piece] = []
    for i, info in enumerate(doc.infos):
        for st in info.stmts:
            if _is_comment_call(st.node):
                continue
            start, end, opens, closes = info.balanced_span(st.start, st.end)
            if not opens and not closes:
                start, end = _take_in_parentheses(info.text, start, end)
            code = "(" * opens + info.text[start:end] + ")" * closes
            line, col = doc.rel_position(i, start)
            out.append(Piece(code, doc.absolute(i, start), doc.absolute(i, end),
                             doc.absolute(i, start - opens), line, col - opens))
    return out


def error_place(doc: Document, piece: Piece, err: Dict[str, Any],
                pieces: List[Piece]) -> Tuple[int, int]:
    """Document offsets of an evaluation error (its span inside the code of the piece it
    was read from: this one or, for a function defined earlier, that one; else the whole
    statement)."""
    span = err.get("span")
    if not span:
        return piece.start, piece.end
    source = err.get("source_piece")
    if source is not None:
        if not 0 <= source < len(pieces):
            return piece.start, piece.end
        piece = pieces[source]
    start = piece.code_offset + span[2]
    end = start + max(1, span[3])
    start = max(piece.start, min(start, piece.end))
    end = max(start, min(end, piece.end))
    return start, end


@dataclass
class LiveRun:
    """The last live evaluation of a document."""
    codes: List[str]
    outcome: Outcome
    text: str


@dataclass
class LiveState:
    last: Optional[LiveRun] = None
    task: Optional["asyncio.Task[Optional[LiveRun]]"] = None
    dirty: bool = False
    pending: Dict[str, Any] = field(default_factory=dict)


class LiveServer(Server, Protocol):
    """The whole of what the features use of the server: `Server` and the live runs."""

    async def live_run(self, view: DocView) -> Optional[LiveRun]: ...


def current_results(doc: Document, run: Optional[LiveRun]
                    ) -> List[Tuple[Piece, Optional[Dict[str, Any]]]]:
    """(piece, result) for the statements whose text (and that of every statement before
    them) is what was evaluated; a statement that did not finish gets a timeout result."""
    if run is None:
        return []
    out: List[Tuple[Piece, Optional[Dict[str, Any]]]] = []
    stuck = run.outcome.stuck
    for k, piece in enumerate(statement_pieces(doc)):
        if k >= len(run.codes) or run.codes[k] != piece.code:
            break
        result = run.outcome.results[k]
        if result is None:
            if k == stuck:
                result = {"ok": False, "timeout": True,
                          "error": {"kind": "limit", "message": run.outcome.failure}}
            else:
                break
        out.append((piece, result))
    return out


def summarize(value: Dict[str, Any], limit: int) -> str:
    """A value's short form for an inlay hint: arrays too long for it by their shape."""
    short = value.get("short", "")
    if len(short) <= limit:
        return short
    shape = value.get("shape")
    if shape:
        dims = "×".join(str(n) for n in shape)
        head = short[:max(8, limit - len(dims) - 4)]
        return f"{dims}: {head}…"
    return short[:limit - 1] + "…"


def hint_tooltip(result: Dict[str, Any]) -> str:
    lines = []
    if result.get("ok"):
        value = result.get("value") or {}
        lines += ["```klong", value.get("text", ""), "```"]
        facts = [value.get("kind", "")]
        if value.get("shape") is not None:
            facts.append("shape " + "×".join(str(n) for n in value["shape"]))
        if value.get("device"):
            facts.append(value["device"])
        lines += ["", " · ".join(f for f in facts if f)]
    else:
        err = result.get("error") or {}
        lines.append(f"**{error_line(err)}**")
    if result.get("output"):
        lines += ["", "printed:", "```text", result["output"][:4000], "```"]
    return "\n".join(lines)


def inlay_hints(view: DocView, run: Optional[LiveRun], start: int, end: int,
                limit: int) -> List[types.InlayHint]:
    hints: List[types.InlayHint] = []
    for piece, result in current_results(view.doc, run):
        if piece.end < start or piece.end > end or result is None:
            continue
        if result.get("ok"):
            value = result.get("value")
            if not value or value.get("kind") == "function":
                continue
            label = "→ " + summarize(value, limit)
        elif result.get("timeout"):
            label = "⏱ did not finish"
        else:
            err = result.get("error") or {}
            label = f"✗ {err.get('kind', 'error')} error"
        hints.append(types.InlayHint(
            position=view.position(piece.end), label=label,
            kind=None, padding_left=True,
            tooltip=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                        value=hint_tooltip(result))))
    return hints


def runtime_diagnostics(doc: Document, run: Optional[LiveRun],
                        undefined: bool = True) -> List[AbsDiag]:
    """Errors of the last live evaluation, for the statements that are still as evaluated;
    `undefined=False` leaves out undefined-name errors (while a `.l` file is missing they
    follow from it, and its load-not-found warning says so)."""
    out = []
    results = current_results(doc, run)
    pieces = [piece for piece, _ in results]
    for piece, result in results:
        if result is None or result.get("ok"):
            continue
        err = result.get("error") or {}
        if REFUSED in (err.get("message") or ""):
            continue        # not a problem of the code: shown in the inlay hint only
        if not undefined and err.get("kind") == "undefined":
            continue
        if result.get("timeout"):
            start, end = piece.start, piece.end
            code, msg = TIMEOUT, f"this statement did not finish: {err.get('message')}"
        else:
            start, end = error_place(doc, piece, err, pieces)
            code = RUNTIME
            msg = error_line(err)
        i = doc.chunk_at(start)
        out.append(AbsDiag(start, end - start, doc.rel_position(i, doc.relative(i, start)),
                           doc.rel_position(i, doc.relative(i, end)), code, msg, WARNING))
    return out


def evaluate_result(view: DocView, pieces: List[Piece], outcome: Outcome,
                    rng: Optional[types.Range]) -> List[Dict[str, Any]]:
    """The `klong.evaluate` answer: per statement its range, printed value and error, and an
    error entry for each syntax error (a statement that cannot be read), in text order."""
    lo, hi = 0, len(view.text)
    if rng is not None:
        lo, hi = view.offset(rng.start), view.offset(rng.end)
    placed: List[Tuple[int, Dict[str, Any]]] = [
        (d.offset, {"range": view.span_range(d.start, d.end), "value": None,
                    "error": d.message, "errorKind": "syntax"})
        for d in view.doc.diagnostics(len(view.text) + 1)
        if d.code == SYNTAX and lo <= d.offset + d.length and d.offset <= hi]
    stuck = outcome.stuck
    for k, piece in enumerate(pieces):
        if piece.end < lo or piece.start > hi:
            continue
        item: Dict[str, Any] = {"range": view.range(piece.start, piece.end),
                                "value": None, "error": None}
        placed.append((piece.start, item))
        result = outcome.results[k] if k < len(outcome.results) else None
        if outcome.error is not None:
            item["error"] = error_line(outcome.error)
            item["errorKind"] = outcome.error.get("kind", "error")
        elif result is None:
            item["error"] = (f"did not finish: {outcome.failure}" if k == stuck else
                             "not evaluated: an earlier statement did not finish")
            item["errorKind"] = "limit" if k == stuck else "not evaluated"
        elif result.get("ok"):
            value = result.get("value")
            if value is not None:
                item["value"] = value.get("text")
                item["short"] = value.get("short")
                item["kind"] = value.get("kind")
                item["shape"] = value.get("shape")
        else:
            err = result.get("error") or {}
            item["error"] = error_line(err)
            item["errorKind"] = err.get("kind", "error")
        if result is not None and result.get("output"):
            item["output"] = result["output"]
    placed.sort(key=lambda p: p[0])
    return [item for _, item in placed]


def _range_arg(ls: LiveServer, arg: Any) -> Optional[types.Range]:
    if arg is None:
        return None
    if isinstance(arg, types.Range):
        return arg
    try:
        return ls.protocol._converter.structure(arg, types.Range)
    except Exception:  # noqa: BLE001 - a malformed range is reported as invalid
        raise ValueError("the second argument of klong.evaluate must be a range") from None


def register(server: LiveServer) -> None:
    # pygls resolves a command handler's annotations at run time: keep them importable
    @server.command(COMMAND)
    async def evaluate_command(ls: LanguageServer, *args: Any) -> List[Dict[str, Any]]:
        msg_id = server.protocol.msg_id
        task = asyncio.current_task()
        if msg_id is not None and task is not None:
            server.command_tasks[msg_id] = task
        try:
            return await _evaluate_command(server, *args)
        finally:
            server.command_tasks.pop(msg_id, None)

    async def _evaluate_command(ls: LiveServer, *args: Any) -> List[Dict[str, Any]]:
        if not args or not isinstance(args[0], str):
            raise ValueError("klong.evaluate takes a document uri and an optional range")
        view = await ls.aview(args[0])
        if view is None:
            raise ValueError(f"unknown document: {args[0]}")
        rng = _range_arg(ls, args[1] if len(args) > 1 else None)
        pieces = statement_pieces(view.doc)
        outcome = await ls.evaluate(view, [p.code for p in pieces], "interactive")
        return evaluate_result(view, pieces, outcome, rng)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay_hint(ls: LiveServer,
                         params: types.InlayHintParams) -> Optional[List[types.InlayHint]]:
        view = await ls.aview(params.text_document.uri)
        if view is None or ls.settings.live_evaluation == "off":
            return None
        run = await ls.live_run(view)
        view = await ls.aview(params.text_document.uri) or view
        start, end = view.offset(params.range.start), view.offset(params.range.end)
        return inlay_hints(view, run, start, end, ls.settings.hint_length)

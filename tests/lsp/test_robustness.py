"""Robustness (issue 5, acceptance 2): the server survives malformed JSON-RPC, unknown
methods, requests for unopened documents, positions out of range, a 1 MB file and 500 rapid
edits, and keeps answering."""
from __future__ import annotations

import asyncio
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

from lsp_helpers import (doc_id, hover_text, init_params, open_doc, pos, rng, server_config,
                         wait_diagnostics)

pytestmark = pytest.mark.asyncio(loop_scope="module")

PLAIN = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(snippet_support=False))))


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(init_params(
        {"klong": {"liveEvaluation": "off", "diagnostics": {"debounce": 0.02}}}, PLAIN))
    yield
    await lsp_client.shutdown_session()


async def still_answers(client: LanguageClient) -> None:
    uri = "file:///robust/alive.kg"
    open_doc(client, uri, "1+2\n")
    text = await asyncio.wait_for(hover_text(client, uri, 0, 1), 60)
    assert "Plus" in text


def _write_raw(client: LanguageClient, body: bytes) -> None:
    stdin = client._server.stdin  # the server process started by pytest-lsp
    stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


async def test_malformed_json_rpc(client: LanguageClient):
    _write_raw(client, b'{"this is": not json')
    _write_raw(client, b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", '
                       b'"params": {"nonsense": true}}')
    _write_raw(client, b'[1, 2, 3]')
    _write_raw(client, b'{"jsonrpc": "1.0", "method": "x"}')
    await still_answers(client)


async def test_unknown_methods(client: LanguageClient):
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("klong/noSuchMethod", {"a": 1})
    client.protocol.notify("klong/noSuchNotification", {"a": 1})
    await still_answers(client)


async def test_requests_for_unopened_documents(client: LanguageClient):
    uri = "file:///robust/never-opened.kg"
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=doc_id(uri), position=pos(0, 0))) is None
    assert await client.text_document_completion_async(types.CompletionParams(
        text_document=doc_id(uri), position=pos(0, 0))) is None
    assert await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(uri))) is None
    assert await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc_id(uri), position=pos(0, 0))) is None
    assert await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc_id(uri))) is None
    with pytest.raises(Exception):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="klong.evaluate", arguments=[uri]))
    await still_answers(client)


async def test_positions_out_of_range(client: LanguageClient):
    uri = "file:///robust/small.kg"
    open_doc(client, uri, "a::1\nb::a+1\n")
    far = pos(10_000, 10_000)
    line_end = pos(1, 500)
    for p in (far, line_end, pos(0, 10_000)):
        await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri),
                                                                 position=p))
        await client.text_document_completion_async(types.CompletionParams(
            text_document=doc_id(uri), position=p))
        await client.text_document_definition_async(types.DefinitionParams(
            text_document=doc_id(uri), position=p))
    await client.text_document_semantic_tokens_range_async(types.SemanticTokensRangeParams(
        text_document=doc_id(uri), range=types.Range(start=pos(5, 0), end=far)))
    await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc_id(uri), range=types.Range(start=pos(0, 0), end=far)))
    await still_answers(client)


def _big_file(size: int) -> str:
    """A program with its data: functions, then rows of numbers and documentation
    strings, then a comment block, 1 MB or more; one undefined name on the last line."""
    lines = []
    for i in range(300):
        lines += [f"f{i}::{{[a];a::x+{i};a*y}}", f"v{i}::f{i}({i};2)+!3"]
    i = 0
    while sum(map(len, lines)) + len(lines) < size * 0.6:
        lines.append(f"row{i}::[" + " ".join(str((i * j) % 997) for j in range(40)) + "]")
        lines.append(f'doc{i}::"' + "Row %d of the measurements, in millimetres. " % i * 3 + '"')
        i += 1
    lines.append(':"')
    while sum(map(len, lines)) + len(lines) < size:
        lines.append("  notes on the data set, kept with the program " * 2)
    lines.append('"')
    lines.append("undefinedthing")
    return "\n".join(lines) + "\n"


async def test_a_one_megabyte_file(client: LanguageClient):
    uri = "file:///robust/big.kg"
    text = _big_file(1 << 20)
    assert len(text) >= 1 << 20
    open_doc(client, uri, text)
    # other documents are served while the big one is analysed
    await still_answers(client)
    last = text.count("\n") - 1
    got = await wait_diagnostics(client, uri, lambda d: len(d) > 0, timeout=240)
    assert [(d.code, d.range.start.line) for d in got] == [("undefined-name", last)]
    assert "function (dyad)" in await hover_text(client, uri, 1, 5)
    await client.text_document_semantic_tokens_range_async(types.SemanticTokensRangeParams(
        text_document=doc_id(uri), range=rng(100, 0, 150, 0)))


async def test_500_rapid_edits(client: LanguageClient):
    uri = "file:///robust/edits.kg"
    open_doc(client, uri, "")
    started = time.monotonic()
    for k in range(500):
        # type "x00::1\n", "x01::1\n" ... one character per edit
        line, col = divmod(k, 7)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=k + 2),
            content_changes=[types.TextDocumentContentChangePartial(
                range=rng(line, col, line, col), text=f"x{line:02d}::1\n"[col])]))
    assert "x00" in await hover_text(client, uri, 0, 0)
    # 500 = 71 lines of 7 characters, then "x71": an undefined name
    final = [("undefined-name", rng(71, 0, 71, 3))]
    await wait_diagnostics(client, uri, lambda d: [(x.code, x.range) for x in d] == final)
    syms = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(uri)))
    assert len(syms) == 71
    assert time.monotonic() - started < 120
    await still_answers(client)


async def test_incremental_edits_and_ranges_count_utf16(client: LanguageClient):
    uri = "file:///robust/unicode.kg"
    open_doc(client, uri, 's::"😀";x::1\n')          # the emoji is 2 UTF-16 code units
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=rng(0, 8, 0, 8),
                                                                text="y::zz;")]))
    got = await wait_diagnostics(client, uri, lambda d: len(d) == 1)
    assert [(d.code, d.range) for d in got] == [("undefined-name", rng(0, 11, 0, 13))]
    assert "variable, defined at line 1" in await hover_text(client, uri, 0, 8)

"""End-to-end: an endless loop in the file blocks nothing, the worker comes back, and a
cancelled request stops its evaluation (issue 5, acceptance 1, last line); a huge allocation
is refused by the memory ceiling and the server answers afterwards (issue 14)."""
from __future__ import annotations

import asyncio
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

from klong_lsp import memory
from lsp_helpers import (doc_id, hover_text, init_params, open_doc, replace_all, rng,
                         server_config, wait_diagnostics)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LOOP = "f::{x^2}\n{x>-1}{x+1}:~0\nf:>3\n"
TIMEOUT = 2.0


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(init_params({
        "klong": {"liveEvaluation": "onSave", "evaluation": {"timeout": TIMEOUT},
                  "diagnostics": {"debounce": 0.05}}}))
    yield
    await lsp_client.shutdown_session()


async def evaluate(client: LanguageClient, uri: str):
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri]))


async def test_endless_loop_blocks_neither_hover_nor_diagnostics(client: LanguageClient):
    uri = "file:///loop/loop.kg"
    open_doc(client, uri, LOOP)               # live evaluation starts and hangs
    await wait_diagnostics(client, uri, lambda d: True)
    started = time.monotonic()
    assert "function (monad)" in await hover_text(client, uri, 0, 0)
    replace_all(client, uri, LOOP + "1+\n", 2)
    await wait_diagnostics(client, uri, lambda d: any(x.code == "syntax-error" for x in d))
    assert time.monotonic() - started < TIMEOUT, "waited for the hanging evaluation"
    # a gradient hover evaluates only definitions: the loop statement is not run
    assert "= `6.0`" in await hover_text(client, uri, 2, 1)
    # the live evaluation hit the time limit: reported on the statement that hangs
    got = await wait_diagnostics(
        client, uri, lambda d: any(x.code == "evaluation-timeout" for x in d), timeout=60)
    timeout = next(x for x in got if x.code == "evaluation-timeout")
    assert timeout.range == rng(1, 0, 1, 14) and "did not finish" in timeout.message


async def test_evaluate_reports_the_loop_and_the_worker_comes_back(client: LanguageClient):
    uri = "file:///loop/loop.kg"
    result = await evaluate(client, uri)
    assert result[0]["value"] == ":monad"
    assert result[1]["error"].startswith("did not finish: stopped after 2 s")
    assert result[2]["error"].startswith("not evaluated")
    replace_all(client, uri, "f::{x^2}\nf:>3\n", 3)
    result = await evaluate(client, uri)
    assert [r["short"] for r in result] == [":monad", "6.0"]
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc_id(uri), range=rng(0, 0, 5, 0)))
    assert hints is not None


OOM = "limit error: out of memory: the evaluation limit is {} (klong.evaluation.maxMemory)"


async def test_memory_ceiling_refuses_a_huge_allocation_and_the_server_answers(
        client: LanguageClient):
    assert memory.supported(), "without the ceiling this test would allocate 16 GB"
    uri = "file:///loop/memory.kg"
    open_doc(client, uri, "a::!2000000000\nf::{x^2}\nf:>3\n")     # 16 GB of integers
    got = await wait_diagnostics(
        client, uri, lambda d: any(x.code == "runtime-error" for x in d), timeout=60)
    assert [(d.code, d.range, d.message) for d in got] == [
        ("runtime-error", rng(0, 3, 0, 4), OOM.format("2 GB"))]
    # the worker lives on: the gradient hover evaluates the definitions (the huge one too)
    assert "= `6.0`" in await hover_text(client, uri, 2, 1)
    result = await evaluate(client, uri)
    assert [(r.get("short"), r["error"], r.get("errorKind")) for r in result] == [
        (None, OOM.format("2 GB"), "limit"), (":monad", None, None), ("6.0", None, None)]
    # the setting: a quarter of a GB refuses 400 MB
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"evaluation": {"maxMemory": 0.25}}}))
    replace_all(client, uri, "b::!50000000\n#b\n", 2)
    result = await evaluate(client, uri)
    assert [(r["error"], r.get("errorKind")) for r in result] == [
        (OOM.format("0.25 GB"), "limit"), ("undefined: b", "undefined")]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"evaluation": {"maxMemory": 2}}}))


async def test_cancelled_request_stops_its_evaluation(client: LanguageClient):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"evaluation": {"timeout": 60}}}))
    uri = "file:///loop/cancel.kg"
    open_doc(client, uri, "{x>-1}{x+1}:~0\n")
    await wait_diagnostics(client, uri, lambda d: True)
    request = asyncio.ensure_future(client.protocol.send_request_async(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(command="klong.evaluate", arguments=[uri]),
        msg_id="cancel-me"))
    await asyncio.sleep(1.0)
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-me"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(request, 30)
    # the worker was stopped, not left running for 60 s: a new evaluation answers now
    replace_all(client, uri, "1+1\n", 2)
    started = time.monotonic()
    result = await evaluate(client, uri)
    assert result[0]["value"] == "2"
    assert time.monotonic() - started < 20


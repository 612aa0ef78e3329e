"""Helpers for the end-to-end tests: the real server over stdio, driven by pytest-lsp.
The test modules import it by name (conftest.py puts this folder on sys.path)."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def server_config() -> ClientServerConfig:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"]
                                     if env.get("PYTHONPATH") else "")
    return ClientServerConfig(server_command=[sys.executable, "-m", "klong_lsp"],
                              server_env=env)


def init_params(options: Optional[Dict[str, Any]] = None,
                capabilities: Optional[types.ClientCapabilities] = None
                ) -> types.InitializeParams:
    from pytest_lsp import client_capabilities
    caps = capabilities or client_capabilities("visual-studio-code")
    return types.InitializeParams(capabilities=caps, initialization_options=options or {},
                                  root_uri=ROOT.as_uri())


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="klong", version=version,
                                             text=text)))


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def wait_diagnostics(client: LanguageClient, uri: str,
                           check: Callable[[Sequence[types.Diagnostic]], bool],
                           timeout: float = 30.0) -> Sequence[types.Diagnostic]:
    """Wait until the diagnostics published for `uri` satisfy `check`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        got = client.diagnostics.get(uri)
        if got is not None and check(got):
            return got
        left = deadline - loop.time()
        if left <= 0:
            raise AssertionError(f"diagnostics for {uri} never matched; last: {got}")
        try:
            await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left)
        except asyncio.TimeoutError:
            pass


async def hover_text(client: LanguageClient, uri: str, line: int, character: int) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=pos(line, character)))
    return result.contents.value if result is not None else ""


def rng(a: int, b: int, c: int, d: int) -> types.Range:
    return types.Range(start=pos(a, b), end=pos(c, d))

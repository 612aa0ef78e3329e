"""klong_lsp.handshake: the answer to `initialize` recorded from pygls and sent, on the next
start, before pygls is imported."""
from __future__ import annotations

import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from klong_lsp import handshake
from lsp_helpers import ROOT

VSCODE_CAPS: Dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                     "rename": {"prepareSupport": True}},
    "workspace": {"configuration": True, "workspaceFolders": True},
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KLONG_LSP_CACHE", str(folder))
    return folder


def _initialize(caps: Dict[str, Any], options: Any = None, pid: int = 1,
                request_id: Any = 1) -> Dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "method": "initialize",
            "params": {"processId": pid, "rootUri": None, "capabilities": caps,
                       "initializationOptions": options}}


def _frames(data: bytes) -> List[Dict[str, Any]]:
    out, stream = [], io.BytesIO(data)
    while (body := handshake.read_message(stream)) is not None:
        out.append(json.loads(body))
    return out


# ---- framing ------------------------------------------------------------------------------
def test_read_message_reads_one_message_and_leaves_the_next():
    first, second = {"jsonrpc": "2.0", "method": "a"}, {"jsonrpc": "2.0", "method": "b"}
    stream = io.BytesIO(handshake.frame(first)
                        + b"Content-Length: 32\r\nContent-Type: application/vscode-jsonrpc;"
                          b" charset=utf-8\r\n\r\n" + json.dumps(second).encode()[:32])
    assert json.loads(handshake.read_message(stream)) == first
    rest = stream.read()
    assert rest.startswith(b"Content-Length: 32\r\n")


def test_read_message_at_the_end_of_input():
    assert handshake.read_message(io.BytesIO(b"")) is None
    assert handshake.read_message(io.BytesIO(b"Content-Length: 5\r\n")) is None


def test_frame_counts_bytes_not_characters():
    data = handshake.frame({"t": "∇"})
    head, _, body = data.partition(b"\r\n\r\n")
    assert head == b"Content-Length: %d" % len(body)
    assert json.loads(body) == {"t": "∇"}


# ---- the key and the record ------------------------------------------------------------------
def test_key_ignores_what_changes_every_start():
    a = handshake.answer_key(_initialize(VSCODE_CAPS, pid=1)["params"])
    b = handshake.answer_key(dict(_initialize(VSCODE_CAPS, pid=2)["params"],
                                  rootUri="file:///elsewhere", clientInfo={"name": "x"}))
    assert a == b
    assert a != handshake.answer_key(_initialize({}, pid=1)["params"])
    assert a != handshake.answer_key(_initialize(VSCODE_CAPS, {"klong": {}})["params"])


def test_record_round_trip_and_pruning(cache: Path):
    assert handshake.recorded("k0") is None
    for n in range(handshake.KEEP + 3):
        handshake.record(f"k{n}", {"n": n})
        os.utime(cache / f"initialize-k{n}.json", ns=(n * 10**9, n * 10**9))
    handshake.record("last", {"n": "last"})
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == handshake.KEEP
    assert "initialize-last.json" in kept and "initialize-k0.json" not in kept
    assert handshake.recorded("last") == {"n": "last"}
    assert handshake.recorded(f"k{handshake.KEEP + 2}") == {"n": handshake.KEEP + 2}


def test_an_unwritable_cache_only_costs_the_head_start(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KLONG_LSP_CACHE", str(blocker / "cache"))
    handshake.record("k", {"x": 1})
    assert handshake.recorded("k") is None


def test_cache_dir_defaults(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("KLONG_LSP_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert handshake.cache_dir() == os.path.join("/x/cache", "klong", "lsp")


# ---- the opening message ----------------------------------------------------------------------
def test_opening_answers_only_a_recorded_initialize(cache: Path):
    request = _initialize(VSCODE_CAPS, request_id="a1")
    out = io.BytesIO()
    opening = handshake.open_stdio(io.BytesIO(handshake.frame(request)), out)
    assert opening is not None and not opening.answered and out.getvalue() == b""
    handshake.record(opening.key, {"capabilities": {"hoverProvider": True}})
    opening = handshake.open_stdio(io.BytesIO(handshake.frame(request)), out)
    assert opening.answered
    assert _frames(out.getvalue()) == [
        {"jsonrpc": "2.0", "id": "a1", "result": {"capabilities": {"hoverProvider": True}}}]


@pytest.mark.parametrize("body", [b"{not json", b'{"jsonrpc":"2.0","method":"initialized"}',
                                  b'{"jsonrpc":"2.0","method":"initialize"}', b"[1, 2]"])
def test_other_first_messages_are_not_answered(cache: Path, body: bytes):
    out = io.BytesIO()
    opening = handshake.open_stdio(
        io.BytesIO(b"Content-Length: %d\r\n\r\n%s" % (len(body), body)), out)
    assert opening is not None and opening.body == body
    assert opening.key is None and not opening.answered and out.getvalue() == b""


def test_an_opening_whose_key_fails_is_left_to_pygls(cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    def broken() -> list:
        raise ValueError("no spec")

    monkeypatch.setattr(handshake, "fingerprint", broken)
    out = io.BytesIO()
    opening = handshake.open_stdio(io.BytesIO(handshake.frame(_initialize({}))), out)
    assert opening is not None and opening.request_id == 1
    assert opening.key is None and not opening.answered and out.getvalue() == b""
    opening.settle({"jsonrpc": "2.0", "id": 1, "result": {"capabilities": {}}})
    assert not cache.exists()


def test_replay_gives_the_opening_then_the_stream():
    first = handshake.frame({"jsonrpc": "2.0", "id": 1, "method": "initialize"})
    second = handshake.frame({"jsonrpc": "2.0", "method": "initialized"})
    stream = io.BytesIO(first + second)
    body = handshake.read_message(stream)
    replay = handshake.Replay(body, stream)
    assert _frames(replay.read(10**6)) == [json.loads(body), json.loads(second.split(
        b"\r\n\r\n")[1])]
    stream = io.BytesIO(first + second)
    replay = handshake.Replay(handshake.read_message(stream), stream)
    assert replay.readline().startswith(b"Content-Length: ")
    assert replay.readline() == b"\r\n"
    assert json.loads(replay.read(len(body))) == json.loads(body)
    assert replay.readline().startswith(b"Content-Length: ")     # from the stream now


@pytest.mark.parametrize("answered", [True, False])
def test_reply_filter_settles_the_reply_and_holds_it_when_answered(cache: Path,
                                                                   answered: bool):
    request = _initialize(VSCODE_CAPS, request_id=7)
    reply = {"jsonrpc": "2.0", "id": 7, "result": {"capabilities": {"hoverProvider": True}}}
    opening = handshake.Opening(json.dumps(request).encode())
    if answered:
        handshake.record(opening.key, reply["result"])
        opening.answer_early(io.BytesIO())
    out = io.BytesIO()
    writer = handshake.ReplyFilter(opening, out)
    log = {"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 2}}
    other = {"jsonrpc": "2.0", "id": 8, "result": None}
    again = dict(reply, id=9)
    for message in (log, reply, other, again):
        writer.write(handshake.frame(message))
    sent = [log, other, again] if answered else [log, reply, other, again]
    assert _frames(out.getvalue()) == sent
    assert handshake.recorded(opening.key) == reply["result"]


# ---- the real server ---------------------------------------------------------------------------
def _env(cache: Path, pythonpath: Optional[str] = None) -> Dict[str, str]:
    env = dict(os.environ, KLONG_LSP_CACHE=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (pythonpath, str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return env


def _session(cache: Path, messages: List[Dict[str, Any]],
             done: Callable[[List[Dict[str, Any]]], bool], *,
             pythonpath: Optional[str] = None) -> Tuple[List[Dict[str, Any]], str, int]:
    """Run `python -m klong_lsp`, send `messages`, read what comes until `done(got)` (or the
    output ends, or 60 s pass), then shut the server down. Returns what came, stderr and
    the exit code."""
    proc = subprocess.Popen([sys.executable, "-m", "klong_lsp"], env=_env(cache, pythonpath),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    arrived: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()

    def read(stream: Any) -> None:
        while (body := handshake.read_message(stream)) is not None:
            arrived.put(json.loads(body))
        arrived.put(None)

    threading.Thread(target=read, args=(proc.stdout,), daemon=True).start()
    got: List[Dict[str, Any]] = []
    try:
        for message in messages:
            proc.stdin.write(handshake.frame(message))
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not done(got):
            message = arrived.get(timeout=max(0.0, deadline - time.monotonic()))
            if message is None:
                break
            got.append(message)
        for message in ({"jsonrpc": "2.0", "id": 999, "method": "shutdown"},
                        {"jsonrpc": "2.0", "method": "exit"}):
            try:
                proc.stdin.write(handshake.frame(message))
                proc.stdin.flush()
            except BrokenPipeError:
                break
        proc.stdin.close()
        code = proc.wait(timeout=60)
        return got, proc.stderr.read().decode(), code
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _replied(*ids: Any) -> Callable[[List[Dict[str, Any]]], bool]:
    return lambda got: all(any(m.get("id") == i and "method" not in m for m in got)
                           for i in ids)


def _diagnosed(got: List[Dict[str, Any]]) -> bool:
    return _replied(1, 2)(got) and any(
        m.get("method") == "textDocument/publishDiagnostics" for m in got)


HOVER = {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": "file:///t/a.kg"},
                    "position": {"line": 0, "character": 0}}}
OPEN = {"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": "file:///t/a.kg", "languageId": "klong",
                                    "version": 1, "text": "f::{x^2}\nf:>3\nq\n"}}}


def _by_id(messages: List[Dict[str, Any]], request_id: Any) -> Dict[str, Any]:
    return next(m for m in messages if m.get("id") == request_id and "method" not in m)


@pytest.mark.parametrize("caps", [{}, VSCODE_CAPS,
                                  {"general": {"positionEncodings": ["utf-32", "utf-16"]},
                                   "notebookDocument": {"synchronization": {}}}],
                         ids=["bare", "vscode", "utf-32"])
def test_second_start_answers_as_pygls_did(tmp_path: Path, caps: Dict[str, Any]):
    cache = tmp_path / "cache"
    request = _initialize(caps, {"klong": {"diagnostics": {"debounce": 0}}})
    session = [request, {"jsonrpc": "2.0", "method": "initialized", "params": {}}, OPEN, HOVER]
    first, _, _ = _session(cache, session, _diagnosed)
    key = handshake.answer_key(request["params"])
    recorded = json.loads((cache / f"initialize-{key}.json").read_text())
    assert _by_id(first, 1)["result"] == recorded
    assert recorded["serverInfo"]["name"] == "klong-lsp"
    second, err, _ = _session(cache, session, _diagnosed)
    assert second[0] == {"jsonrpc": "2.0", "id": 1, "result": recorded}
    # pygls handled the same initialize: no second reply, and the session works as before
    assert [m for m in second if m.get("id") == 1] == [second[0]]
    assert _by_id(second, 2) == _by_id(first, 2)
    diagnostics = [m for m in second if m.get("method") == "textDocument/publishDiagnostics"]
    assert diagnostics == [m for m in first if m.get("method")
                           == "textDocument/publishDiagnostics"]
    assert "differed" not in err


def test_the_recorded_answer_goes_out_before_pygls_is_imported(tmp_path: Path):
    cache = tmp_path / "cache"
    request = _initialize(VSCODE_CAPS)
    key = handshake.answer_key(request["params"])
    handshake_record = {"capabilities": {"hoverProvider": True}, "serverInfo": {"name": "t"}}
    cache.mkdir()
    (cache / f"initialize-{key}.json").write_text(json.dumps(handshake_record))
    # cattrs, which pygls and lsprotocol import first thing, cannot be imported
    blocked = tmp_path / "blocked"
    (blocked / "cattrs").mkdir(parents=True)
    (blocked / "cattrs" / "__init__.py").write_text("raise ImportError('cattrs blocked')\n")
    got, err, code = _session(cache, [request], _replied(1), pythonpath=str(blocked))
    assert got == [{"jsonrpc": "2.0", "id": 1, "result": handshake_record}]
    assert "cattrs blocked" in err and code != 0


def test_a_stale_record_is_replaced_by_pyglss_answer(tmp_path: Path):
    cache = tmp_path / "cache"
    request = _initialize(VSCODE_CAPS)
    key = handshake.answer_key(request["params"])
    cache.mkdir()
    path = cache / f"initialize-{key}.json"
    path.write_text(json.dumps({"capabilities": {}}))
    got, err, _ = _session(cache, [request, HOVER], _replied(1, 2))
    assert got[0]["result"] == {"capabilities": {}}
    assert "differed from pygls's" in err
    fresh = json.loads(path.read_text())
    assert fresh["capabilities"]["hoverProvider"] is True
    assert _by_id(got, 2) == {"jsonrpc": "2.0", "id": 2, "result": None}


def test_settings_warnings_still_reach_the_client(tmp_path: Path):
    cache = tmp_path / "cache"
    request = _initialize({}, {"klong": {"diagnostics": {"debounce": "soon"}}})
    for _ in range(2):          # recorded on the first start, answered early on the second
        got, _, _ = _session(cache, [request, HOVER], _replied(1, 2))
        logs = [m["params"]["message"] for m in got if m.get("method") == "window/logMessage"]
        assert len(logs) == 1 and "debounce" in logs[0]
        assert _by_id(got, 2)["result"] is None


def test_a_first_message_that_is_not_initialize_reaches_pygls(tmp_path: Path):
    got, _, _ = _session(tmp_path / "cache", [HOVER, _initialize({})], _replied(1, 2))
    assert _by_id(got, 2) == {"jsonrpc": "2.0", "id": 2, "result": None}
    assert "capabilities" in _by_id(got, 1)["result"]
    assert not (tmp_path / "cache").exists()      # only an opening initialize is recorded

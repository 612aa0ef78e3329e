"""The `klong-lsp` entry point: --version, and --tcp HOST:PORT serving LSP over a socket."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from klong_lsp.__main__ import _host_port, main
from lsp_helpers import ROOT


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("klong-lsp ")


def test_host_port_parsing():
    assert _host_port("127.0.0.1:2087") == ("127.0.0.1", 2087)
    assert _host_port("2087") == ("127.0.0.1", 2087)
    assert _host_port(":2087") == ("127.0.0.1", 2087)


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_message(sock: socket.socket, buffer: bytearray) -> dict:
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        assert chunk, "connection closed"
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    length = int(next(h for h in head.split(b"\r\n") if h.startswith(b"Content-Length"))
                 .split(b":")[1])
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed"
        rest += chunk
    buffer[:] = rest[length:]
    return json.loads(rest[:length])


def test_tcp_server_answers_initialize():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "klong_lsp", "--tcp", f"127.0.0.1:{port}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        with sock:
            buffer = bytearray()
            sock.sendall(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                   "params": {"capabilities": {}, "processId": None}}))
            reply = _read_message(sock, buffer)
            while "id" not in reply:            # skip notifications (log messages)
                reply = _read_message(sock, buffer)
            caps = reply["result"]["capabilities"]
            assert caps["hoverProvider"] and caps["inlayHintProvider"]
            assert "klong.evaluate" in caps["executeCommandProvider"]["commands"]
            assert reply["result"]["serverInfo"]["name"] == "klong-lsp"
            sock.sendall(_message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
            reply = _read_message(sock, buffer)
            while reply.get("id") != 2:
                reply = _read_message(sock, buffer)
            sock.sendall(_message({"jsonrpc": "2.0", "method": "exit"}))
    finally:
        proc.kill()
        proc.wait(30)


def test_the_server_starts_without_numpy():
    # the analysis does not need it; the evaluation worker (a process of its own) does
    code = "import sys, klong_lsp.server; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.stdout.strip() == "False"

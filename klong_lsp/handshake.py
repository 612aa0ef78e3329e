"""The answer to `initialize` before pygls is imported.

Importing pygls and its protocol types is most of the server's start (about 0.4 s of attrs
classes being built). The answer to `initialize` depends only on this server's code and on
what the client sent, so each answer pygls gives is recorded, keyed by both, and the next
start with the same key sends the recorded answer at once, before importing pygls. pygls then
reads the same request as if it had just arrived (`Replay`) and handles it, so its state is
exactly what answering leaves; its reply is held back and compared with the recording
(`ReplyFilter`).

Only plain Python here: this module runs before pygls and klong's runtime are imported.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from importlib.util import find_spec
from typing import Any, BinaryIO, Dict, List, Optional

log = logging.getLogger("klong_lsp")

# answers kept in the cache folder, the most recently written first
KEEP = 32
# the parts of `initialize` params the answer may depend on (processId, rootUri and the
# like change on every start and cannot change the capabilities)
KEY_PARAMS = ("capabilities", "initializationOptions")


def cache_dir() -> str:
    """Where answers are recorded: $KLONG_LSP_CACHE, else $XDG_CACHE_HOME/klong/lsp."""
    explicit = os.environ.get("KLONG_LSP_CACHE")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "klong", "lsp")


def read_message(stream: BinaryIO) -> Optional[bytes]:
    """The body of the next JSON-RPC message on `stream` (None at its end), read exactly as
    pygls reads, so that pygls goes on from the next message."""
    length = 0
    while True:
        header = stream.readline()
        if not header:
            return None
        if header.lower().startswith(b"content-length:"):
            try:
                length = int(header.split(b":", 1)[1].strip())
            except ValueError:
                length = 0
        elif not header.strip() and length:
            return stream.read(length)


def frame(message: Dict[str, Any]) -> bytes:
    """`message` as JSON-RPC bytes: a Content-Length header and the JSON body."""
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _package_files(name: str) -> List[str]:
    """The .py files of an importable package (found, not imported)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    out: List[str] = []
    for folder in spec.submodule_search_locations:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            out += [os.path.join(root, f) for f in sorted(files) if f.endswith(".py")]
    return out


def fingerprint() -> List[Any]:
    """What the answer depends on besides the request: the Python version and every source
    file of klong_lsp, klong, pygls and lsprotocol (path, size, modification time)."""
    stats: List[Any] = [sys.version]
    for package in ("klong_lsp", "klong", "pygls", "lsprotocol"):
        for path in _package_files(package):
            try:
                st = os.stat(path)
            except OSError:
                continue
            stats.append([path, st.st_size, st.st_mtime_ns])
    return stats


def answer_key(params: Any) -> str:
    """The key of the recorded answer to an `initialize` with these params."""
    asked = {k: params.get(k) for k in KEY_PARAMS} if isinstance(params, dict) else params
    text = json.dumps([fingerprint(), asked], sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def recorded(key: str) -> Optional[Any]:
    """The recorded answer for `key`, or None."""
    try:
        with open(os.path.join(cache_dir(), f"initialize-{key}.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def record(key: str, result: Any) -> None:
    """Record `result` as the answer for `key`, keeping the newest KEEP answers. A cache that
    cannot be written only costs the next start its head start."""
    folder = cache_dir()
    path = os.path.join(folder, f"initialize-{key}.json")
    try:
        os.makedirs(folder, exist_ok=True)
        part = f"{path}.{os.getpid()}.part"
        with open(part, "w", encoding="utf-8") as f:
            json.dump(result, f)
        os.replace(part, path)
        answers = sorted((e for e in os.scandir(folder) if e.name.startswith("initialize-")
                          and e.name.endswith(".json")),
                         key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for old in answers[KEEP:]:
            os.unlink(old.path)
    except OSError as exc:
        log.debug("could not record the initialize answer: %s", exc)


class Opening:
    """The first message of a stdio session, read (and perhaps answered) before pygls."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.request_id: Any = None
        self.key: Optional[str] = None
        self.answer: Optional[Any] = None      # the recorded result sent, if one was
        try:
            message = json.loads(body)
        except ValueError:
            return
        if (isinstance(message, dict) and message.get("method") == "initialize"
                and "id" in message):
            self.request_id = message["id"]
            try:
                self.key = answer_key(message.get("params"))
            except Exception as exc:  # noqa: BLE001 - then pygls answers, as without a record
                log.debug("no key for the initialize answer: %s", exc)

    @property
    def answered(self) -> bool:
        return self.answer is not None

    def answer_early(self, out: BinaryIO) -> None:
        """Send the recorded answer to this `initialize`, where there is one."""
        if self.key is None:
            return
        result = recorded(self.key)
        if result is None:
            return
        out.write(frame({"jsonrpc": "2.0", "id": self.request_id, "result": result}))
        out.flush()
        self.answer = result

    def settle(self, reply: Optional[Dict[str, Any]]) -> None:
        """Record pygls's own reply to the `initialize` (held back when answered early)."""
        if self.key is None or reply is None:
            return
        if "result" not in reply:       # an error: pygls's own, or held back after ours
            if self.answered:
                log.warning("initialize failed after its recorded answer was sent: %s",
                            reply.get("error"))
            return
        result = reply["result"]
        if self.answered and result == self.answer:
            return
        if self.answered:
            log.warning("the recorded initialize answer differed from pygls's; recorded anew")
        record(self.key, result)


def open_stdio(stdin: BinaryIO, stdout: BinaryIO) -> Optional[Opening]:
    """Read the client's first message and answer it now if it is an `initialize` whose
    answer is recorded. None when the input ends first."""
    body = read_message(stdin)
    if body is None:
        return None
    opening = Opening(body)
    opening.answer_early(stdout)
    return opening


class Replay:
    """A binary reader that gives the bytes of the message already read, then the rest of
    `stream`: pygls reads the opening message as if it had not been read before."""

    def __init__(self, body: bytes, stream: BinaryIO) -> None:
        self.head = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        self.stream = stream

    def readline(self) -> bytes:
        if not self.head:
            return self.stream.readline()
        line, sep, rest = self.head.partition(b"\n")
        if not sep:
            self.head = b""
            return line + self.stream.readline()
        self.head = rest
        return line + sep

    def read(self, n: int) -> bytes:
        if not self.head:
            return self.stream.read(n)
        part, self.head = self.head[:n], self.head[n:]
        return part + (self.stream.read(n - len(part)) if len(part) < n else b"")


class ReplyFilter:
    """A binary writer that passes everything on to `out` except the reply to the opening
    `initialize`: that reply is settled with the opening and, when the opening was answered
    early, not sent again."""

    def __init__(self, opening: Opening, out: BinaryIO) -> None:
        self.opening = opening
        self.out = out
        self.waiting = opening.request_id is not None

    def write(self, data: bytes) -> int:
        if self.waiting:
            _, _, body = data.partition(b"\r\n\r\n")
            try:
                message = json.loads(body)
            except ValueError:
                message = None
            if (isinstance(message, dict) and "method" not in message
                    and message.get("id") == self.opening.request_id):
                self.waiting = False
                self.opening.settle(message)
                if self.opening.answered:
                    return len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.out.close()

"""Live evaluation: user code runs here, in a worker process, never in the server.

The server starts `python -m klong_lsp.evaluation` and talks to it with one JSON object per
line. The worker keeps private copies of its stdin/stdout for that; file descriptors 0 and 1
point at /dev/null, and Python's sys.stdout/sys.stderr collect what `.p`/`.d`/`.w` print
(up to a size limit), so no output of user code can reach the protocol stream.

Each request gets a fresh interpreter (backend and device from the settings) and a list of
pieces of code, run in order as top-level statements. System functions that write or delete
files, run commands, exit, import Python or reach Python objects are replaced by functions
that raise a clear error, and reading standard input fails, unless the request allows side
effects. The server side (`EvaluationWorker`) applies the time limit: on timeout, or when the
request that waits is cancelled, it kills the worker and starts a new one.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from typing import IO, Any, Dict, Iterator, List, Optional

from klong.errors import error_text

from . import memory

# ---- the worker process -----------------------------------------------------------------

# system functions refused in live evaluation unless side effects are allowed
REFUSED = {
    ".oc": "opens a file for writing",
    ".ac": "opens a file for appending",
    ".df": "deletes a file",
    ".sys": "runs a shell command",
    ".x": "exits the process",
    ".py": "imports a Python module",
    ".pyf": "imports from a Python module",
    ".pyc": "calls Python",
    ".pya": "reads Python attributes",
    ".export": "writes a file",
}
# run before the memory ceiling is measured, so that what a backend sets up on first use
# (torch's device context) counts as the worker's own size, not as the code's
WARM_UP = "+/!3"


class OutputLimit(Exception):
    pass


class _CappedOutput:
    """sys.stdout/sys.stderr during evaluation: keeps up to `limit` characters, then raises
    a Klong limit error so that a printing loop stops early."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: List[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        if self.size + len(text) > self.limit:
            self.parts.append(text[:max(0, self.limit - self.size)])
            self.size = self.limit
            from klong.errors import KlongError
            raise KlongError("limit", f"output limit of {self.limit} characters exceeded")
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def getvalue(self) -> str:
        return "".join(self.parts)


class _RefusedStdin:
    """sys.stdin during evaluation: reading standard input is refused."""

    def _refuse(self, *args: Any) -> str:
        from klong.errors import KlongError
        raise KlongError("io", "reading standard input is refused in live evaluation")

    read = readline = _refuse

    def isatty(self) -> bool:
        return False


def _refusal(name: str, why: str) -> Any:
    from klong.errors import KlongError

    def refused(*args: Any) -> Any:
        raise KlongError("io", f"{name} {why}: refused in live evaluation (enable it with "
                               f"the setting klong.evaluation.allowSideEffects)")
    refused.__name__ = name
    return refused


def error_line(err: Dict[str, Any]) -> str:
    """The text users read of an error as the worker reports it: the same as the CLI's
    (`KlongError.text`)."""
    return error_text(err.get("kind", "error"), err.get("detail") or err.get("message", ""))


def _error_info(e: BaseException) -> Dict[str, Any]:
    from klong.errors import KlongError
    if isinstance(e, KlongError):
        info: Dict[str, Any] = {"kind": e.kind, "message": e.message}
        if e.detail is not None:
            info["detail"] = e.detail
        if e.span is not None:
            info["span"] = [e.span.line, e.span.col, e.span.offset, e.span.length]
        return info
    if isinstance(e, RecursionError):
        return {"kind": "limit", "message": "recursion too deep"}
    if isinstance(e, MemoryError):
        return {"kind": "limit", "message": "out of memory"}
    return {"kind": "internal", "message": f"{type(e).__name__}: {e}"}


def _locate(info: Dict[str, Any], e: BaseException, pieces: List[Dict[str, Any]],
            i: int) -> None:
    """An error's span is in the text it was read from: where that is an earlier piece (a
    function defined there fails when called here), say which ("source_piece"); where it is
    no piece (a loaded file, a string evaluated with .E), drop the span."""
    source = getattr(e, "source", None)
    if "span" not in info or source is None or source == pieces[i].get("code"):
        return
    for j in range(i - 1, -1, -1):
        if pieces[j].get("code") == source:
            info["source_piece"] = j
            return
    del info["span"]


def _make_interpreter(request: Dict[str, Any]) -> Any:
    from klong import KlongInterpreter
    k = KlongInterpreter(backend=request.get("backend") or "numpy",
                         device=request.get("device") or None)
    if not request.get("allow_side_effects"):
        for name, why in REFUSED.items():
            k[name] = _refusal(name, why)
    return k


def iter_evaluate(request: Dict[str, Any]) -> Iterator[Dict[str, Any]]:
    """Run one request in this process: a message per piece as it finishes
    ({"piece": i, ...result}), then {"done": true, "backend", "device"} (or "error")."""
    max_output = int(request.get("max_output", 65536))
    max_text = int(request.get("max_text", 20000))
    allow = bool(request.get("allow_side_effects"))
    cwd = request.get("cwd")
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    old_klongpath = os.environ.get("KLONGPATH")
    if cwd and os.path.isdir(cwd):
        os.chdir(cwd)
        if cwd not in sys.path:
            sys.path.insert(0, cwd)
    if request.get("search_path"):
        os.environ["KLONGPATH"] = request["search_path"]     # where .l looks
    try:
        yield from _run_pieces(request, max_output, max_text, allow)
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        if old_klongpath is None:
            os.environ.pop("KLONGPATH", None)
        else:
            os.environ["KLONGPATH"] = old_klongpath


def _run_pieces(request: Dict[str, Any], max_output: int, max_text: int,
                allow: bool) -> Iterator[Dict[str, Any]]:
    # in the worker process only: the server itself starts without numpy
    from klong.tooling.describe import describe
    saved = sys.stdout, sys.stderr, sys.stdin
    try:
        k = _make_interpreter(request)
        k(WARM_UP)
    except Exception as e:      # e.g. torch backend without torch, no such device
        info = _error_info(e)
        if info["kind"] == "internal":
            info = {"kind": "settings", "message": f"cannot make an interpreter with backend "
                    f"{request.get('backend') or 'numpy'} and device "
                    f"{request.get('device') or 'auto'}: {e}"}
        yield {"done": True, "error": info}
        return
    gigabytes = float(request.get("max_memory") or 0)
    ceiling = memory.Ceiling(gigabytes)
    done: Dict[str, Any] = {"done": True,
                            "backend": k.backend.name,
                            "device": str(k.backend.device or "cpu")}
    for i, piece in enumerate(request.get("pieces", [])):
        capture = _CappedOutput(max_output)
        result: Dict[str, Any] = {"piece": i, "ok": True}
        started = time.perf_counter()
        stop = False
        try:
            sys.stdout = sys.stderr = capture  # type: ignore[assignment]
            if not allow:
                sys.stdin = _RefusedStdin()  # type: ignore[assignment]
            with ceiling:
                value = k(piece["code"])
                if piece.get("report", True):
                    result["value"] = None if value is None else describe(value, max_text)
        except SystemExit:
            result.update(ok=False, error={"kind": "io", "message": "the program exited (.x)"})
            stop = True
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - every failure is a result
            result.update(ok=False, error=_error_info(e))
            _locate(result["error"], e, request.get("pieces", []), i)
            err = result["error"]
            if ceiling.explains(err["kind"], err["message"]):
                err["detail"] = memory.limit_message(gigabytes)
        finally:
            sys.stdout, sys.stderr, sys.stdin = saved
        result["ms"] = round((time.perf_counter() - started) * 1000, 3)
        output = capture.getvalue()
        if output:
            result["output"] = output
        yield result
        if stop:
            break
    yield done


def evaluate(request: Dict[str, Any]) -> Dict[str, Any]:
    """Run one request in this process; {"results": [...], "backend", "device"}."""
    results: List[Dict[str, Any]] = []
    final: Dict[str, Any] = {}
    for msg in iter_evaluate(request):
        if msg.get("done"):
            final = msg
        else:
            results.append(msg)
    out = {k: v for k, v in final.items() if k != "done"}
    out["results"] = results
    return out


def _exit_with_parent(parent: int) -> None:
    """Exit when the server that started this worker is gone (even mid-evaluation)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def worker_main() -> None:
    """The worker's loop: one JSON request per line in; one JSON line per finished piece and
    a final {"done": true} line out."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    proto_out: IO[str] = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = open(os.devnull, "w", encoding="utf-8")
    from klong import KlongInterpreter  # noqa: F401 - import now: faster first answer
    proto_out.write(json.dumps({"ready": True}) + "\n")
    proto_out.flush()
    for line in proto_in:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            for msg in iter_evaluate(request):
                msg["id"] = request.get("id")
                proto_out.write(json.dumps(msg) + "\n")
                proto_out.flush()
        except Exception as e:  # noqa: BLE001
            proto_out.write(json.dumps({"done": True, "error": {
                "kind": "internal", "message": f"{type(e).__name__}: {e}"}}) + "\n")
            proto_out.flush()


# ---- the server side ----------------------------------------------------------------------

class WorkerFailed(Exception):
    pass


class Outcome:
    """The answer to one request: a result per piece (None: not run), the backend and
    device, and what went wrong as a whole (time limit, crash, bad settings)."""

    def __init__(self, n: int):
        self.results: List[Optional[Dict[str, Any]]] = [None] * n
        self.backend: Optional[str] = None
        self.device: Optional[str] = None
        self.error: Optional[Dict[str, Any]] = None     # could not evaluate at all
        self.failure: Optional[str] = None              # stopped: time limit or crash
        self.timed_out = False

    def finish(self, msg: Dict[str, Any]) -> None:
        self.backend = msg.get("backend")
        self.device = msg.get("device")
        self.error = msg.get("error")

    @property
    def stuck(self) -> int:
        """Index of the piece that was running when the evaluation stopped, or -1."""
        if self.failure is None:
            return -1
        for i, r in enumerate(self.results):
            if r is None:
                return i
        return -1


class EvaluationWorker:
    """Runs requests in the worker process, one at a time, each with a time limit."""

    def __init__(self, python: Optional[str] = None, env: Optional[Dict[str, str]] = None):
        self.python = python or sys.executable
        self.env = env
        self.proc: Optional[asyncio.subprocess.Process] = None
        self.lock = asyncio.Lock()
        self.restarts = 0
        self._next_id = 0
        self._starting: Optional[asyncio.Task] = None

    async def _spawn(self) -> asyncio.subprocess.Process:
        env = dict(os.environ if self.env is None else self.env)
        env["PYTHONUNBUFFERED"] = "1"
        # each thread's malloc arena reserves 64 MB of address space, which would count
        # against the memory ceiling (klong_lsp.memory)
        env.setdefault("MALLOC_ARENA_MAX", "2")
        proc = await asyncio.create_subprocess_exec(
            self.python, "-m", "klong_lsp.evaluation",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=env, limit=1 << 26)
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        if not line:
            raise WorkerFailed("the evaluation worker did not start")
        return proc

    async def start(self) -> None:
        """Start the worker now (ahead of the first request) if it is not running."""
        if self.proc is not None and self.proc.returncode is None:
            return
        if self._starting is None or self._starting.done():
            self._starting = asyncio.ensure_future(self._spawn())
        task = self._starting
        try:
            self.proc = await asyncio.shield(task)
        finally:
            if task.done():
                self._starting = None

    def start_soon(self) -> None:
        """Start a worker in the background (after a kill), so the next request is quick."""
        if self._starting is None or self._starting.done():
            self._starting = asyncio.ensure_future(self._spawn())

    async def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.returncode is None:
            try:
                proc.kill()
            except ProcessLookupError:
                pass
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except asyncio.TimeoutError:
                pass

    async def run(self, request: Dict[str, Any], timeout: float) -> "Outcome":
        """Run one request with a time limit on the whole of it. On timeout the worker is
        killed (and restarted in the background) and the outcome says which piece did not
        finish; cancelling the caller kills the worker too."""
        n = len(request.get("pieces", []))
        outcome = Outcome(n)
        async with self.lock:
            await self.start()
            proc = self.proc
            assert proc is not None and proc.stdin is not None and proc.stdout is not None
            self._next_id += 1
            request = dict(request, id=self._next_id)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            try:
                proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
                await proc.stdin.drain()
                while True:
                    left = deadline - loop.time()
                    if left <= 0:
                        raise asyncio.TimeoutError
                    line = await asyncio.wait_for(proc.stdout.readline(), left)
                    if not line:
                        await self._restart()
                        outcome.failure = ("the evaluation worker stopped (it crashed or ran "
                                           "out of memory); it was restarted")
                        return outcome
                    msg = json.loads(line)
                    if msg.get("done"):
                        outcome.finish(msg)
                        return outcome
                    i = msg.get("piece", -1)
                    if 0 <= i < n:
                        outcome.results[i] = msg
            except asyncio.TimeoutError:
                await self._restart()
                outcome.timed_out = True
                outcome.failure = (f"stopped after {timeout:g} s (the evaluation time "
                                   f"limit); the evaluation worker was restarted")
                return outcome
            except asyncio.CancelledError:
                await self._restart()
                raise
            except (BrokenPipeError, ConnectionResetError) as e:
                await self._restart()
                outcome.failure = f"the evaluation worker stopped: {e}"
                return outcome

    async def _restart(self) -> None:
        self.restarts += 1
        await self.kill()
        self.start_soon()

    async def close(self) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
        await self.kill()


if __name__ == "__main__":
    worker_main()

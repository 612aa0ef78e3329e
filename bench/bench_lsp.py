"""Language-server latency on a large file (issue 5, acceptance 3). Not a test.

For a generated Klong file (5,000 lines by default) it times what the server does:

  cold open       split into chunks, parse and analyse everything, publish diagnostics
  edit: ...       after one edit: re-parse (only the touched chunks) plus the diagnostics of
                  the whole file, converted to LSP objects as the server publishes them
  hover on a name the static hover (definition lookup in the whole file included)

Targets: re-parse plus diagnostics under 50 ms, hover under 20 ms. For comparison it also
times a full `parse_tolerant` of the text (what every edit would cost without chunks).

    python bench/bench_lsp.py                # 5,000 lines, 30 repeats per edit kind
    python bench/bench_lsp.py --lines 20000 --repeat 10 --json out.json
    python bench/bench_lsp.py --server       # also through the real server over stdio:
                                             # didChange -> publishDiagnostics, hover
    python bench/bench_lsp.py --cold 1       # also fresh servers (issue 15): start ->
                                             # initialize response (recorded answer and
                                             # first start), start -> ready, didOpen of a
                                             # 1 MB file -> its first diagnostics
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Callable, Dict, List

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from klong.syntax.parser import parse_tolerant  # noqa: E402
from klong_lsp import analysis  # noqa: E402
from klong_lsp.analysis import Document  # noqa: E402
from klong_lsp.features.common import DocView  # noqa: E402
from klong_lsp.features.diagnostics import document_diagnostics  # noqa: E402
from klong_lsp.features.hover import static_hover  # noqa: E402

BLOCK = [
    ':" ---- section {i}: helpers and data "',
    "sq{i}::{{x*x}}",
    "norm{i}::{{[s n];s::+/x*x;n::s^0.5;x%n}}",
    "clip{i}::{{:[x>y;y:|x<-y;-y;x]}}",
    "w{i}::[0.5 -1.25 3.0 {i}]",
    "loss{i}::{{+/sq{i}'(x*w{i})-1}}",
    "g{i}::loss{i}:>w{i}",
    "step{i}::{{w{i}::w{i}-0.01*loss{i}:>w{i}}}",
    'name{i}::"item ",$#w{i}',
    "d{i}:::{{[:a 1] [:b 2]}}",
    "total{i}::+/norm{i}(w{i})",
    "{i}{{x+1}}:*0",
]


def generate(lines: int) -> str:
    """A Klong program of `lines` lines built from the block above (12 lines each)."""
    out: List[str] = []
    i = 0
    while len(out) < lines:
        out.extend(line.format(i=i) for line in BLOCK)
        i += 1
    return "\n".join(out[:lines]) + "\n"


def timed(fn: Callable[[], object], repeat: int) -> List[float]:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def summary(times: List[float]) -> Dict[str, float]:
    ordered = sorted(times)
    return {"median_ms": statistics.median(ordered),
            "p90_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
            "max_ms": ordered[-1], "n": len(ordered)}


async def _server_round_trips(text: str, repeat: int) -> Dict[str, Dict[str, float]]:
    """Edits and hovers through `python -m klong_lsp` over stdio (debounce 0): the time from
    sending didChange to receiving the diagnostics of that version, and of a hover."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    published: Dict[int, float] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            published[params.version] = time.perf_counter()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    await client.start_io(sys.executable, "-m", "klong_lsp", env=env)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        initialization_options={"klong": {"diagnostics": {"debounce": 0}}}))
    client.initialized(types.InitializedParams())
    uri = "file:///bench/bench.kg"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="klong", version=1,
                                             text=text)))
    lines = text.split("\n")
    mid = len(lines) // 2
    target = next(k for k in range(mid, len(lines)) if lines[k].startswith("w"))
    col = lines[target].index("0.5")
    name_line = next(k for k in range(target, len(lines)) if lines[k].startswith("total"))
    name_col = lines[name_line].index("norm")
    await _wait(published, 1, 600)
    edit_times, hover_times = [], []
    for n in range(repeat):
        version = n + 2
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=target, character=col + 2),
                                  end=types.Position(line=target, character=col + 3)),
                text=str(n % 9 + 1))]))
        await _wait(published, version, 60)
        edit_times.append((published[version] - sent) * 1000)
        sent = time.perf_counter()
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=name_line, character=name_col)))
        hover_times.append((time.perf_counter() - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"server: didChange -> publishDiagnostics": summary(edit_times),
            "server: hover request -> response": summary(hover_times)}


async def _server_cold(text: str, cache: str, at_once: bool) -> Dict[str, float]:
    """One fresh `python -m klong_lsp` recording its initialize answers in `cache`: seconds
    from starting it to the initialize response, and to the first diagnostics of `text`.
    With `at_once` the didOpen follows the initialize response at once, as an editor started
    on that file sends it; otherwise it waits until the server answers a first request
    (pygls is loaded: see klong_lsp.handshake), then one second more (the evaluation workers
    it starts meanwhile have started), and times didOpen -> diagnostics on a running
    server, as when a file is opened in an editor already running."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    published: Dict[int, float] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            published.setdefault(params.version, time.perf_counter())

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
               KLONG_LSP_CACHE=cache)
    uri = "file:///bench/big.kg"
    start = time.perf_counter()
    await client.start_io(sys.executable, "-m", "klong_lsp", env=env)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        initialization_options={"klong": {"diagnostics": {"debounce": 0}}}))
    out = {"init": time.perf_counter() - start}
    client.initialized(types.InitializedParams())
    if not at_once:
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0)))
        out["ready"] = time.perf_counter() - start
        await asyncio.sleep(1.0)
    sent = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="klong", version=1,
                                             text=text)))
    await _wait(published, 1, 600)
    out["open" if not at_once else "total"] = published[1] - (sent if not at_once else start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def server_cold_lines(mb: float, runs: int) -> Dict[str, Dict[str, float]]:
    """Start-up and the first diagnostics of a file of `mb` megabytes, in fresh servers: the
    first with no recorded initialize answer, then `runs` of each kind alternately."""
    n = 1200
    for _ in range(3):       # later lines are longer (bigger numbers): home in on the size
        n = int(n * mb * 1e6 / len(generate(n))) + 1
    text = generate(n)
    mb_text = f"{len(text) / 1e6:.2f} MB"
    with tempfile.TemporaryDirectory() as cache:
        first = asyncio.run(_server_cold(text, cache, at_once=False))
        ready, at_once = [], []
        for _ in range(runs):
            ready.append(asyncio.run(_server_cold(text, cache, at_once=False)))
            at_once.append(asyncio.run(_server_cold(text, cache, at_once=True)))
    return {"server: start -> initialize response, nothing recorded yet (first start)":
            summary([first["init"] * 1000]),
            "server: start -> initialize response (target 300 ms)":
            summary([g["init"] * 1000 for g in ready + at_once]),
            "server: start -> ready (pygls loaded, a first request answered)":
            summary([g["ready"] * 1000 for g in ready]),
            f"server: didOpen {mb_text} on a running server -> first diagnostics "
            "(target 1000 ms)": summary([g["open"] * 1000 for g in ready]),
            f"server: start -> first diagnostics, didOpen {mb_text} right after initialize":
            summary([g["total"] * 1000 for g in at_once])}


async def _wait(published: Dict[int, float], version: int, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while version not in published:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no diagnostics for version {version}")
        await asyncio.sleep(0.001)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--json", metavar="PATH")
    ap.add_argument("--server", action="store_true",
                    help="also measure through the real server over stdio")
    ap.add_argument("--cold", type=float, metavar="MB", default=0,
                    help="also start fresh servers: time to the initialize response and "
                         "from opening a file of MB megabytes to its first diagnostics")
    ap.add_argument("--cold-runs", type=int, default=5)
    args = ap.parse_args()

    text = generate(args.lines)
    lines = text.split("\n")
    mid = len(lines) // 2
    results: Dict[str, Dict[str, float]] = {}

    # full parse, the cost without chunks
    results["full parse_tolerant (for comparison)"] = summary(
        timed(lambda: parse_tolerant(text), max(3, args.repeat // 10)))

    # cold open: nothing cached
    def cold() -> None:
        analysis._CACHE.clear()
        doc = Document(text)
        document_diagnostics(DocView("file:///bench.kg", doc))
    results["cold open (parse + analyse + diagnostics)"] = summary(
        timed(cold, max(3, args.repeat // 10)))

    analysis._CACHE.clear()
    doc = Document(text)
    view = DocView("file:///bench.kg", doc)
    document_diagnostics(view)
    state = {"n": 0}

    def edit(make: Callable[[int], str]) -> Callable[[], None]:
        def run() -> None:
            state["n"] += 1
            new = make(state["n"])
            doc.update(new)
            document_diagnostics(DocView("file:///bench.kg", doc))
        return run

    def replace_line(k: int, new_line: str) -> str:
        copy = list(lines)
        copy[k] = new_line
        return "\n".join(copy)

    def restore() -> None:
        doc.update(text)

    target = next(k for k in range(mid, len(lines)) if lines[k].startswith("w"))
    fn_line = next(k for k in range(mid, len(lines)) if lines[k].startswith("sq"))
    edits = {
        "edit: change a number in a line": lambda n: replace_line(
            target, lines[target].replace("0.5", f"0.{n % 9 + 1}")),
        "edit: rename a definition": lambda n: replace_line(
            fn_line, lines[fn_line].replace("sq", f"sqx{n % 7}", 1)),
        "edit: insert a line": lambda n: replace_line(
            mid, f"extra{n % 5}::{n}\n" + lines[mid]),
        "edit: type an unclosed {": lambda n: replace_line(
            mid, lines[mid] + "; h::{x+" + str(n % 9)),
    }
    for label, make in edits.items():
        results[label] = summary(timed(edit(make), args.repeat))
        restore()
        document_diagnostics(DocView("file:///bench.kg", doc))

    # hover on a name in the middle of the file (its definitions looked up everywhere)
    view = DocView("file:///bench.kg", doc)
    line = next(k for k in range(mid, len(lines)) if lines[k].startswith("total"))
    col = lines[line].index("norm")
    offset = view.index.offset(line, col)
    hover_times = timed(lambda: static_hover(view, offset), args.repeat)
    assert static_hover(view, offset) is not None
    results["hover on a name (warm)"] = summary(hover_times)

    def hover_after_edit() -> None:
        state["n"] += 1
        doc.update(replace_line(line - 1, lines[line - 1].replace("1 2", f"1 {state['n']}")))
        v = DocView("file:///bench.kg", doc)
        static_hover(v, v.index.offset(line, col))
    results["hover on a name in the chunk just edited"] = summary(
        timed(hover_after_edit, args.repeat))

    if args.server:
        results.update(asyncio.run(_server_round_trips(text, args.repeat)))
    if args.cold:
        results.update(server_cold_lines(args.cold, args.cold_runs))

    width = max(map(len, results))
    print(f"klong-lsp on {args.lines} lines ({len(text):,} characters), "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'':<{width}}  {'median ms':>10}  {'p90 ms':>8}  {'max ms':>8}")
    for label, r in results.items():
        print(f"{label:<{width}}  {r['median_ms']:>10.1f}  {r['p90_ms']:>8.1f}  "
              f"{r['max_ms']:>8.1f}")
    edits_ok = all(results[k]["median_ms"] < 50 for k in edits)
    hover_ok = results["hover on a name (warm)"]["median_ms"] < 20
    print(f"re-parse + diagnostics < 50 ms: {'yes' if edits_ok else 'NO'}; "
          f"hover < 20 ms: {'yes' if hover_ok else 'NO'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"lines": args.lines, "chars": len(text), "results": results}, f,
                      indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

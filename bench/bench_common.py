"""Shared by bench_core.py (klong + numpy) and klongpy_worker.py (KlongPy).

Only the standard library and numpy are used here, so that the KlongPy worker can import
this module from its own scratch venv. Everything that must be identical on each side -- the
inputs, the Klong sources, the generated parse programs and the timing method -- lives here.
"""

from __future__ import annotations

import gc
import itertools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Optional

import numpy as np

# ---------------------------------------------------------------------------------------------
# Inputs

SEED = 0


def make_inputs(n: int) -> dict[str, np.ndarray]:
    """Float64 vectors a, b, c and int64 vectors ia, ib, s of length n, the same on every side
    for a given n.

    a is in [1, 2) and b, c in [0, 1), so (a+1)-(b*c) lies in (1, 3]: no division by zero, no
    overflow, nothing that could push an interpreter onto an error path. ia and ib are in
    [-10^6, 10^6) (their sums and products fit int64); s holds small ints, -1 and 1, so that
    its product fits too.
    """
    rng = np.random.default_rng(SEED)
    return {
        "a": rng.uniform(1.0, 2.0, n),
        "b": rng.uniform(0.0, 1.0, n),
        "c": rng.uniform(0.0, 1.0, n),
        "ia": rng.integers(-1_000_000, 1_000_000, n, dtype=np.int64),
        "ib": rng.integers(-1_000_000, 1_000_000, n, dtype=np.int64),
        "s": rng.choice(np.array([-1, 1], dtype=np.int64), n),
    }


# ---------------------------------------------------------------------------------------------
# Workloads


@dataclass(frozen=True)
class Workload:
    """One line of the table.

    kind:
      "expr"  -- evaluate `src` repeatedly in one interpreter (compile caches allowed);
      "cold"  -- evaluate `src` (format string with {i}) once in each of many fresh
                 interpreters, each with a source text it has never seen;
      "parse" -- parse (do not evaluate) a freshly generated 200-line program every call.
    inputs: names from make_inputs(n) to set as globals before timing.
    setup: Klong source evaluated once before timing (e.g. a function definition).
    target: (kind, value) with kind "klong/numpy<=" or "klongpy/klong>=", or None.
    """

    id: str
    label: str
    kind: str
    src: str = ""
    n: int = 0
    inputs: tuple[str, ...] = ()
    setup: str = ""
    numpy_src: str = ""  # shown in docs; the callable is in bench_core.NUMPY
    target: tuple[str, float] | None = None
    notes: str = field(default="", compare=False)


PARSE_LINES = 200

WORKLOADS: list[Workload] = [
    Workload("add_1m", "a+b  (1M)", "expr", "a+b", 1_000_000, ("a", "b"),
             numpy_src="a+b", target=("klong/numpy<=", 1.15)),
    Workload("add_100k", "a+b  (100K)", "expr", "a+b", 100_000, ("a", "b"),
             numpy_src="a+b", target=("klong/numpy<=", 1.5)),
    Workload("chain_1m", "(a*2+b*3)%(a+1)-(b*c)  (1M)", "expr",
             "(a*2+b*3)%(a+1)-(b*c)", 1_000_000, ("a", "b", "c"),
             numpy_src="(a*(2+b*3))/((a+1)-(b*c))", target=("klong/numpy<=", 1.2)),
    Workload("maxscan_1m", "|\\a  (1M)", "expr", "|\\a", 1_000_000, ("a",),
             numpy_src="np.maximum.accumulate(a)", target=("klong/numpy<=", 2.0)),
    Workload("drawdown_1m", "|/(|\\a)-a  (1M)", "expr", "|/(|\\a)-a", 1_000_000, ("a",),
             numpy_src="np.max(np.maximum.accumulate(a)-a)", target=("klong/numpy<=", 2.0)),
    Workload("grade_100k", "<a  (100K)", "expr", "<a", 100_000, ("a",),
             numpy_src='np.argsort(a, kind="stable")', target=("klong/numpy<=", 1.3)),
    # the same grade (stable) against NumPy's default, unstable sort
    Workload("grade_100k_quick", "<a  (100K) vs unstable sort", "expr", "<a", 100_000, ("a",),
             numpy_src="np.argsort(a)", target=("klong/numpy<=", 1.2)),
    # exact integers (language document §4): int64 work checks its range before it runs
    Workload("iadd_1m", "ia+ib  (1M int64)", "expr", "ia+ib", 1_000_000, ("ia", "ib"),
             numpy_src="ia+ib", target=("klong/numpy<=", 1.25)),
    Workload("imul_1m", "ia*ib  (1M int64)", "expr", "ia*ib", 1_000_000, ("ia", "ib"),
             numpy_src="ia*ib", target=("klong/numpy<=", 1.25)),
    Workload("isum_1m", "+/s  (1M small ints)", "expr", "+/s", 1_000_000, ("s",),
             numpy_src="np.add.reduce(s)", target=("klong/numpy<=", 1.25)),
    Workload("iprod_1m", "*/s  (1M small ints)", "expr", "*/s", 1_000_000, ("s",),
             numpy_src="np.multiply.reduce(s)", target=("klong/numpy<=", 1.25)),
    Workload("imaxscan_1m", "|\\ia  (1M int64)", "expr", "|\\ia", 1_000_000, ("ia",),
             numpy_src="np.maximum.accumulate(ia)", target=("klong/numpy<=", 1.25)),
    Workload("scalar_cached", "1+2  (cached)", "expr", "1+2",
             target=("klongpy/klong>=", 4.0)),
    Workload("scalar_cold", "1+N  (cold: fresh interp, unseen src)", "cold", "1+{i}",
             notes="each sample: a new interpreter and a source text it has never seen"),
    Workload("fib20", "fib(20)", "expr", "fib(20)",
             setup="fib::{:[x<2;x;fib(x-1)+fib(x-2)]}", target=("klongpy/klong>=", 8.0)),
    Workload("each_sq_10k", "{x*x}'!10000", "expr", "{x*x}'!10000",
             numpy_src="x*x  (x=np.arange(10000))", target=("klong/numpy<=", 20.0)),
    Workload("parse_200", f"parse {PARSE_LINES}-line program (fresh text)", "parse",
             target=("klongpy/klong>=", 3.0)),
    # the same parse next to Python's compile() of the same program written in Python
    Workload("parse_200_py", f"parse {PARSE_LINES} lines vs Python compile()", "parse",
             numpy_src="compile(make_python_program(i), ...)", target=("klong/numpy<=", 2.0)),
]

WORKLOADS_BY_ID = {w.id: w for w in WORKLOADS}


def select(ids: list[str] | None) -> list[Workload]:
    if not ids:
        return list(WORKLOADS)
    return [WORKLOADS_BY_ID[i] for i in ids]


# ---------------------------------------------------------------------------------------------
# Generated programs for the parse workload


def _line_constants(variant: int, lines: int):
    """For each line after the header: its number i, the constants c and d it is written
    with, and its kind t (one of 12). make_program and make_python_program share them, so
    their programs stay line for line the same."""
    for i in range(1, lines):
        yield (i, 1 + (variant * 7919 + i * 31) % 997, 2 + (variant * 104729 + i * 17) % 89,
               (i - 1) % 12)


def make_program(variant: int, lines: int = PARSE_LINES) -> str:
    """A deterministic, realistic Klong program of `lines` lines.

    Every variant has a different text (its constants depend on `variant`), so no parse cache
    can serve a repetition. It has function definitions with locals, conditionals (including
    the multi-branch form), adverbs (each, over, scan, while), list, string, symbol and
    dictionary literals, projections, calls and comments. Every line is valid Klong: the whole
    program also evaluates without error (checked once against KlongPy).
    """
    out = [f':"generated benchmark program, variant {variant}"']
    for i, c, d, t in _line_constants(variant, lines):
        if t == 0:
            out.append(f"f{i}::{{[s t];s::x*{c};t::s+y;:[t>{c + d};t-{d};t+{d}]}}")
        elif t == 1:
            out.append(f"v{i}::[{c} {c + 1} {d} 3.5 -{d} {c}.25]")
        elif t == 2:
            out.append(f's{i}::"line {i} of variant {variant}: {c} and {d}"')
        elif t == 3:
            out.append(f"r{i}::+/{{x*x}}'!{d}")
        elif t == 4:
            out.append(f"m{i}::|\\[{c} 2 {d} 4 {c % 13}]")
        elif t == 5:
            out.append(f'g{i}::{{:[x<{d};"lo":|x>{c + d};"hi";"mid"]}}')
        elif t == 6:
            out.append(f'd{i}:::{{[1 {c}] [2 "two"] [:k{d} [{d} {c}]]}}')
        elif t == 7:
            out.append(f"w{i}::{{x,y}}/[[1 2] [3 {c}] [{d} 6]]")
        elif t == 8:
            out.append(f'h{i}::f{i - 8}({c};{d})  :"call the function of line {i - 8}"')
        elif t == 9:
            out.append(f"p{i}::{{x+y*{c}}}(;{d});q{i}::p{i}({d})")
        elif t == 10:
            out.append(f'u{i}::g{i - 5}({c}),"/",$#(!{d})?{d % 7};z{i}::{{x<{c}}}{{x*2}}:~1')
        else:
            out.append(f"o{i}::{{x@<x}}([{c} {d} 1 {c % 7}]);k{i}::[:abc :def {c}]")
    return "\n".join(out) + "\n"


def make_python_program(variant: int, lines: int = PARSE_LINES) -> str:
    """make_program's program written in Python, line for line (one Klong line, one Python
    line): what Python's own `compile()` is timed on next to klong's parse. The same
    definitions, literals, conditionals, lambdas, calls, folds and comments; it compiles
    (it is not run: the names of its imports are not bound)."""
    out = [f"# generated benchmark program, variant {variant}"]
    for i, c, d, t in _line_constants(variant, lines):
        if t == 0:
            out.append(f"def f{i}(x, y): s = x*{c}; t = s+y; "
                       f"return t-{d} if t>{c + d} else t+{d}")
        elif t == 1:
            out.append(f"v{i} = [{c}, {c + 1}, {d}, 3.5, -{d}, {c}.25]")
        elif t == 2:
            out.append(f's{i} = "line {i} of variant {variant}: {c} and {d}"')
        elif t == 3:
            out.append(f"r{i} = sum(map(lambda x: x*x, range({d})))")
        elif t == 4:
            out.append(f"m{i} = list(accumulate([{c}, 2, {d}, 4, {c % 13}], max))")
        elif t == 5:
            out.append(f'g{i} = lambda x: "lo" if x<{d} else "hi" if x>{c + d} else "mid"')
        elif t == 6:
            out.append(f'd{i} = {{1: {c}, 2: "two", "k{d}": [{d}, {c}]}}')
        elif t == 7:
            out.append(f"w{i} = reduce(lambda x, y: x+y, [[1, 2], [3, {c}], [{d}, 6]])")
        elif t == 8:
            out.append(f"h{i} = f{i - 8}({c}, {d})  # call the function of line {i - 8}")
        elif t == 9:
            out.append(f"p{i} = partial(lambda x, y: x+y*{c}, y={d}); q{i} = p{i}({d})")
        elif t == 10:
            out.append(f'u{i} = g{i - 5}({c})+"/"+str(len([j for j in range({d}) '
                       f'if j == {d % 7}])); z{i} = until(lambda x: x<{c}, lambda x: x*2, 1)')
        else:
            out.append(f'o{i} = (lambda x: sorted(x))([{c}, {d}, 1, {c % 7}]); '
                       f'k{i} = ["abc", "def", {c}]')
    return "\n".join(out) + "\n"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux: /proc; else nan)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# Timing: the same method for numpy, klong and KlongPy

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = time.perf_counter


def set_clock(name: str) -> None:
    """Pick the clock: "wall" is perf_counter (timeit's default); "cpu" is process_time, the
    CPU time of this process, which leaves out the time other processes of a busy machine hold
    the core."""
    global _clock
    _clock = CLOCKS[name]


def loop_batch(fn):
    """run_batch(n) -> seconds taken by n calls of fn(), gc off (as timeit does)."""

    def run(n: int) -> float:
        it = itertools.repeat(None, n)
        gc_was = gc.isenabled()
        gc.disable()
        try:
            t0 = _clock()
            for _ in it:
                fn()
            t1 = _clock()
        finally:
            if gc_was:
                gc.enable()
        return t1 - t0

    return run


_program_counter = itertools.count()


def parse_batch(parse):
    """run_batch(n) -> seconds to parse n never-seen programs (generated outside the timing)."""

    def run(n: int) -> float:
        srcs = [make_program(next(_program_counter)) for _ in range(n)]
        gc_was = gc.isenabled()
        gc.disable()
        try:
            t0 = _clock()
            for s in srcs:
                parse(s)
            t1 = _clock()
        finally:
            if gc_was:
                gc.enable()
        return t1 - t0

    return run


def calibrate(run_batch, min_time: float) -> int:
    """timeit's autorange: the first loop count in 1, 2, 5, 10, 20, 50, ... whose batch lasts
    at least min_time seconds."""
    n = 1
    while run_batch(n) < min_time:
        n = _next_loops(n)
    return n


def best_of(run_batch, repeat: int, min_time: float) -> dict:
    """Best per-call time over `repeat` batches of a calibrated loop count."""
    return best_of_group({"x": run_batch}, repeat, min_time)["x"]


def best_of_group(batches: dict, repeat: int, min_time: float) -> dict:
    """best_of for several contenders at once, their batches interleaved round by round
    (A B A B ...), so that slow phases of a noisy machine hit them alike. Each contender keeps
    its own calibrated loop count and its own best."""
    loops = {name: calibrate(rb, min_time) for name, rb in batches.items()}
    times: dict = {name: [] for name in batches}
    for _ in range(repeat):
        for name, rb in batches.items():
            times[name].append(rb(loops[name]) / loops[name])
    out = {}
    for name, ts in times.items():
        best = min(ts)
        out[name] = {"seconds": best, "loops": loops[name], "repeat": repeat,
                     "spread": (max(ts) - best) / best if best > 0 else 0.0}
    return out


def _next_loops(n: int) -> int:
    s = str(n)
    head, zeros = int(s[0]), len(s) - 1
    nxt = {1: 2, 2: 5, 5: 10}[head]
    return nxt * 10 ** zeros


def best_cold(make_interp, src_template: str, samples: int) -> dict:
    """Best single-shot time of the first evaluation in a fresh interpreter, with a source text
    seen by no one before (so neither a per-interpreter nor a global cache can help)."""
    times = []
    for i in range(samples):
        interp = make_interp()
        src = src_template.format(i=1_000 + i)
        gc_was = gc.isenabled()
        gc.disable()
        try:
            t0 = _clock()
            interp(src)
            t1 = _clock()
        finally:
            if gc_was:
                gc.enable()
        times.append(t1 - t0)
    return {"seconds": min(times), "loops": 1, "repeat": samples,
            "spread": (max(times) - min(times)) / min(times) if min(times) > 0 else 0.0}


# ---------------------------------------------------------------------------------------------
# Result fingerprints (to check that each side computed the same thing)


def fingerprint(value) -> dict:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return {"repr": repr(value)[:80]}
    flat = arr.ravel()
    weights = np.linspace(1.0, 2.0, flat.size)  # position-sensitive: catches permutations
    return {
        "shape": list(arr.shape),
        "sum": float(flat.sum()) if flat.size else 0.0,
        "wsum": float(flat @ weights) if flat.size else 0.0,
        "head": [float(x) for x in flat[:5]],
        "tail": [float(x) for x in flat[-5:]],
    }


def same_fingerprint(a: dict, b: dict, rtol: float = 1e-9) -> bool:
    if "repr" in a or "repr" in b:
        return a == b
    if a["shape"] != b["shape"]:
        return False
    xs = [a["sum"], a["wsum"], *a["head"], *a["tail"]]
    ys = [b["sum"], b["wsum"], *b["head"], *b["tail"]]
    return bool(np.allclose(xs, ys, rtol=rtol, atol=0.0))


def serve(versions: Callable[[], dict], prepare: Callable[[Any], tuple], workloads: dict,
          extra: Optional[Dict[str, Callable[[dict], dict]]] = None) -> int:
    """The KlongPy workers' line protocol: one JSON request per stdin line, one JSON reply
    per stdout line (versions, prepare, batch, release, quit, plus `extra` commands).
    Anything KlongPy itself prints goes to stderr, so replies stay parseable."""
    import json
    import os
    import sys
    import traceback
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout = sys.stderr
    prepared: dict = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        cmd = req.get("cmd")
        if cmd == "quit":
            break
        try:
            if cmd == "versions":
                reply = versions()
            elif cmd == "prepare":
                run_batch, reply = prepare(workloads[req["id"]])
                prepared[req["id"]] = run_batch
            elif cmd == "batch":
                reply = {"seconds": prepared[req["id"]](int(req["n"]))}
            elif cmd == "release":
                prepared.pop(req["id"], None)
                reply = {}
            elif extra and cmd in extra:
                reply = extra[cmd](req)
            else:
                reply = {"error": f"unknown command {cmd!r}"}
        except Exception as e:
            reply = {"error": f"{type(e).__name__}: {e}",
                     "traceback": traceback.format_exc(limit=3)}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


class WorkerClient:
    """The other end of serve(): a worker script run by the KlongPy venv's python."""

    def __init__(self, argv: list, cwd: str, env: Optional[dict] = None):
        import subprocess
        self.proc = subprocess.Popen([str(a) for a in argv], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=cwd, env=env)

    def request(self, **req: Any) -> dict:
        import json
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"klongpy worker died (exit {self.proc.wait()})")
        return json.loads(line)

    def batch(self, wid: str) -> Callable[[int], float]:
        def run(n: int) -> float:
            reply = self.request(cmd="batch", id=wid, n=n)
            if "error" in reply:
                raise RuntimeError(reply["error"])
            return reply["seconds"]
        return run

    def close(self) -> None:
        import subprocess
        try:
            self.request(cmd="quit")
        except (OSError, RuntimeError, ValueError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

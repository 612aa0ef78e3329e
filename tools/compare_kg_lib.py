"""Compare klong with nmh's kg on calls of the reference library's math, nstat and spline.

Usage:
    python tools/compare_kg_lib.py --kg /tmp/kg/kg --lib /tmp/kg/lib [--klong CMD]
                                   [--timeout SECONDS] [--only SUBSTRING] [--width N]

An acceptance check, not a test: it needs kg and a copy of the reference library, which
CI does not have, so no test may import it.  Each call below (written here, with arguments
chosen here; nothing is copied from the library) runs in both interpreters with
KLONGPATH=--lib: one process per module and interpreter, which loads the module once and
then evaluates every call through `.E`, printing the written form of its value between
markers.  An error ends that process; the run resumes after the failing call, so one
error costs one call.  A call with no new output for --timeout seconds is killed the
same way.  Outputs are compared token by token: integers, symbols, strings and chars
exactly, reals to 9 significant digits, lists elementwise at any depth; two errors pass
when kg's message ends klong's.  One line per call (PASS/FAIL, the call, kg's output,
klong's output), then a summary; the exit status is 1 if any call failed.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shlex
import subprocess
import sys
import tempfile
import threading
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

# ------------------------------------------------------------------------- the calls

# Data used by several calls (our own numbers).
_D = "d::[2 4 4 4 5 5 7 9]"
_D2 = "d2::[1 3 2 5 4 6 8 9]"
_XY = "s::[[1 2.1] [2 3.9] [3 6.2] [4 7.8] [5 10.1] [6 12.2]]"
_XY8 = "s8::[[1 2.1] [2 3.9] [3 6.2] [4 7.8] [5 10.1] [6 12.2] [7 13.8] [8 16.1]]"
_FT = "ft::[[1 2] [2 5] [3 3] [5 1]]"
_CT = "ct::[[12 18 20] [30 25 15]]"
_M3 = "m3::[[2 1 -1 8] [-3 -1 2 -11] [-2 1 2 -3]]"
_SP = "sp0::spline([[0 1.0] [1 2.5] [3 2.0] [4 0.5] [6 1.5]])"

MATH: List[str] = [
    ".fastpow",
    ".md",
    "pow(2;10)", "pow(2.5;1.5)", "pow(2;-3)", "pow(0;3)", "pow(9;0.5)",
    "2^0.5", "3^4", "1.5^2.5",
    "e", "pi",
    "sgn'[-3.5 0 7 -2]",
    "rnd(2.5)", "rnd(-2.5)", "rnd(2.49)", "rnd(-7.6)",
    "rndn(3.14159;2)", "rndn(-2.71828;3)",
    # rn and ri are random: check type and range instead
    "r::rn(0);(~r<0)&r<1",
    "q::ri(10);(q=_q),(~q<0),q<10",
    "th(1234567)", "th(999)", "th(1000)",
    "gcd(12;18)", "gcd(17;5)", "gcd(0;9)", "lcm(4;6)", "lcm(21;6)",
    "exp(1.87)", "exp(-0.5)", "exp(10)", "exp(0)", "exp(100)", "exp(-20)",
    "ln(2.5)", "ln(100)", "ln(0.3)", "ln(1000000)", "ln(1e-10)", "ln(0)",
    "log(10;1000)", "log(2;8)", "log(3;10)",
    "sin(1)", "sin(-2)", "sin(4)", "cos(1)", "cos(2.5)", "tan(0.5)", "tan(-1.2)",
    "asin(0.5)", "acos(0.5)", "atan(0.5)",
    "atan2(1;1)", "atan2(-1;0.5)", "atan2(2;-3)", "atan2(0;1)", "atan2(-3;-4)",
    "sqr(2)", "sqr(144)", "sqr(0)", "sqr(1e20)", "nrt(3;27)", "nrt(5;2)", "nrt(3;-8)",
    "cadd(1,2;3,4)", "csub(1,2;3,4)", "cmul(1,2;3,4)", "cdiv(1,2;3,4)", "cdiv(5,-2;1,1)",
    "cexp(1,0.5)", "cabs(3,4)", "cabs(1,1)",
    "fft([1 2 3 4])", "fft([1 0 -1 0 2])", "fft(!8)",
    "gamln(4.5)", "gamln(10)", "gam(4.5)", "gam(5)", "gam(0.5)", "gam(20)",
    "gamp(2;1.5)", "gamp(3;5)", "gamq(2;1.5)", "gamq(3;5)",
    "lgam(2;1.5)", "ugam(2;1.5)",
    "beta(2;3)", "beta(0.5;0.5)",
    "ibeta(0.3;2;3)", "rbeta(0.3;2;3)", "rbeta(0.8;2;3)", "rbeta(0.5;10;10)",
    "matp([[1 2] [3 4]];[[5 6] [7 8]])", "matp([[1 2 3]];[[1] [2] [3]])",
    _M3 + ";elim(m3)", _M3 + ";subst(elim(m3))", _M3 + ";gauss(m3)",
    "gauss([[1 3 -4 8] [0 2 -2 6] [-1 -2 5 -1]])", "gauss([[4 -2 1 11] [-2 4 -2 -16] [1 -2 4 17]])",
    "primes(30)", "primes(1)", "prime(97)", "prime(91)", "prime(2)",
    "bisect({(x*x)-2})", "regf({(x*x)-2};0;2)", "regf({cos(x)-x};0;1)",
]

NSTAT: List[str] = [
    "kp(2;5)", "kp(3;10)", "kp(20;30)", "kc(2;5)", "kc(0;4)", "kc(3;10)", "kc(30;60)",
    "rcp(0.01;0.9;0.95)",
    _D + ";mu(d)", _D + ";Q(0.25;d)", _D + ";Q(0.5;d)", _D + ";M(d)", "M([3 1 2])",
    "Q(0;[3 1 4 1 5])", "Q(1;[3 1 4 1 5])",
    _D + ";mo(d)", "mo([1 2 2 3 3])", 'mo("abracadabra")', _D + ";mod(d)", _D + ";rng(d)",
    _D + ";var(d)", _D + ";" + _D2 + ";cov(d;d2)", _D + ";" + _D2 + ";cor(d;d2)",
    _D + ";sd(d)", _D + ";svar(d)", _D + ";ssd(d)",
    _XY + ";lreg(s)", _XY + ";lr(3.5;lreg(s))",
    _D + ";hist(4;d)", _D + ";hist(2;d)", _D + ";seg(4;d)",
    _XY + ";l::lreg(s);rss(s;{lr(x;l)})", _XY + ";l::lreg(s);rse(s;{lr(x;l)})",
    _XY + ";tss(s)", _XY + ";l::lreg(s);r2(s;{lr(x;l)})", _XY + ";l::lreg(s);mse(s;{lr(x;l)})",
    "rss.set([1 2 3 4];[1.1 1.9 3.2 3.9])", "rse.set([1 2 3 4];[1.1 1.9 3.2 3.9])",
    "mse.set([1 2 3 4];[1.1 1.9 3.2 3.9])",
    "r2.set([[1 2] [2 4] [3 5]];[2.1 3.8 5.2])",
    _XY8 + ";spl(3;s8)",
    "cvset([[1 2] [2 4] [3 7]])", _XY + ";cve(lreg;lr;s)",
    "freq(ndf;5;[0 2])", "nfreq(ndf;5;[0 2])", "dist(ndf;10;[0 3])", "&dist(ndf;5;[0 2])",
    "fdist([1 2 2 3 3 3])", "fdist([5 1 5 2 5 1])",
    # shuffle and err are random: check shape and range instead
    "v::shuffle(!10);(#v),(v@<v)~!10",
    "w::err(10;1;1+!5);(#w),&/~(#w-1+!5)>0.5",
    "errdist(10)",
    _CT + ";ct.xsum(ct)", _CT + ";ct.ysum(ct)", _CT + ";ct.sum(ct)", _CT + ";ct.exp(ct)",
    _CT + ";ct.x2(ct)", _CT + ";ct.X2(ct)",
    "erf(0.5)", "erf(-1.2)", "erf(0)", "erf(2.5)",
    _FT + ";f.pmf(2;ft)", _FT + ";f.pmf(4;ft)", _FT + ";f.cdf(3;ft)", _FT + ";f.mu(ft)",
    _FT + ";f.M(ft)", _FT + ";f.mo(ft)", _FT + ";f.var(ft)",
    "f.add(:{[1 2]};1;3)", "g::f.add(:{[1 2]};4;3);(g?1),g?4",
    "r.pdf(1.5;1;3)", "r.pdf(4;1;3)", "r.cdf(1.5;1;3)", "r.cdf(0;1;3)", "r.mu(1;3)",
    "r.M(1;3)", "r.mo(1;3)", "r.var(1;3)", "r.skew(1;3)",
    "u.pmf(2;1;6)", "u.pmf(7;1;6)", "u.cdf(2.5;1;6)", "u.mu(1;6)", "u.M(1;6)",
    "u.var(1;6)", "u.skew(1;6)",
    "geo.pmf(3;0.2)", "geo.cdf(3;0.2)", "geo.mu(0.2)", "geo.M(0.2)", "geo.mo(0.2)",
    "geo.var(0.2)", "geo.skew(0.2)",
    "b.pmf(3;10;0.3)", "b.pmf(0;10;0.3)", "b.cdf(3;10;0.3)", "b.cdf(0;10;0.3)",
    "b.mu(10;0.3)", "b.M(10;0.3)",
    "b.mo(10;0.3)", "b.var(10;0.3)", "b.skew(10;0.3)",
    "hyp.pmf(2;10,0.3,50)", "hyp.cdf(3;10,0.3,50)", "hyp.mu(10;0.3;50)",
    "hyp.mo(10;0.3;50)", "hyp.var(10;0.3;50)", "hyp.skew(10;0.3;50)",
    "poi.pmf(3;2.5)", "poi.pmf(0;2.5)", "poi.cdf(3;2.5)", "poi.cdf(0;2)",
    "poi.mu(2.5)", "poi.M(2.5)",
    "poi.mo(2.5)", "poi.mo(3)", "poi.var(2.5)", "poi.skew(2.5)",
    "n.pdf(1;0;4)", "n.cdf(1;0;4)", "n.qf(0.9;0;4)", "n.mu(0;4)", "n.M(0;4)", "n.mo(0;4)",
    "n.var(0;4)", "n.skew(0;4)",
    "ndf(0.5)", "cdf(0.5)", "phi(-1)", "qf(0.9)",
    "ln.pdf(2;0;1)", "ln.cdf(2;0;1)", "ln.qf(0.7;0;1)", "ln.mu(0;1)", "ln.M(0;1)",
    "ln.mo(0;1)", "ln.var(0;1)", "ln.skew(0;1)",
    "x2.pdf(3;2)", "x2.cdf(3;2)", "x2.qf(3;0.5)", "x2.mu(3)", "x2.M(3)", "x2.mo(3)",
    "x2.var(3)", "x2.skew(3)",
    "t.pdf(5;1)", "t.cdf(5;1)", "t.cdf(5;-1)", "t.qf(5;0.9)", "t.mu(5)", "t.M(5)",
    "t.mo(5)", "t.var(5)", "t.var(2)", "t.skew(5)",
    "F.pdf(1;5;10)", "F.cdf(1;5;10)", "F.qf(0.5;5;10)", "F.mu(5;10)", "F.mu(5;2)", "F.mo(5;10)",
    "F.var(5;10)", "F.skew(5;10)",
    "tscore(2;4;10)", "zscore(1.5;1;4)", "fscore([2 1];[3 1.5])",
    "X2([10 20 30];[12 18 30])",
]

SPLINE: List[str] = [
    _SP,
    _SP + ";sp(2;sp0)", _SP + ";sp(0.5;sp0)", _SP + ";sp(5.5;sp0)", _SP + ";sp(7;sp0)",
    _SP + ";sp2(7;sp0)", _SP + ";sp2(-1;sp0)", _SP + ";sp2(3.5;sp0)",
    "spline([[0 0.0] [2 4.0]])", "sp(1;spline([[0 0.0] [2 4.0]]))",
    "s::spline([[0 0] [1 1] [2 0] [3 1]]);sp(;s)'[0 0.5 1 1.5 2 2.5 3]",
    "s::spline([[0 0] [1 1] [2 0] [3 1]]);sp2(;s)'[-1 0.25 4]",
]

# (group, program run once first, calls)
GROUPS: List[Tuple[str, str, List[str]]] = [
    # the last value of a file is its .comment's text, or a module's .module(0): kg gives 0
    # there, klong [] as the system document says (§ .module), so nstat's is left out
    ("load", "", ['.l("math");.l("nstat");.l("spline");1', '.l("spline")']),
    ("math", '.l("math")', MATH),
    ("nstat", '.l("nstat")', NSTAT),
    ("spline", '.l("spline")', SPLINE),
]

# ------------------------------------------------------------------------- running


TIMEOUT = "timeout"


class Outcome(NamedTuple):
    ok: bool      # a value was printed (else: an error or a timeout)
    text: str     # written value, or error message


def _quote(src: str) -> str:
    return '"' + src.replace('"', '""') + '"'


def _script(prefix: str, calls: Sequence[str], first: int) -> str:
    lines = [prefix] if prefix else []
    for i in range(first, len(calls)):
        lines += [f'.p("@@CASE {i}");.fl()',
                  f".w(.E({_quote(calls[i])}))",
                  f'.p("");.p("@@END {i}");.fl()']
    return "\n".join(lines) + "\n"


def _error_text(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return lines[0].strip() if lines else "(no message)"


def _run_once(cmd: List[str], script: str, env: Dict[str, str], cwd: str, timeout: float,
              results: Dict[int, Outcome]) -> Tuple[Optional[int], str, bool]:
    """Run one script; store finished calls.  Returns (call in progress, stderr, timed out)."""
    path = os.path.join(cwd, "compare.kg")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    proc = subprocess.Popen(cmd + [path], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=cwd, text=True,
                            encoding="utf-8", errors="replace")
    lines: "queue.Queue[Optional[str]]" = queue.Queue()
    err_chunks: List[str] = []

    def pump_out() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    def pump_err() -> None:
        err_chunks.append(proc.stderr.read())  # type: ignore[union-attr]

    threads = [threading.Thread(target=pump_out, daemon=True),
               threading.Thread(target=pump_err, daemon=True)]
    for t in threads:
        t.start()
    current: Optional[int] = None
    body: List[str] = []
    timed_out = False
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            timed_out = True
            proc.kill()
            break
        if line is None:
            break
        m = re.fullmatch(r"@@(CASE|END) (\d+)\n?", line)
        if m and m.group(1) == "CASE":
            current, body = int(m.group(2)), []
        elif m and current is not None:
            text = "".join(body)
            results[current] = Outcome(True, text[:-1] if text.endswith("\n") else text)
            current = None
        elif current is not None:
            body.append(line)
    proc.wait()
    for t in threads:
        t.join(timeout=5)
    return current, "".join(err_chunks), timed_out


def run_group(cmd: List[str], prefix: str, calls: Sequence[str], env: Dict[str, str],
              timeout: float) -> List[Outcome]:
    """Evaluate every call after running prefix; resume after each failing call."""
    results: Dict[int, Outcome] = {}
    with tempfile.TemporaryDirectory(prefix="compare_kg_lib.") as cwd:
        first = 0
        while first < len(calls):
            current, stderr, timed_out = _run_once(cmd, _script(prefix, calls, first), env,
                                                   cwd, timeout, results)
            failure = f"({TIMEOUT} after {timeout:g}s)" if timed_out else _error_text(stderr)
            if current is None and not any(i >= first for i in results):
                # stopped before its first call: the prefix (the module load) failed
                for i in range(first, len(calls)):
                    results[i] = Outcome(False, "(load failed) " + failure)
                break
            if timed_out or current is not None:
                failed = current if current is not None else max(results) + 1
                results[failed] = Outcome(False, failure)
                first = failed + 1
            else:
                # finished, or died between two calls: go on after the last one done
                first = max(results) + 1
                if first < len(calls) and first not in results:
                    results[first] = Outcome(False, _error_text(stderr))
                    first += 1
    return [results.get(i, Outcome(False, "(no output)")) for i in range(len(calls))]


# ------------------------------------------------------------------------- comparing

_TOKEN = re.compile(r'"(?:[^"]|"")*"|0c.|-?\d+(?:\.\d*)?(?:e[+-]?\d+)?|:\{|[\[\]{}]|[^\s\[\]{}]+',
                    re.S)
_INT = re.compile(r"-?\d+")
_REAL = re.compile(r"-?\d+(?:\.\d*)?(?:e[+-]?\d+)?")


def _same_real(a: float, b: float) -> bool:
    if a == b or f"{a:.8e}" == f"{b:.8e}":
        return True
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def compare_values(kg: str, kl: str) -> Optional[str]:
    """None if the written values agree, else a description of the first difference."""
    ta, tb = _TOKEN.findall(kg), _TOKEN.findall(kl)
    for i, (a, b) in enumerate(zip(ta, tb)):
        if a == b:
            continue
        if _INT.fullmatch(a) or _INT.fullmatch(b) or not (_REAL.fullmatch(a)
                                                          and _REAL.fullmatch(b)):
            return f"token {i}: {a} vs {b}"
        if not _same_real(float(a), float(b)):
            return f"token {i}: {a} vs {b} (reals differ at 9 digits)"
    if len(ta) != len(tb):
        return f"{len(ta)} tokens vs {len(tb)}"
    return None


def compare(kg: Outcome, kl: Outcome) -> Optional[str]:
    """None if the outcomes agree, else why not."""
    if kg.ok and kl.ok:
        return compare_values(kg.text, kl.text)
    if TIMEOUT in kg.text or TIMEOUT in kl.text:
        return "timeout"
    if not kg.ok and not kl.ok:
        message = re.sub(r'^kg: error: (?:"[^"]*": \d+: )?', "", kg.text)
        return None if kl.text.endswith(message) else "different errors"
    return "klong failed" if kg.ok else "kg failed"


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", "\\n")
    return text if width <= 0 or len(text) <= width else text[:width - 3] + "..."


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kg", required=True, help="the kg binary")
    ap.add_argument("--lib", required=True, help="directory with math.kg, nstat.kg, spline.kg")
    ap.add_argument("--klong", default=f"{shlex.quote(sys.executable)} -m klong",
                    help="command that runs a klong program file (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds a call may run without output (default: %(default)s)")
    ap.add_argument("--only", default="", help="run only calls containing this text")
    ap.add_argument("--width", type=int, default=160,
                    help="clip printed outputs to this width, 0 = never (default: %(default)s)")
    args = ap.parse_args(argv)

    env = dict(os.environ, KLONGPATH=os.path.abspath(args.lib))
    kg_cmd = [os.path.abspath(args.kg)]
    kl_cmd = shlex.split(args.klong)
    if os.sep in kl_cmd[0]:
        kl_cmd[0] = os.path.abspath(kl_cmd[0])  # the calls run in a temporary directory
    for cmd in (kg_cmd, kl_cmd):
        if not os.access(cmd[0], os.X_OK) and os.sep in cmd[0]:
            ap.error(f"not an executable: {cmd[0]}")
    failed = total = 0
    for group, prefix, calls in GROUPS:
        calls = [c for c in calls if args.only in c]
        if not calls:
            continue
        kg_out = run_group(kg_cmd, prefix, calls, env, args.timeout)
        kl_out = run_group(kl_cmd, prefix, calls, env, args.timeout)
        for call, a, b in zip(calls, kg_out, kl_out):
            why = compare(a, b)
            total += 1
            failed += why is not None
            verdict = "PASS" if why is None else f"FAIL ({why})"
            print(f"{verdict} [{group}] {call} | kg: {_clip(a.text, args.width)}"
                  f" | klong: {_clip(b.text, args.width)}", flush=True)
    print(f"SUMMARY: {total} calls, {total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The evaluation worker: values and errors per piece, refused side effects, output limits,
and (as a real process) time limits, cancellation and restart."""
from __future__ import annotations

import asyncio
import os
import resource
import sys
from pathlib import Path

import pytest

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong_lsp.evaluation import EvaluationWorker, error_line, evaluate

ROOT = Path(__file__).resolve().parents[2]
LOOP = "{x>-1}{x+1}:~0"          # While with a predicate that always holds: never ends


def run(*codes, **options):
    return evaluate(dict(options, pieces=[{"code": c} for c in codes]))["results"]


def test_values_errors_and_output():
    out = run("f::{x^2}", "f:>3", "[1 2]∂f", '.p("hi");1+2', "1+", "!20000")
    assert out[0]["value"]["kind"] == "function"
    assert out[1]["value"]["short"] == "6.0"
    assert out[1]["value"]["text"].startswith("6.0000000")
    assert out[2]["value"]["short"] == "[[2.0 0.0] [0.0 4.0]]"
    assert out[2]["value"]["shape"] == [2, 2]
    assert out[3]["value"]["text"] == "3" and out[3]["output"] == "hi\n"
    assert out[4]["error"]["kind"] == "syntax" and out[4]["error"]["span"][:2] == [1, 3]
    assert out[5]["value"]["shape"] == [20000] and out[5]["value"]["truncated"]


def test_errors_read_as_the_command_line_shows_them():
    codes = ["1+", '1+"a"', "[3 3]-[[1 2] [2 3] [3 4]]", "nope"]
    out = run(*codes)
    assert [error_line(r["error"]) for r in out] == [
        "syntax error: expected an operand, got: the end of input (after +)",
        'plus: type error: [1 "a"]',
        "minus: shape error: lengths 2 and 3 differ (to pair a with each item of b in a-b, "
        "use Each: {a-x}'b)",
        "undefined: nope"]
    for code, r in zip(codes, out):
        with pytest.raises(KlongError) as e:
            KlongInterpreter()(code)
        assert error_line(r["error"]) == e.value.text
        assert r["error"]["message"] == e.value.message      # kg's wording travels too


def test_an_error_is_located_in_the_piece_it_was_read_from():
    out = run("f::{x+zz}", "1", "f(1)", '.E("1+qq")', "1+nope")
    assert (out[2]["error"]["span"], out[2]["error"]["source_piece"]) == ([1, 7, 6, 2], 0)
    assert "span" not in out[3]["error"]                 # read from a string, in no piece
    assert "source_piece" not in out[4]["error"] and out[4]["error"]["span"] == [1, 3, 2, 4]


def test_the_memory_ceiling_refuses_a_huge_allocation_and_is_lifted_after():
    before = resource.getrlimit(resource.RLIMIT_AS)
    out = run("a::!2000000000", "#!1000", max_memory=0.5)      # 16 GB; 0.5 GB allowed
    assert out[0]["error"] == {
        "kind": "limit", "message": "out of memory", "span": [1, 4, 3, 1],
        "detail": "out of memory: the evaluation limit is 0.5 GB (klong.evaluation.maxMemory)"}
    assert error_line(out[0]["error"]) == ("limit error: out of memory: the evaluation "
                                           "limit is 0.5 GB (klong.evaluation.maxMemory)")
    assert out[1]["value"]["text"] == "1000"
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.parametrize("code", ['.sys("true")', '.df("x")', '.oc("x")', '.ac("x")',
                                  ".x(0)", '.py("math")', '.pyf("math";"sqrt")', ".rl()"])
def test_side_effects_are_refused(code, tmp_path):
    [result] = run(code, cwd=str(tmp_path))
    assert not result["ok"] and "refused" in result["error"]["message"]


def test_side_effects_when_allowed(tmp_path):
    path = tmp_path / "out.txt"
    out = run(f'c::.oc("{path}")', '.tc(c);.p("written");.cc(c)', '.py("math");sqrt(16)',
              allow_side_effects=True, cwd=str(tmp_path))
    assert all(r["ok"] for r in out), out
    assert path.read_text() == "written\n"
    assert out[2]["value"]["text"] == "4.0"


def test_output_limit_stops_a_printing_loop():
    [result] = run('{.p("xxxxxxxxx")}\'!100000', max_output=1000)
    assert result["error"]["kind"] == "limit"
    assert len(result["output"]) == 1000


def test_bad_backend_is_an_error_not_a_crash():
    response = evaluate({"backend": "nosuch", "pieces": [{"code": "1"}]})
    assert response["error"]["message"]


def test_worker_process_time_limit_cancel_and_restart():
    async def main() -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get(
            "PYTHONPATH", ""))
        worker = EvaluationWorker(sys.executable, env)
        try:
            outcome = await worker.run({"pieces": [{"code": "f::{x^2}"}, {"code": "f:>3"}]}, 20)
            assert outcome.results[1]["value"]["short"] == "6.0"
            assert outcome.backend == "numpy"
            # an endless loop: stopped at the time limit, the piece that hung is known
            outcome = await worker.run({"pieces": [{"code": "a::1"}, {"code": LOOP},
                                                   {"code": "3"}]}, 1.0)
            assert outcome.timed_out and outcome.stuck == 1
            assert outcome.results[0]["ok"] and outcome.results[2] is None
            # the worker comes back
            outcome = await worker.run({"pieces": [{"code": "1+1"}]}, 20)
            assert outcome.results[0]["value"]["text"] == "2"
            # a cancelled request stops its evaluation (the worker is killed)
            task = asyncio.ensure_future(worker.run({"pieces": [{"code": LOOP}]}, 60))
            await asyncio.sleep(0.5)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            outcome = await worker.run({"pieces": [{"code": "2+2"}]}, 20)
            assert outcome.results[0]["value"]["text"] == "4"
            assert worker.restarts == 2
        finally:
            await worker.close()

    asyncio.run(main())


def test_worker_exits_when_the_server_is_gone():
    import subprocess
    import time

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    parent = ("import subprocess, sys\n"
              "p = subprocess.Popen([sys.executable, '-m', 'klong_lsp.evaluation'],"
              " stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n"
              "p.stdout.readline()\n"
              "p.stdin.write(b'{\"pieces\": [{\"code\": \"" + LOOP + "\"}]}\\n'); p.stdin.flush()\n"
              "print(p.pid, flush=True)\n")
    out = subprocess.run([sys.executable, "-c", parent], env=env, capture_output=True,
                         text=True, timeout=120)
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, 9)
    raise AssertionError("the orphaned worker kept running")


def test_torch_backend_setting():
    pytest.importorskip("torch")
    response = evaluate({"backend": "torch", "device": "cpu",
                         "pieces": [{"code": "f::{x^2}"}, {"code": "f:>3"}, {"code": "!3"}]})
    assert response["backend"] == "torch" and response["device"] == "cpu"
    grad, arange = response["results"][1]["value"], response["results"][2]["value"]
    assert grad["text"] == "6.0"                     # exact: autograd, not differences
    assert arange["kind"] == "integer list (tensor)" and arange["device"] == "cpu"


def test_unavailable_device_is_reported():
    response = evaluate({"backend": "torch", "device": "nosuchdevice",
                         "pieces": [{"code": "1"}]})
    assert response["error"]["kind"] == "settings"
    assert "nosuchdevice" in response["error"]["message"]

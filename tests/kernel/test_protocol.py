"""The Jupyter kernel (klong_kernel) over the real protocol: jupyter_client starts the kernel
process and talks to it on its ZMQ channels."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

TIMEOUT = 30


def install(prefix) -> None:
    """`klong kernel install --prefix PREFIX --backend numpy`."""
    result = subprocess.run([sys.executable, "-m", "klong", "kernel", "install", "--prefix",
                             str(prefix), "--backend", "numpy"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("prefix")
    install(prefix)
    specs = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name="klong-numpy", kernel_spec_manager=specs)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code: str) -> tuple[dict, list[dict]]:
    """Execute `code`; the reply's content and the iopub messages of the cell (status
    messages left out), in order."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                break
            continue
        if msg["msg_type"] != "execute_input":
            messages.append(msg)
    return reply["content"], messages


def summary(messages: list[dict]) -> list[tuple]:
    out = []
    for msg in messages:
        c = msg["content"]
        if msg["msg_type"] == "stream":
            out.append(("stream", c["name"], c["text"]))
        elif msg["msg_type"] == "execute_result":
            out.append(("result", c["data"]["text/plain"]))
        else:
            out.append((msg["msg_type"], c.get("ename"), c.get("evalue"), c.get("traceback")))
    # ipykernel may send one printed text in several stream messages: join neighbours
    joined: list[tuple] = []
    for item in out:
        if joined and item[0] == "stream" and joined[-1][:2] == item[:2]:
            joined[-1] = (*item[:2], joined[-1][2] + item[2])
        else:
            joined.append(item)
    return joined


def test_kernel_info_claims_no_debugger_and_the_kernel_loads_no_torch(kernel):
    _, kc = kernel
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert info["language_info"]["name"] == "klong" and info["implementation"] == "klong"
    assert info["supported_features"] == []          # no debugger, no subshells
    _, messages = run(kc, '.pyf("sys";"modules");has::.pya(modules;"__contains__");'
                          'has\'["numpy" "torch" "debugpy"]')
    assert summary(messages) == [("result", "[1 0 0]")]


def test_output_streams_and_the_last_value_is_the_result(kernel):
    _, kc = kernel
    reply, messages = run(kc, '.p("hi");.d(42);1+2')
    assert reply["status"] == "ok"
    assert summary(messages) == [("stream", "stdout", "hi\n42"), ("result", "3")]


def test_state_persists_and_a_value_of_none_gives_no_result(kernel):
    _, kc = kernel
    run(kc, "a::!5")
    reply, messages = run(kc, "a")
    assert summary(messages) == [("result", "[0 1 2 3 4]")]
    _, messages = run(kc, ":[1;.p(7);0]")
    assert summary(messages)[0] == ("stream", "stdout", "7\n")


def test_long_lists_are_abbreviated_as_in_the_repl(kernel):
    _, kc = kernel
    _, messages = run(kc, "!2000")
    assert summary(messages) == [("result", "[0 1 2 ... 1997 1998 1999]")]


def result_data(kc, code: str) -> dict:
    """The data of the cell's execute_result."""
    _, messages = run(kc, code)
    [data] = [m["content"]["data"] for m in messages if m["msg_type"] == "execute_result"]
    return data


def test_matrices_and_dictionaries_are_also_html_tables(kernel):
    _, kc = kernel
    assert result_data(kc, "[[1 2] [3 4]]") == {
        "text/plain": "[[1 2] [3 4]]",
        "text/html": '<table class="klong-matrix">\n'
                     "<tr><th></th><th>0</th><th>1</th></tr>\n"
                     "<tr><th>0</th><td>1</td><td>2</td></tr>\n"
                     "<tr><th>1</th><td>3</td><td>4</td></tr>\n"
                     "</table>"}
    assert result_data(kc, ':{[:a 1] ["b" "<c>"]}') == {
        "text/plain": ':{[:a 1] ["b" "<c>"]}',
        "text/html": '<table class="klong-dict">\n'
                     "<tr><th>key</th><th>value</th></tr>\n"
                     "<tr><td>:a</td><td>1</td></tr>\n"
                     '<tr><td>"b"</td><td>"&lt;c&gt;"</td></tr>\n'
                     "</table>"}
    big = result_data(kc, "[100 100]:^!10000")
    assert big["text/html"].endswith("<p>100×100 matrix: 94 rows and 94 columns not shown</p>")
    for code, text in [("[1 2 3]", "[1 2 3]"), ("42", "42"), ('"ab"', '"ab"')]:
        assert result_data(kc, code) == {"text/plain": text}


def test_an_error_has_the_kind_and_the_caret_and_rolls_back(kernel):
    _, kc = kernel
    run(kc, "b::1")
    reply, messages = run(kc, 'b::2\n1+"x"')
    assert reply["status"] == "error"
    assert reply["ename"] == "type"
    assert summary(messages) == [("error", "type", reply["evalue"], reply["traceback"])]
    assert reply["traceback"][1:] == ['1+"x"', " ^"]
    assert reply["traceback"][0].startswith("<repl>:2:2: ")
    _, messages = run(kc, "b")
    assert summary(messages) == [("result", "1")]


def test_complete_a_sequence_and_a_name(kernel):
    _, kc = kernel
    code = "f::{x^2};\\nab"
    kc.complete(code, len(code))
    content = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert (content["matches"], content["cursor_start"], content["cursor_end"]) == (
        ["∇"], code.index("\\"), len(code))
    run(kc, "total::3")
    kc.complete("1+tot", 5)
    content = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert (content["matches"], content["cursor_start"]) == (["total"], 2)


def test_inspect_shows_the_reference_entry(kernel):
    _, kc = kernel
    expected = subprocess.run([sys.executable, "-m", "klong", "help", "+"],
                              capture_output=True, text=True, check=True).stdout
    kc.inspect("1+2", 2)
    content = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert content["found"] is True
    assert content["data"]["text/plain"] + "\n" == expected
    kc.inspect("12", 1)
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["found"] is False


def inspect(kc, code: str, pos: int | None = None) -> dict:
    kc.inspect(code, len(code) if pos is None else pos)
    return kc.get_shell_msg(timeout=TIMEOUT)["content"]


def klong_help(name: str) -> str:
    return subprocess.run([sys.executable, "-m", "klong", "help", name],
                          capture_output=True, text=True, check=True).stdout.rstrip("\n")


def test_inspect_evaluates_a_gradient_with_the_state_of_earlier_cells(kernel):
    _, kc = kernel
    run(kc, "f::{x^2}")
    content = inspect(kc, "f:>3")
    assert content["found"] is True
    facts = "shape: scalar · real · backend: numpy (cpu), numeric"
    assert content["data"]["text/plain"] == (
        "gradient of f:>3 = 6.0\nexact: 6.000000000838668\n" + facts + "\n\n"
        + klong_help(":>"))
    assert content["data"]["text/markdown"].startswith(
        "**gradient** of `f:>3` = `6.0`\n\n```klong\n6.000000000838668\n```\n\n" + facts
        + "\n\n---\n\n```text\n:>  Autograd")


def test_inspect_finds_the_gradient_on_the_cursor_line_and_changes_no_state(kernel):
    _, kc = kernel
    code = 'g::{x^3}\nh::.p("hi");w::2;1+g:>w\n.p("no")'
    content = inspect(kc, code, code.index("h::"))
    assert content["data"]["text/plain"].split("\n")[:4] == [
        "gradient of g:>w = 12.0", "exact: 12.000000000789157",
        "shape: scalar · real · backend: numpy (cpu), numeric", "printed:"]
    assert content["data"]["text/plain"].split("\n")[4] == "hi"
    for name in "ghw":
        reply, messages = run(kc, name)
        assert reply["ename"] == "undefined" and [m["msg_type"] for m in messages] == ["error"]
    jac = inspect(kc, "f::{x*x};.jacobian(f;[1 2])")["data"]["text/plain"]
    assert jac.startswith("Jacobian of .jacobian(f;[1 2]) = [[2.0 0.0] [0.0 4.0]]\n")
    assert "shape: 2×2 · real list · float64 · backend: numpy (cpu), numeric" in jac
    reply, _ = run(kc, "f")
    assert reply["status"] == "ok"
    _, messages = run(kc, "f(5)")
    assert summary(messages) == [("result", "25")]


def test_inspect_of_a_failing_gradient_says_why_in_a_line(kernel):
    _, kc = kernel
    content = inspect(kc, "nosuch:>3")
    assert content["found"] is True
    assert content["data"]["text/plain"].split("\n")[0] == (
        "gradient of nosuch:>3: undefined: nosuch")
    assert "Traceback" not in content["data"]["text/plain"]
    text = inspect(kc, '{x^2}∇"a"', 3)["data"]["text/plain"]
    assert text == 'numeric gradient of {x^2}∇"a": ∇: type error: ["a"]\n\n' + klong_help("^")


@pytest.mark.parametrize("code, status", [
    ("{x+", "incomplete"), ("[1 2", "incomplete"), ('"abc', "incomplete"), ("(1+", "incomplete"),
    ("1+2", "complete"), ("{x}", "complete")])
def test_is_complete(kernel, code, status):
    _, kc = kernel
    kc.is_complete(code)
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"] == status


def test_interrupt_an_endless_loop_then_go_on(kernel):
    km, kc = kernel
    run(kc, "c::5")
    # stop_on_error=False: else ipykernel aborts the requests that reach it just after this
    # cell's error reply (as after any error in "Run all"), and the next execute can be one
    msg_id = kc.execute("c::6;{1}{x+1}:~0", stop_on_error=False)
    deadline = time.monotonic() + TIMEOUT
    while True:  # wait until the cell runs
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "busy"):
            break
        assert time.monotonic() < deadline
    time.sleep(0.3)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert (reply["content"]["status"], reply["content"]["ename"]) == ("error", "interrupt")
    _, messages = run(kc, "c+1")
    assert summary(messages) == [("result", "6")]


def test_restart_starts_afresh(kernel):
    km, kc = kernel
    run(kc, "r::1")
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, messages = run(kc, "r")
    assert reply["ename"] == "undefined"
    _, messages = run(kc, "2*3")
    assert summary(messages) == [("result", "6")]


def test_klong_kernel_install_into_a_prefix(tmp_path, monkeypatch):
    install(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    spec = KernelSpecManager().get_kernel_spec("klong-numpy")
    assert spec.display_name == "Klong (numpy)"
    assert spec.language == "klong"
    assert spec.argv[1:] == ["-m", "klong_kernel", "-f", "{connection_file}",
                             "--backend", "numpy"]
    folder = tmp_path / "share" / "jupyter" / "kernels" / "klong-numpy"
    assert json.loads((folder / "kernel.json").read_text())["argv"][0] == sys.executable


def test_repl_commands_run_in_a_cell(kernel):
    _, kc = kernel
    reply, messages = run(kc, "]b")
    assert reply["status"] == "ok"
    assert summary(messages) == [("stream", "stdout", "backend: numpy  device: cpu\n")]
    reply, messages = run(kc, "]t 1+1")
    text = summary(messages)[0][2]
    assert text.startswith("2\ntime: ") and reply["status"] == "ok"
    run(kc, "]full on")
    _, messages = run(kc, "!1200")
    assert summary(messages)[-1][1].endswith(" 1198 1199]")
    assert "..." not in summary(messages)[-1][1]
    run(kc, "]full off")
    _, messages = run(kc, "!1200")
    assert "..." in summary(messages)[-1][1]


def test_plot_shows_the_chart_inline(kernel):
    _, kc = kernel
    reply, messages = run(kc, "]plot {x*x}'!10")
    assert reply["status"] == "ok"
    assert [m["msg_type"] for m in messages] == ["display_data"]
    data = messages[0]["content"]["data"]
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"
    assert data["image/svg+xml"].startswith("<?xml") and "<svg" in data["image/svg+xml"]
    assert data["text/plain"] == "<chart of {x*x}'!10>"
    reply, messages = run(kc, ']plot "ab"')
    assert reply["status"] == "error" and reply["ename"] == "type"

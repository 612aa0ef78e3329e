"""The real `klong repl` process: in a pseudo-terminal (pexpect) and on a pipe."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[=>]|\r")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a Unix pty")


def klong_command() -> list[str]:
    """The `klong` script installed next to this Python, else `python -m klong`."""
    script = Path(sys.executable).parent / "klong"
    if script.exists() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "klong"]


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KLONG_HISTORY"}
    env.update(PYTHONPATH=str(ROOT), XDG_STATE_HOME=str(tmp_path), TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


class Screen:
    """What a pexpect child wrote, without escape sequences; searched front to back."""

    def __init__(self, child: object):
        self.child = child
        self.raw = ""
        self.pos = 0

    @property
    def text(self) -> str:
        return _CSI.sub("", self.raw)

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        import pexpect

        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern).search(self.text, self.pos)
            if match is not None:
                self.pos = match.end()
                return match
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} not seen in {self.text[self.pos:]!r}")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                pass


def test_repl_in_a_terminal(tmp_path):
    import pexpect

    argv = klong_command() + ["repl"]
    child = pexpect.spawn(argv[0], argv[1:], env=environment(tmp_path), encoding="utf-8",
                          dimensions=(30, 120), timeout=20)
    screen = Screen(child)
    try:
        screen.wait_for(r"klong 0\.1\.0 \(numpy backend, device cpu\)")
        screen.wait_for(r"\?>")

        child.send("f::{x^2}\r")
        screen.wait_for(r"\n:monad\n")
        child.send("3\\nabla\t")
        child.send("f\r")
        grad = screen.wait_for(r"\n(-?\d+\.\d+)\n")
        assert abs(float(grad.group(1)) - 6) < 1e-6
        assert "3∇f" in screen.text

        child.send("f:>3\r")
        grad = screen.wait_for(r"\n(-?\d+\.\d+)\n")
        assert abs(float(grad.group(1)) - 6) < 1e-6

        child.send("5:_[1 2 3]\r")
        screen.wait_for(r"\n<repl>:1:2: cut: length error: \[5\]\n"
                        r"5:_\[1 2 3\]\n \^\^\n")

        child.send("g::{x+\r")
        screen.wait_for(r"\.\.>")
        child.send("1}\r")
        screen.wait_for(r"\n:monad\n")
        child.send("g(20)\r")
        screen.wait_for(r"\n21\n")

        child.send('a::5\r.p("looping");{1}{a::a+1;x+1}:~0\r')
        screen.wait_for(r"\nlooping\n")
        time.sleep(0.2)
        child.sendintr()
        screen.wait_for(r"\ninterrupted\n")
        child.send("a+100\r")
        screen.wait_for(r"\n105\n")

        screen.wait_for(r"\?>")  # (Ctrl-D before the prompt is up would be lost)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in screen.text
    history = (tmp_path / "klong" / "history").read_text(encoding="utf-8")
    assert "+g::{x+\n+1}\n" in history and "+3∇f\n" in history


def test_piped_repl_prints_the_gradient(tmp_path):
    """`echo 'f::{x^2};f:>3' | klong repl`."""
    result = subprocess.run(klong_command() + ["repl"], input="f::{x^2};f:>3\n",
                            capture_output=True, text=True, env=environment(tmp_path),
                            timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    assert abs(float(result.stdout) - 6) < 1e-6

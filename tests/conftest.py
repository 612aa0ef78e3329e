"""Which backend the suite runs on.

`KLONG_BACKEND=torch python -m pytest -q` runs the suite with the torch backend as the
default: every `KlongInterpreter()` and every `klong` subprocess (the conformance file
included) then uses torch on the cpu (see klong.backends.default_backend_name). Tests that
name a backend keep it.

The front doors' own tests (REPL, command line) check how the default backend is chosen and
shown (banners, `]b`, "--device needs torch"); they always run with the default left alone.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# tests that check the default backend itself: run without KLONG_BACKEND
_FRONT_DOORS = (HERE / "repl", HERE / "test_cli.py")


def pytest_report_header(config: pytest.Config) -> str:
    return f"klong backend: {os.environ.get('KLONG_BACKEND') or 'numpy'} (KLONG_BACKEND)"


@pytest.fixture(autouse=True)
def _default_backend_for_front_doors(request: pytest.FixtureRequest,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.environ.get("KLONG_BACKEND"):
        return
    path = Path(str(request.node.path)).resolve()
    if any(path == p or p in path.parents for p in _FRONT_DOORS):
        monkeypatch.delenv("KLONG_BACKEND")

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
from typing import Iterator

import pytest

HERE = Path(__file__).resolve().parent
# tests that check the default backend itself: run without KLONG_BACKEND
_FRONT_DOORS = (HERE / "repl", HERE / "test_cli.py")


@pytest.fixture(autouse=True, scope="session")
def _language_server_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Language servers the tests start record their `initialize` answers (klong_lsp.handshake)
    in a folder of this run, not in the user's cache."""
    old = os.environ.get("KLONG_LSP_CACHE")
    os.environ["KLONG_LSP_CACHE"] = str(tmp_path_factory.mktemp("klong-lsp-cache"))
    yield
    if old is None:
        os.environ.pop("KLONG_LSP_CACHE", None)
    else:
        os.environ["KLONG_LSP_CACHE"] = old


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

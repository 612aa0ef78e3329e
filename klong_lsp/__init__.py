"""klong-lsp: a language server for Klong, built on pygls 2 and the klong interpreter.

`klong-lsp` (or `python -m klong_lsp`) serves over stdio, or over TCP with --tcp HOST:PORT.
Static analysis (klong_lsp.analysis and klong_lsp.features.*) is plain Python that the tests
call directly; user code only ever runs in the evaluation worker (klong_lsp.evaluation).
"""
from __future__ import annotations

from klong import __version__ as _klong_version

__version__ = _klong_version

__all__ = ["__version__"]

"""One module per LSP feature; each has plain functions and a `register(server)`."""
from __future__ import annotations

from . import (completion, configuration, diagnostics, hover, live, navigation,
               semantic_tokens, symbols)
from .live import LiveServer

MODULES = (configuration, diagnostics, hover, completion, live, symbols, navigation,
           semantic_tokens)


def register_all(server: LiveServer) -> None:
    for module in MODULES:
        module.register(server)

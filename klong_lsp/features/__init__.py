"""One module per LSP feature; each has plain functions and a `register(server)`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import (completion, configuration, diagnostics, hover, live, navigation,
               semantic_tokens, symbols)

if TYPE_CHECKING:
    from ..server import KlongLanguageServer

MODULES = (configuration, diagnostics, hover, completion, live, symbols, navigation,
           semantic_tokens)


def register_all(server: "KlongLanguageServer") -> None:
    for module in MODULES:
        module.register(server)

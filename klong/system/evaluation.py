"""System functions that evaluate or load code: .E .l .module .comment."""
from __future__ import annotations

from ..errors import KlongError
# where .l finds files: the syntax layer's (numpy-free, for the language server)
from ..syntax.source import (  # noqa: F401 - re-exported
    DEFAULT_SEARCH_PATH, find_source, search_dirs, search_path, source_candidates,
)
from ..values import is_false, is_symbol
from .spec import need_string, system_function, type_error


@system_function(".E", 1)
def eval_string(k, x):
    """Evaluate program text as top-level code; its last value."""
    src = need_string(".E", x)
    return k.evaluate(src)


@system_function(".l", 1)
def load(k, x):
    """Load a source file as if typed at the top level; its last value."""
    name = need_string(".l", x)
    path = find_source(name, search_path())
    if path is None:
        raise KlongError("io", f'.l: cannot open file: "{name}"')
    return k.load_file(path)


@system_function(".module", 1)
def module(k, x):
    """.module(:name) opens a module, .module(0) closes it."""
    g = k.globals
    if is_false(x):
        g.close_module()
    elif is_symbol(x):
        g.open_module(str(x))
    else:
        raise type_error(".module", x)
    return k.backend.empty()


@system_function(".comment", 1)
def comment(k, x):
    """The parser skips the comment block; at run time .comment returns its marker."""
    return need_string(".comment", x)

"""System functions that evaluate or load code: .E .l .module .comment."""
from __future__ import annotations

import os

from ..errors import KlongError
from ..values import is_false, is_symbol
from .spec import need_string, system_function, type_error


@system_function(".E", 1)
def eval_string(k, x):
    """Evaluate program text as top-level code; its last value."""
    src = need_string(".E", x)
    return k.evaluate(src)


def find_source(name: str, search_path: str) -> str:
    """Resolve a .l argument: path as is (and with .kg) or along KLONGPATH."""
    candidates = []
    if name.startswith("/") or name.startswith("."):
        candidates = [name, name + ".kg"]
    else:
        for d in search_path.split(":"):
            d = d or "."
            candidates += [os.path.join(d, name), os.path.join(d, name + ".kg")]
    for c in candidates:
        if os.path.isfile(c):
            return c
    raise KlongError("io", f'.l: cannot open file: "{name}"')


@system_function(".l", 1)
def load(k, x):
    """Load a source file as if typed at the top level; its last value."""
    name = need_string(".l", x)
    path = find_source(name, os.environ.get("KLONGPATH", ".:lib"))
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

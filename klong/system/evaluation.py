"""System functions that evaluate or load code: .E .l .module .comment."""
from __future__ import annotations

import os
from typing import List, Optional

from ..errors import KlongError
from ..values import is_false, is_symbol
from .spec import need_string, system_function, type_error


@system_function(".E", 1)
def eval_string(k, x):
    """Evaluate program text as top-level code; its last value."""
    src = need_string(".E", x)
    return k.evaluate(src)


DEFAULT_SEARCH_PATH = ".:lib"


def search_path() -> str:
    """The folders .l searches for a plain name: KLONGPATH, else .:lib."""
    return os.environ.get("KLONGPATH", DEFAULT_SEARCH_PATH)


def search_dirs(path: str) -> List[str]:
    """The folders of a search path (`:`-separated; an empty entry is the current folder)."""
    return [d or "." for d in path.split(":")]


def source_candidates(name: str, path: str, base: Optional[str] = None) -> List[str]:
    """The files .l tries for `name`, in order: a name starting with / or . as is, any
    other in each folder of the search path `path`; each also with .kg appended. `base`:
    the folder that relative paths start from (default: the current one)."""
    if name.startswith("/") or name.startswith("."):
        paths = [name]
    else:
        paths = [os.path.join(d, name) for d in search_dirs(path)]
    if base is not None:
        paths = [os.path.join(base, p) for p in paths]
    return [c for p in paths for c in (p, p + ".kg")]


def find_source(name: str, path: str, base: Optional[str] = None) -> Optional[str]:
    """The file .l loads for `name` along the search path `path`, or None."""
    for c in source_candidates(name, path, base):
        if os.path.isfile(c):
            return c
    return None


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

"""Names a document gets from `.l` files and Python modules, found without running anything.

`.l("lib")` is resolved like the interpreter does (the name as given and with `.kg`, along
KLONGPATH, default `.:lib`, where `.` is the document's folder) and the file is parsed: its
top-level definitions become known names, with their arity and location. `.py("mod")` is
resolved through Python's import system without importing: a module with Python source is
read with `ast` (its top-level functions, classes, assignments and imports, or the keys of a
literal `klongpy_exports` dict); a built-in module (`math`) is imported to list its names,
which runs no user code. Anything else (C extensions, star imports, a module `__getattr__`)
is "unknown": then undefined names are not reported at all, since any could come from it.
"""
from __future__ import annotations

import ast
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from klong.syntax import ast as A
from klong.syntax.source import find_source, search_dirs, search_path
from klong.syntax.parser import parse_tolerant
from klong.syntax.source import read_source


@dataclass(frozen=True)
class ImportedDef:
    name: str
    path: str                 # file it comes from
    line: int                 # 0-based position of the name there (-1: unknown)
    col: int
    arity: Optional[int]      # known arity of a function definition, else None
    text: str = ""            # the defining statement (first lines), for hover


@dataclass
class ImportResult:
    names: Dict[str, ImportedDef] = field(default_factory=dict)
    unknown: bool = False                      # some import could not be listed
    unresolved: List[str] = field(default_factory=list)   # descriptions, for hover/logs
    # .l files not found: name -> the folders searched
    missing: Dict[str, List[str]] = field(default_factory=dict)


_KLONG_CACHE: Dict[Tuple[str, float, Optional[str], Optional[str]],
                   Tuple[List[ImportedDef], List[str]]] = {}
_PY_CACHE: Dict[Tuple[str, float], Optional[Set[str]]] = {}


def find_klong_file(name: str, doc_dir: Optional[str],
                    path: Optional[str] = None) -> Optional[str]:
    """The file `.l(name)` loads, as the interpreter finds it (klong.system.evaluation)
    with the document's folder as the current one; `path`: the search path (default: the
    interpreter's, KLONGPATH or .:lib)."""
    found = find_source(name, search_path() if path is None else path,
                        doc_dir or os.getcwd())
    return os.path.normpath(found) if found is not None else None


def searched_folders(name: str, doc_dir: Optional[str], path: Optional[str] = None
                     ) -> List[str]:
    """The folders `find_klong_file` looks in for `name`, for a message."""
    base = doc_dir or os.getcwd()
    if name.startswith("/") or name.startswith("."):
        return [os.path.normpath(os.path.dirname(os.path.join(base, name)))]
    dirs = search_dirs(search_path() if path is None else path)
    return list(dict.fromkeys(os.path.normpath(os.path.join(base, d)) for d in dirs))


def _arity_of(value: object) -> Optional[int]:
    if isinstance(value, A.Lambda):
        return value.arity
    if isinstance(value, A.Call) and value.is_projection:
        return sum(1 for a in value.args if a is None)
    return None


def klong_file_defs(path: str, doc_dir: Optional[str] = None,
                    search: Optional[str] = None,
                    _seen: Optional[Set[str]] = None) -> Tuple[List[ImportedDef], List[str]]:
    """Top-level definitions of a Klong file (and of the files it loads with `.l`, found
    from the document's folder as at run time, else from the file's own), and the names of
    the files it loads that are not found."""
    try:
        mtime = os.path.getmtime(path)
        key = (path, mtime, doc_dir, search)
        if key in _KLONG_CACHE:
            return _KLONG_CACHE[key]
        src = read_source(path)
    except (OSError, ValueError):
        return [], []
    seen = set() if _seen is None else _seen
    seen.add(path)
    program, _ = parse_tolerant(src)
    out: List[ImportedDef] = []
    missing: List[str] = []
    lines = src.split("\n")
    for stmt in program.exprs:
        node = stmt
        while isinstance(node, A.Assign):
            sp = node.name_span
            text = "\n".join(lines[sp.line - 1:sp.line + 2])[:400]
            out.append(ImportedDef(node.name, path, sp.line - 1, sp.col - 1,
                                   _arity_of(node.value), text))
            node = node.value
        if (isinstance(stmt, A.Call) and isinstance(stmt.fn, A.Name) and stmt.fn.name == ".l"
                and len(stmt.args) == 1 and isinstance(stmt.args[0], A.Const)
                and type(stmt.args[0].value) is str):
            name = stmt.args[0].value
            sub = (find_klong_file(name, doc_dir, search)
                   or find_klong_file(name, os.path.dirname(path), search))
            if sub is None:
                missing.append(name)
            elif sub not in seen:
                defs, lost = klong_file_defs(sub, doc_dir, search, seen)
                out.extend(defs)
                missing.extend(lost)
    _KLONG_CACHE[key] = (out, missing)
    return out, missing


def _python_source_names(path: str) -> Optional[Set[str]]:
    """Public top-level names of a Python source file, or None if they cannot be known."""
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    key = (path, mtime)
    if key in _PY_CACHE:
        return _PY_CACHE[key]
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), filename=path)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        _PY_CACHE[key] = None
        return None
    names: Optional[Set[str]] = set()
    assert names is not None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            if node.name == "__getattr__":
                names = None
                break
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    if t.id == "klongpy_exports":
                        if isinstance(node.value, ast.Dict) and all(
                                isinstance(k, ast.Constant) and isinstance(k.value, str)
                                for k in node.value.keys):
                            names = {k.value for k in node.value.keys}  # type: ignore
                            _PY_CACHE[key] = names
                            return names
                        _PY_CACHE[key] = None
                        return None
                    names.add(t.id)
        elif isinstance(node, ast.Import):
            for a in node.names:
                names.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if a.name == "*":
                    names = None
                    break
                names.add(a.asname or a.name)
            if names is None:
                break
    if names is not None:
        names = {n for n in names if not n.startswith("__")}
    _PY_CACHE[key] = names
    return names


def python_module_names(module: str, doc_dir: Optional[str]) -> Optional[Set[str]]:
    """The names `.py(module)` would define, or None when they cannot be known statically."""
    if module.endswith(".py") or "/" in module:
        path = module if os.path.isabs(module) else os.path.join(doc_dir or ".", module)
        if os.path.isdir(path):
            path = os.path.join(path, "__init__.py")
        return _python_source_names(path) if os.path.isfile(path) else None
    if module in sys.builtin_module_names:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            return None
        return {n for n in dir(mod) if not n.startswith("__")}
    if "." in module:
        return None                      # a submodule: finding it would import its parent
    if doc_dir:
        for cand in (os.path.join(doc_dir, module + ".py"),
                     os.path.join(doc_dir, module, "__init__.py")):
            if os.path.isfile(cand):
                return _python_source_names(cand)
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return _python_source_names(spec.origin)


def resolve(imports: Iterable[Tuple[str, str]], doc_dir: Optional[str],
            search: Optional[str] = None) -> ImportResult:
    """Resolve import keys: ("l", file), ("py", module), ("?", description) (dynamic).
    `search`: the search path of `.l` (default: the interpreter's, KLONGPATH or .:lib).
    A `.l` file that is not found makes the names unknown, as any could come from it."""
    result = ImportResult()
    for kind, arg in sorted(set(imports)):
        if kind == "l":
            path = find_klong_file(arg, doc_dir, search)
            if path is None:
                result.unknown = True
                result.missing[arg] = searched_folders(arg, doc_dir, search)
                result.unresolved.append(f'.l("{arg}"): file not found')
                continue
            defs, lost = klong_file_defs(path, doc_dir, search)
            for d in defs:
                result.names.setdefault(d.name, d)
            if lost:
                result.unknown = True
                result.unresolved += [f'.l("{arg}") loads "{n}": file not found' for n in lost]
        elif kind == "py":
            names = python_module_names(arg, doc_dir)
            if names is None:
                result.unknown = True
                result.unresolved.append(f'.py("{arg}"): names not known without running it')
                continue
            for n in names:
                result.names.setdefault(n, ImportedDef(n, arg, -1, -1, None))
        else:
            result.unknown = True
            result.unresolved.append(arg)
    return result

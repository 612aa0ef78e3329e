"""Python interop system functions: .py .pyf .pyc .pya .bkf (system document §3.1).

Module search for `.py(x)` / `.pyf(x;y)`, in order:
  1. `x` is an existing directory (or a path ending in `__init__.py`): that package;
  2. `x` is an existing file (relative to the cwd, or to the directory of a file being
     `.l`-loaded): that file, as a module named after it;
  3. a module already in `sys.modules`;
  4. `x.py` or package `x/` in the directory of each file being loaded (innermost first);
  5. the Python import system (`sys.path`; `klong FILE` puts FILE's directory first);
  6. `x.py` or package `x/` in the current working directory (REPL, `-e`, Python API).
A module loaded from a file gets its directory added to `sys.path` (sibling imports).
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
import warnings
from typing import Any, Iterable, List, Optional

from ..errors import KlongError
from ..interop import call_python, keyword_args, python_target, spread_args, to_klong
from ..printer import written
from ..runtime.functions import call_value
from ..values import KFunction, Symbol
from .spec import system_function

EXPORTS_NAMES = ("klong_exports", "klongpy_exports")


# ---- globals ------------------------------------------------------------------------------

def _define(k: Any, name: str, value: Any) -> None:
    g = k.globals
    for key in g.write_keys(name):
        g.table[key] = value


def _lookup(k: Any, name: str) -> Any:
    """The global named `name` (module-qualified first); KeyError if undefined."""
    g = k.globals
    table = g.table
    key = g.read_key(name)
    if key in table:
        return table[key]
    return table[name]


# ---- module search ------------------------------------------------------------------------

def _add_sys_path(d: str) -> None:
    if d not in sys.path:
        sys.path.insert(0, d)


def _load_from_file(path: str, package_dir: Optional[str] = None) -> types.ModuleType:
    """Execute a .py file (or a package's __init__.py) as a module named after it."""
    path = os.path.abspath(path)
    if package_dir is not None:
        name = os.path.basename(package_dir.rstrip(os.sep))
        spec = importlib.util.spec_from_file_location(
            name, path, submodule_search_locations=[package_dir])
        parent = os.path.dirname(package_dir.rstrip(os.sep))
    else:
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        parent = os.path.dirname(path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    _add_sys_path(parent)
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(name)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
        raise
    return module


def _path_module(name: str, dirs: List[str]) -> Optional[types.ModuleType]:
    """Steps 1-2: `name` as a path to a package directory or a file."""
    candidates = [name] if os.path.isabs(name) else \
        [name] + [os.path.join(d, name) for d in dirs]
    for p in candidates:
        if p.endswith("__init__.py") and os.path.isfile(p):
            return _load_from_file(p, os.path.dirname(os.path.abspath(p)))
        if os.path.isdir(p):
            init = os.path.join(p, "__init__.py")
            if os.path.isfile(init):
                return _load_from_file(init, os.path.abspath(p))
            _add_sys_path(os.path.dirname(os.path.abspath(p)))
            return importlib.import_module(os.path.basename(os.path.abspath(p)))
        if os.path.isfile(p):
            return _load_from_file(p)
    return None


def _in_dir(name: str, d: str) -> bool:
    """Does directory d hold module `name` (its top-level package for a dotted name)?"""
    top = name.split(".")[0]
    return os.path.isfile(os.path.join(d, top + ".py")) or \
        os.path.isfile(os.path.join(d, top, "__init__.py"))


def _import_from(name: str, d: str) -> types.ModuleType:
    _add_sys_path(d)
    importlib.invalidate_caches()
    return importlib.import_module(name)


def _not_found(e: BaseException, name: str) -> bool:
    """Is e the import system saying that `name` (or its top-level package) is not there?"""
    if type(e) is not ModuleNotFoundError:
        return False
    missing = getattr(e, "name", None)
    return missing is None or name == missing or name.startswith(missing + ".")


def load_dirs(k: Any) -> List[str]:
    """Directories of the files being `.l`-loaded, innermost first."""
    return list(reversed(k.load_dirs))


def find_module(k: Any, name: str) -> types.ModuleType:
    """The module `.py(name)` means (see the module docstring for the search order)."""
    dirs = load_dirs(k)
    m = _path_module(name, dirs)
    if m is not None:
        return m
    if name in sys.modules and sys.modules[name] is not None:
        return sys.modules[name]
    for d in dirs:
        if _in_dir(name, d):
            return _import_from(name, d)
    try:
        return importlib.import_module(name)
    except ImportError as e:
        if not _not_found(e, name):
            raise
        cwd = os.getcwd()
        if cwd not in dirs and _in_dir(name, cwd):
            return _import_from(name, cwd)
        raise


def _load_module(k: Any, x: Any) -> types.ModuleType:
    if type(x) not in (str, Symbol):
        raise KlongError("type", "module name must be a string")
    name = str.__str__(x)
    try:
        return find_module(k, name)
    except KlongError:
        raise
    except (Exception, SystemExit) as e:
        print(f".py: {e}", file=sys.stderr)
        raise KlongError("python", f"failed to load module: {name}") from e


def _exports(module: types.ModuleType) -> Iterable[tuple]:
    for attr in EXPORTS_NAMES:
        table = getattr(module, attr, None)
        if isinstance(table, dict):
            return list(table.items())
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in dir(module):
            if n.startswith("__"):
                continue
            try:
                out.append((n, getattr(module, n)))
            except Exception:      # a lazy attribute that fails to load: skip it
                continue
    return out


def _export_value(k: Any, v: Any) -> Any:
    try:
        return to_klong(k, v)
    except Exception:          # an odd attribute that does not convert: keep the object
        return v


@system_function(".py", 1)
def py(k: Any, x: Any) -> int:
    """.py(x): import module x; every attribute not starting with `__` (or only the dict
    `klong_exports` / `klongpy_exports`) becomes a global of the same name."""
    module = _load_module(k, x)
    for name, value in _exports(module):
        _define(k, str(name), _export_value(k, value))
    return 1


def _name_list(y: Any, B: Any) -> List[str]:
    if isinstance(y, str) and type(y) in (str, Symbol):
        return [str.__str__(y)]
    items = B.items(y) if B.is_list(y) else None
    if items is None:
        raise KlongError("type", "from list entry must be a string")
    out = []
    for it in items:
        if type(it) not in (str, Symbol):
            raise KlongError("type", "from list entry must be a string")
        out.append(str.__str__(it))
    return out


@system_function(".pyf", 2)
def pyf(k: Any, x: Any, y: Any) -> int:
    """.pyf(x;y): import only the name(s) y of module x; unknown names are skipped."""
    names = _name_list(y, k.backend)
    module = _load_module(k, x)
    exports = dict(_exports(module)) if any(hasattr(module, a) for a in EXPORTS_NAMES) \
        else None
    for name in names:
        if exports is not None:
            if name not in exports:
                continue
            value = exports[name]
        else:
            try:
                value = getattr(module, name)
            except AttributeError:
                try:          # a submodule that the package does not import itself
                    value = importlib.import_module(f"{module.__name__}.{name}")
                except ImportError:
                    continue
        _define(k, name, _export_value(k, value))
    return 1


def _object(k: Any, v: Any) -> Any:
    """A value or a symbol naming a global, as the Python object behind it."""
    if type(v) is Symbol:
        try:
            v = _lookup(k, str.__str__(v))
        except KeyError:
            raise KlongError("undefined", f"undefined: {v}") from None
    return python_target(v)


def _pyc_target(k: Any, x: Any) -> Any:
    B = k.backend
    if type(x) is str:
        try:
            return python_target(_lookup(k, x))
        except KeyError:
            raise KlongError("undefined", f"function {x} not found") from None
    if B.is_list(x) and B.is_object_array(x) and len(x) == 2 and type(x[1]) is str:
        obj = _object(k, x[0])
        try:
            return getattr(obj, x[1])
        except AttributeError:
            raise KlongError("undefined", f"function {x[1]} not found") from None
    if isinstance(x, KFunction) or callable(x):
        return python_target(x)
    raise KlongError("type", "function name must be a string")


@system_function(".pyc", 3)
def pyc(k: Any, x: Any, y: Any, z: Any) -> Any:
    """.pyc(x;y;z): call x with the positional arguments y (a list is spread) and the
    keyword arguments of dictionary z."""
    kwargs = keyword_args(k, z)
    target = _pyc_target(k, x)
    args = spread_args(k, y)
    if isinstance(target, KFunction):           # a Klong function: call it the Klong way
        if kwargs:
            raise KlongError("type", ".pyc: a Klong function takes no keyword arguments")
        return call_value(k.runtime, target, [to_klong(k, a) for a in args])
    if not callable(target):
        return to_klong(k, target)
    return call_python(k, target, args, kwargs)


@system_function(".pya", 2)
def pya(k: Any, x: Any, y: Any) -> Any:
    """.pya(x;y): attribute y of object x (a value or a symbol naming a global)."""
    if not isinstance(y, str) or type(y) not in (str, Symbol):
        raise KlongError("type", f".pya: attribute name must be a string: {written(y)}")
    obj = _object(k, x)
    name = str.__str__(y)
    try:
        value = getattr(obj, name)
    except AttributeError:
        raise KlongError("undefined", f"attribute {name} not found") from None
    return to_klong(k, value)


@system_function(".bkf", 1)
def bkf(k: Any, x: Any) -> None:
    """.bkf(x): define the function(s) named x from the backend's array module."""
    B = k.backend
    names = _name_list(x, B)
    for name in names:
        fn = B.backend_function(name)
        if fn is None or not callable(fn):
            raise KlongError("undefined", f"Backend does not have function: {name}")
        _define(k, name, to_klong(k, fn))
    return None

"""Import structure of the packages, read with `ast` (docs/internals.md, "Layers").

Checked over klong/, klong_lsp/ and klong_kernel/:
- no import cycle, counting imports inside functions and under `if TYPE_CHECKING:` too;
- klong.syntax and klong.errors reach none of klong.runtime, klong.printer, klong.backends,
  klong.system;
- no code outside klong/interpreter.py (in klong/, klong_lsp/, tests/) reads or writes a
  private attribute of KlongInterpreter;
- the compiler and the runtime's function objects are in no cycle; only the interpreter
  imports the compiler.

How imports become edges of the graph (module -> the module it imports):
- relative imports are resolved against the importing module's package;
- `from P import name` is an edge to the module P.name when that is a module, else to P;
- `import a.b.c` is one edge, to a.b.c (the innermost module of ours that the name names);
- an edge from a module to one of its own parent packages is left out: Python imports every
  parent package before the module anyway, so such an import adds no order of its own (and
  `from klong import __version__` in klong.cli is no cycle with klong/__init__). A package's
  `__init__` importing its submodules is an edge like any other.

The checking functions take a root folder, so the tests at the end run them on small fake
packages built in tmp_path, to show that each check reports what it is meant to.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple

import klong

ROOT = Path(klong.__file__).parent.parent
PACKAGES = ("klong", "klong_lsp", "klong_kernel")
LOWER = ("klong.syntax", "klong.errors")
ABOVE_LOWER = ("klong.runtime", "klong.printer", "klong.printer_html", "klong.backends",
               "klong.system")
_ATTRIBUTE_CALLS = ("getattr", "setattr", "hasattr", "delattr")

Edge = Tuple[str, str]


# ---- the checking functions ------------------------------------------------------------------

def module_files(root: Path, packages: Iterable[str] = PACKAGES) -> Dict[str, Path]:
    """Dotted module name -> file, for every .py file under root/<package>."""
    files: Dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def import_graph(root: Path, packages: Iterable[str] = PACKAGES) -> Dict[str, Set[str]]:
    """module -> the modules of `packages` it imports, anywhere in its text (see the module
    docstring for how imports become edges)."""
    files = module_files(root, packages)

    def known(name: str) -> str:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name

    graph: Dict[str, Set[str]] = {}
    for mod, path in files.items():
        package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        out: Set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    stem = ".".join(package[:len(package) - node.level + 1])
                    base = f"{stem}.{base}" if base else stem
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base
                         for a in node.names]
            else:
                continue
            for name in names:
                target = known(name)
                if target and target != mod and not mod.startswith(target + "."):
                    out.add(target)
        graph[mod] = out
    return graph


def reachable(graph: Dict[str, Set[str]], start: str) -> Set[str]:
    """The modules `start` imports, directly or through others."""
    seen: Set[str] = set()
    todo: List[str] = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycle_edges(graph: Dict[str, Set[str]]) -> Set[Edge]:
    """Every import edge that lies on a cycle (a -> b where b also reaches a)."""
    reach = {mod: reachable(graph, mod) for mod in graph}
    return {(a, b) for a, deps in graph.items() for b in deps if a in reach.get(b, ())}


def forbidden_imports(graph: Dict[str, Set[str]], lower: Iterable[str] = LOWER,
                      above: Iterable[str] = ABOVE_LOWER) -> Set[Edge]:
    """(module of `lower`, module of `above` that it reaches by imports, directly or not)."""
    def under(mod: str, prefixes: Iterable[str]) -> bool:
        return any(mod == p or mod.startswith(p + ".") for p in prefixes)

    return {(mod, dep) for mod in graph if under(mod, lower)
            for dep in reachable(graph, mod) if under(dep, above)}


# docs/internals.md, "Layers": module prefix -> layer (a module may import its own layer and
# those with smaller numbers). The package `klong` itself is in no layer: it imports
# klong.errors, and klong.interpreter lazily, for `klong.KlongInterpreter`.
LAYERS: Dict[str, int] = {
    "klong.errors": 1, "klong.syntax": 1,
    "klong.values": 2, "klong.printer": 2, "klong.printer_html": 2, "klong.runtime": 2,
    "klong.backends": 2,
    "klong.interop": 2, "klong.autograd": 2,
    "klong.system": 3,
    "klong.interpreter": 4, "klong.reference": 4, "klong.charts": 4, "klong.tooling": 4,
    "klong.cli": 5, "klong.__main__": 5, "klong.repl": 5, "klong.pygments_lexer": 5,
    "klong_lsp": 5, "klong_kernel": 5,
}


def layer_of(mod: str, layers: Dict[str, int]) -> int | None:
    """The layer of the longest prefix of `mod` in `layers` (None if none)."""
    while mod and mod not in layers:
        mod = mod.rpartition(".")[0]
    return layers.get(mod)


def upward_imports(graph: Dict[str, Set[str]], layers: Dict[str, int]) -> Set[Edge]:
    """Imports of a module in a higher layer (a larger number) than the importer's."""
    found: Set[Edge] = set()
    for mod, deps in graph.items():
        own = layer_of(mod, layers)
        for dep in deps:
            theirs = layer_of(dep, layers)
            if own is not None and theirs is not None and theirs > own:
                found.add((mod, dep))
    return found


def private_names(interpreter_file: Path) -> Set[str]:
    """The private (`_x`, not `__x__`) attribute names of class KlongInterpreter: its
    methods, the attributes it reads or writes on `self`, and those it names in
    getattr/setattr/hasattr/delattr(self, "_x")."""
    tree = ast.parse(interpreter_file.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body
               if isinstance(n, ast.ClassDef) and n.name == "KlongInterpreter")
    names: Set[str] = set()
    for node in ast.walk(cls):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and _is_self(node.value):
            names.add(node.attr)
        elif _attribute_call(node) and _is_self(node.args[0]):
            names.add(node.args[1].value)
    return {n for n in names if n.startswith("_") and not (n.startswith("__")
                                                          and n.endswith("__"))}


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _attribute_call(node: ast.AST) -> bool:
    """getattr/setattr/hasattr/delattr(obj, "name", ...) with a literal name."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _ATTRIBUTE_CALLS and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str))


def reach_ins(root: Path, folders: Iterable[str], names: Set[str], exempt: Path) -> Set[Edge]:
    """(file relative to root, the expression) for each `x._name` or getattr(x, "_name")
    (setattr, hasattr, delattr) in the .py files under `folders`, where `_name` is in `names`
    and x is not `self` or `cls` (an object's own attribute of the same name is its own
    business); the file `exempt` (the interpreter itself) is skipped."""
    found: Set[Edge] = set()
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if path.resolve() == exempt.resolve():
                continue
            where = path.relative_to(root).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr in names
                        and not _is_self(node.value)):
                    found.add((where, ast.unparse(node)))
                elif (_attribute_call(node) and node.args[1].value in names
                        and not _is_self(node.args[0])):
                    found.add((where, ast.unparse(node)))
    return found


# ---- the real tree -----------------------------------------------------------------------------



def test_the_graph_sees_imports_inside_functions():
    graph = import_graph(ROOT)
    assert "klong.interpreter" in graph["klong.cli"]          # imported inside main()
    assert "klong.runtime.functions" in graph["klong.runtime.compile"]
    assert "klong.printer" in graph["klong.repl.session"]     # imported on first use


def test_no_import_cycle():
    assert sorted(cycle_edges(import_graph(ROOT))) == []


def test_syntax_and_errors_import_nothing_above_them():
    assert forbidden_imports(import_graph(ROOT)) == set()


def test_each_layer_imports_only_its_own_and_those_below():
    graph = import_graph(ROOT)
    assert upward_imports(graph, LAYERS) == set()
    unplaced = sorted(m for m in graph if m != "klong" and layer_of(m, LAYERS) is None)
    assert unplaced == []


def test_no_reach_into_the_interpreter():
    names = private_names(ROOT / "klong" / "interpreter.py")
    assert {"_globals", "_backend", "_rt", "_eval"} <= names
    found = reach_ins(ROOT, ("klong", "klong_lsp", "tests"), names,
                      exempt=ROOT / "klong" / "interpreter.py")
    assert sorted(found) == []


def test_compiler_and_functions_are_in_no_import_cycle():
    graph = import_graph(ROOT)
    for mod in ("klong.runtime.compile", "klong.runtime.functions"):
        assert mod not in reachable(graph, mod), mod


def test_only_the_interpreter_imports_the_compiler():
    graph = import_graph(ROOT)
    importers = sorted(m for m, deps in graph.items() if "klong.runtime.compile" in deps)
    assert importers == ["klong.interpreter"]


# ---- each check fails on a fake package that breaks its rule -----------------------------------

def _write(root: Path, files: Dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_relative_import_is_reported(tmp_path):
    root = _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from .b import g\n",
        "pkg/b.py": "def g():\n    from . import a\n    return a\n",
        "pkg/c.py": "import pkg.a\n",
    })
    graph = import_graph(root, ["pkg"])
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": {"pkg.a"}}
    found = cycle_edges(graph)
    assert found == {("pkg.a", "pkg.b"), ("pkg.b", "pkg.a")}


def test_a_type_checking_import_makes_a_cycle_too(tmp_path):
    root = _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/server.py": "from .features import register\n",
        "pkg/features.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                            "    from .server import Server\n"),
    })
    assert cycle_edges(import_graph(root, ["pkg"])) == {
        ("pkg.server", "pkg.features"), ("pkg.features", "pkg.server")}


def test_importing_the_own_parent_package_is_no_cycle(tmp_path):
    root = _write(tmp_path, {
        "pkg/__init__.py": "from . import sub\n__version__ = '1'\n",
        "pkg/sub/__init__.py": "from .mod import f\n",
        "pkg/sub/mod.py": "from .. import __version__\nfrom pkg import sub\n",
    })
    graph = import_graph(root, ["pkg"])
    assert graph == {"pkg": {"pkg.sub"}, "pkg.sub": {"pkg.sub.mod"}, "pkg.sub.mod": set()}
    assert cycle_edges(graph) == set()


def test_a_syntax_module_reaching_the_runtime_is_reported(tmp_path):
    root = _write(tmp_path, {
        "klong/__init__.py": "",
        "klong/errors.py": "",
        "klong/syntax/__init__.py": "",
        "klong/syntax/parser.py": "from ..errors import E\nfrom . import helper\n",
        "klong/syntax/helper.py": "def f():\n    from klong.printer import written\n",
        "klong/printer.py": "from .runtime.dicts import key\n",
        "klong/runtime/__init__.py": "",
        "klong/runtime/dicts.py": "",
    })
    found = forbidden_imports(import_graph(root, ["klong"]))
    assert found == {("klong.syntax.helper", "klong.printer"),
                     ("klong.syntax.helper", "klong.runtime.dicts"),
                     ("klong.syntax.parser", "klong.printer"),
                     ("klong.syntax.parser", "klong.runtime.dicts")}


def test_an_import_of_a_higher_layer_is_reported(tmp_path):
    root = _write(tmp_path, {
        "klong/__init__.py": "",
        "klong/values.py": "",
        "klong/runtime/__init__.py": "",
        "klong/runtime/verbs.py": "from ..values import Char\n",
        "klong/system/__init__.py": "from ..runtime import verbs\n",
        "klong/printer.py": "def f():\n    from .system import io\n",
    })
    graph = import_graph(root, ["klong"])
    assert upward_imports(graph, LAYERS) == {("klong.printer", "klong.system")}


def test_a_reach_into_the_interpreter_is_reported(tmp_path):
    root = _write(tmp_path, {
        "klong/interpreter.py": (
            "class KlongInterpreter:\n"
            "    def __init__(self):\n"
            "        self._table = {}\n"
            "        self.public = 1\n"
            "    def _run(self):\n"
            "        return getattr(self, '_hook', None)\n"
            "    def __len__(self):\n"
            "        return 0\n"),
        "klong/other.py": (
            "class Other:\n"
            "    def __init__(self, k):\n"
            "        self._table = k.public\n"          # its own attribute: fine
            "        self.n = len(k._table)\n"          # a reach-in
            "        setattr(k, '_hook', 1)\n"          # a reach-in through setattr
            "        k.__len__()\n"),
        "tests/test_it.py": "def test(k):\n    assert k._run() is None\n",
    })
    names = private_names(root / "klong" / "interpreter.py")
    assert names == {"_table", "_run", "_hook"}
    found = reach_ins(root, ("klong", "tests"), names, exempt=root / "klong" / "interpreter.py")
    assert found == {("klong/other.py", "k._table"),
                     ("klong/other.py", "setattr(k, '_hook', 1)"),
                     ("tests/test_it.py", "k._run")}

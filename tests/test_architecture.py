"""Import structure of the package, read with `ast`: the compiler and the runtime's function
objects are in no import cycle, counting imports inside functions too."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

import klong

PACKAGE = Path(klong.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> Dict[str, Set[str]]:
    """module -> the klong modules it imports (module level or inside a function); a parent
    package of the importer is left out (it is always imported first)."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}

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


def _reachable(graph: Dict[str, Set[str]], start: str) -> Set[str]:
    seen: Set[str] = set()
    todo: List[str] = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_sees_imports_inside_functions():
    graph = _import_graph()
    assert "klong.interpreter" in graph["klong.cli"]          # imported inside main()
    assert "klong.runtime.functions" in graph["klong.runtime.compile"]


def test_compiler_and_functions_are_in_no_import_cycle():
    graph = _import_graph()
    for mod in ("klong.runtime.compile", "klong.runtime.functions"):
        assert mod not in _reachable(graph, mod), mod


def test_only_the_interpreter_imports_the_compiler():
    graph = _import_graph()
    importers = sorted(m for m, deps in graph.items() if "klong.runtime.compile" in deps)
    assert importers == ["klong.interpreter"]

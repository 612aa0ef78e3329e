"""Static analysis of Klong documents: plain functions and classes, no server in sight.

A document is split into chunks (klong_lsp.chunks); each chunk is parsed with
`parse_tolerant` and walked once into a `ChunkInfo` (definitions, names used, calls, imports,
syntax errors), cached by the chunk's text. An edit re-parses only the chunks it touched, and
the diagnostics that depend on the whole file (undefined names, argument counts) are
recomputed only for chunks that use a name whose definition changed.

Offsets inside a ChunkInfo are relative to its chunk; a `Document` places them.
"""
from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, \
    Set, Tuple

from klong.errors import Span
from klong.syntax import ast as A
from klong.syntax.continuation import balanced_source, balanced_span
from klong.syntax.data import DictLit, ListLit
from klong.syntax import symtable as ST
from klong.syntax.collector import paused
from klong.syntax.parser import parse_lines, parse_tolerant
from klong.syntax.symtable import Occurrence
from klong.tooling.gradients import GradSite, gradient_sites, is_defining

from . import chunks as C
from . import imports as I
from . import refdata
from . import scan as S

ERROR, WARNING, INFORMATION, HINT = 1, 2, 3, 4

# diagnostic codes
SYNTAX = "syntax-error"
UNCLOSED = "unclosed-bracket"
UNDEFINED = "undefined-name"
TOO_MANY_ARGS = "too-many-arguments"
UNKNOWN_SYSTEM = "unknown-system-function"
LOAD_NOT_FOUND = "load-not-found"

WRONG_VALENCE = "no-monadic-form"
FLAT_DICT = "flat-dictionary"


@lru_cache(maxsize=1)
def _no_monad() -> Dict[str, str]:
    """Verbs without a monadic meaning (reference table), with their dyadic usage; read on
    first use, so that the server answers `initialize` without loading the table."""
    return {e["name"]: e["dyad"]["usage"] for e in refdata.reference.entries()
            if e["kind"] in ("verb", "extension") and e.get("dyad") and not e.get("monad")
            and not e["name"].startswith(".") and e["name"] != "::"}


class RelDiag(NamedTuple):
    span: Span              # relative to the chunk (line 1 = the chunk's first line)
    code: str
    message: str
    severity: int


class Def(NamedTuple):
    """A global definition: `name::value` anywhere, or a name `.pyf`/`.bkf` imports."""
    name: str
    span: Span              # the name
    arity: Optional[int]    # the value is a function of this arity; None: unknown/not one
    stmt: int               # index of the top-level statement in the chunk
    kind: str               # "function", "variable", "import"


class Use(NamedTuple):
    name: str
    span: Span


class CallSite(NamedTuple):
    name: str
    nargs: int
    span: Span              # the callee name
    call_span: Span         # the whole call


class Stmt(NamedTuple):
    start: int              # relative extent of a top-level statement
    end: int
    node: Any
    defining: bool          # a definition or import: evaluated before a hover's expression


class PrimSite(NamedTuple):
    offset: int
    length: int
    op: str
    valence: str             # how the (derived) verb is applied: "monad" | "dyad"
    adverbs: Tuple[str, ...]


def _arity_of(value: Any) -> Tuple[Optional[int], str]:
    t = type(value)
    if t is A.Lambda:
        return value.arity, "function"
    if t is A.Call and value.is_projection:
        return sum(1 for a in value.args if a is None), "function"
    if t is A.Monad and type(value.verb) is A.Prim and value.verb.op == "∇":
        return 1, "function"
    if t is A.Assign:
        return _arity_of(value.value)
    return None, "variable"


def _literal_names(node: Any) -> Optional[Tuple[str, ...]]:
    """Names given as a string literal or a list literal of strings/symbols, else None."""
    if type(node) is A.Const and type(node.value) is str:
        return (node.value,)
    if type(node) is A.Data and isinstance(node.datum, ListLit):
        items = node.datum.items
        if all(isinstance(v, str) for v in items):      # strings or symbols
            return tuple(str.__str__(v) for v in items)
    return None


def _has_flat_dict(datum: Any) -> bool:
    """A data literal holds a dictionary written in the flat form `:{[k1 v1 k2 v2]}`."""
    t = type(datum)
    if t is DictLit:
        return datum.flat or any(_has_flat_dict(k) or _has_flat_dict(v)
                                 for k, v in datum.pairs)
    if t is ListLit:
        return any(_has_flat_dict(v) for v in datum.items
                   if type(v) is ListLit or type(v) is DictLit)
    return False


_new = tuple.__new__
_Name, _Const, _Data, _Prim = A.Name, A.Const, A.Data, A.Prim
_Dyad, _Monad, _Assign, _Call, _Lambda = A.Dyad, A.Monad, A.Assign, A.Call, A.Lambda


class _Walker:
    """One pass over a chunk's AST, which drives the scope analysis (`symtable.Builder`).
    `detailed` also records occurrences and scopes for hover, go to definition, references,
    semantic tokens and completion. `dicts`: the text may hold a dictionary literal (then
    data literals are searched for the flat form)."""

    def __init__(self, detailed: bool, dicts: bool = False):
        self.detailed = detailed
        self.dicts = dicts and not detailed
        self.defs: List[Def] = []
        self.uses: List[Use] = []
        self.calls: List[CallSite] = []
        self.imports: List[Tuple[str, str]] = []
        self.loads: List[Tuple[str, Span]] = []     # .l("file") calls: file, call span
        self.diags: List[RelDiag] = []
        self.symbols = ST.Builder(record=detailed)
        self.occ: List[Occurrence] = self.symbols.symbols
        self.scopes: List[ST.Scope] = self.symbols.scopes
        self.prims: List[PrimSite] = []
        self.stmt = 0

    # ---- names ------------------------------------------------------------------
    def name_use(self, node: Any) -> Optional[Tuple[str, int]]:
        span, name = node
        symbols = self.symbols
        # a name outside every literal is a global: no scope to resolve it in, no record
        b = symbols.use(name, span) if symbols.stack or symbols.record else None
        if b is None:
            self.uses.append(_new(Use, (name, span)))
        return b

    # ---- nodes -------------------------------------------------------------------
    # Nodes are tuples (klong.syntax.ast): unpacked here rather than read by field name, and
    # constants, the most common leaves, are not visited (the walk is the cold open's).
    def walk(self, node: Any) -> None:
        t = type(node)
        if t is _Name:
            symbols = self.symbols
            if symbols.stack or symbols.record:
                self.name_use(node)
            else:                   # name_use, for a global name
                self.uses.append(_new(Use, (node[1], node[0])))
        elif t is _Dyad:
            _, verb, left, right = node
            if type(left) is not _Const:
                self.walk(left)
            if type(verb) is not _Prim or self.detailed:
                self.verb(verb, "dyad", 2)
            if type(right) is not _Const:
                self.walk(right)
        elif t is _Assign:
            _, name, name_span, value = node
            if type(value) is not _Const:
                self.walk(value)
            if self.symbols.assign(name, name_span) < 0:
                arity, kind = _arity_of(value)
                self.defs.append(Def(name, name_span, arity, self.stmt, kind))
        elif t is _Monad:
            _, verb, arg = node
            self.verb(verb, "monad", 1)
            if type(arg) is not _Const:
                self.walk(arg)
        elif t is _Call:
            self.call(node)
        elif t is _Lambda:
            self.lambda_(node)
        elif t is _Const:
            return
        elif t is _Data:
            if self.dicts and _has_flat_dict(node.datum):
                self.diags.append(RelDiag(node.span, FLAT_DICT, (
                    "a dictionary written as one flat entry [k1 v1 k2 v2 ...] is read as "
                    "key/value pairs here, but kg reads this as an error (malformed "
                    "dictionary entry): write :{[k1 v1] [k2 v2] ...} for kg"), INFORMATION))
        elif t is A.Cond:
            for c, then in node.clauses:
                self.walk(c)
                self.walk(then)
            self.walk(node.otherwise)
        elif t is A.EvList:
            for item in node.items:
                self.walk(item)
        elif t is A.Program:
            for e in node.exprs:
                self.walk(e)
        elif t is _Prim or t is A.Adverbed:
            self.verb(node, "monad", 1)

    def verb(self, verb: Any, valence: str, nargs: int) -> None:
        t = type(verb)
        if t is A.Prim:
            if self.detailed:
                sp = verb.span
                self.prims.append(PrimSite(sp.offset, sp.length, verb.op, valence, ()))
            elif valence == "monad" and verb.op in (no_monad := _no_monad()):
                self.diags.append(RelDiag(verb.span, WRONG_VALENCE, (
                    f"{verb.op} has no monadic form: it needs a left operand "
                    f"({no_monad[verb.op]}); error: syntax at run time"), ERROR))
        elif t is A.Adverbed:
            inner = verb.verb
            if type(inner) is A.Prim:
                if self.detailed:
                    sp = inner.span
                    self.prims.append(PrimSite(sp.offset, sp.length, inner.op, valence,
                                               verb.adverbs))
            else:
                self.walk(inner)
        elif t is A.Name:
            if self.name_use(verb) is None:
                self.calls.append(CallSite(verb.name, nargs, verb.span, verb.span))
        elif t is A.Lambda:
            self.lambda_(verb)
            if nargs > verb.arity:
                self.too_many("this function", verb.arity, nargs, verb.span)
        else:
            self.walk(verb)

    def too_many(self, what: str, arity: int, nargs: int, span: Span) -> None:
        self.diags.append(RelDiag(span, TOO_MANY_ARGS, too_many_message(what, arity, nargs),
                                  ERROR))

    def call(self, node: Any) -> None:
        fn = node.fn
        args = node.args
        projection = self.symbols.enter_projection(node) if node.is_projection else None
        for a in args:
            if a is not None:
                self.walk(a)
        if projection is not None:
            self.symbols.exit()
        t = type(fn)
        if t is A.Name:
            if self.name_use(fn) is None:
                sp = node.span
                self.calls.append(CallSite(fn.name, len(args), fn.span, sp))
                if fn.name.startswith("."):
                    self.system_call(fn.name, args, sp)
        elif t is A.Lambda:
            self.lambda_(fn)
            if len(args) > fn.arity:
                self.too_many("this function", fn.arity, len(args), node.span)
        else:
            self.walk(fn)

    def system_call(self, name: str, args: Tuple[Any, ...], span: Span) -> None:
        if name not in (".l", ".py", ".pyf", ".bkf") or not args or args[0] is None:
            return
        first = args[0]
        literal = type(first) is A.Const and type(first.value) is str
        if name in (".l", ".py"):
            if literal:
                self.imports.append(("l" if name == ".l" else "py", first.value))
                if name == ".l":
                    self.loads.append((first.value, span))
            else:
                self.imports.append(("?", f"{name} with a computed argument"))
            return
        names_node = args[1] if name == ".pyf" and len(args) > 1 else first
        names = _literal_names(names_node) if names_node is not None else None
        if names is None:
            self.imports.append(("?", f"{name} with computed names"))
            return
        for n in names:
            self.defs.append(Def(n, names_node.span, None, self.stmt, "import"))

    def lambda_(self, node: Any) -> None:
        symbols = self.symbols
        symbols.enter_lambda(node)
        walk = self.walk
        for e in node[1][1]:        # body.exprs
            if type(e) is not _Const:
                walk(e)
        symbols.exit()


def _extent(node: Any) -> Tuple[int, int]:
    """The extent (start, end) of a statement's text, from its nodes' spans: a dyad's span
    is its verb's, an assignment's its name's."""
    t = type(node)
    if t is A.Assign:
        sp = node.name_span
        return sp.offset, max(_extent(node.value)[1], sp.offset + sp.length)
    if t is A.Dyad:
        ls, le = _extent(node.left)
        vs, ve = _verb_extent(node.verb)
        return min(ls, vs), max(_extent(node.right)[1], ve, le)
    if t is A.Monad:
        vs, ve = _verb_extent(node.verb)
        as_, ae = _extent(node.arg)
        return min(vs, as_), max(ve, ae)
    if t is A.Call:
        sp = node.span
        return min(node.fn.span.offset, sp.offset), sp.offset + sp.length
    if t is A.Prim or t is A.Adverbed:
        return _verb_extent(node)
    sp = node.span
    return sp.offset, sp.offset + sp.length


def _verb_extent(verb: Any) -> Tuple[int, int]:
    t = type(verb)
    if t is A.Adverbed:         # the adverbs are not in it (as `w.prims` records them)
        inner = verb.verb
        if type(inner) is A.Prim:
            sp = inner.span
            return sp.offset, sp.offset + sp.length
        return _extent(inner)
    if t is A.Prim:
        sp = verb.span
        return sp.offset, sp.offset + sp.length
    return _extent(verb)


def load_not_found_message(name: str, folders: List[str]) -> str:
    return (f'.l("{name}"): file not found in {", ".join(folders)}; add the folder that '
            f"holds it to the setting klong.searchPath (or to KLONGPATH). Undefined names "
            f"are not reported in this file while it is missing, since it could define "
            f"them (error: io at run time)")


def too_many_message(what: str, arity: int, nargs: int) -> str:
    takes = ("takes no arguments" if arity == 0 else
             f"takes {arity} argument{'s' if arity != 1 else ''}")
    return f"{what} {takes} but is called with {nargs}: error: arity at run time"


_name_of = itemgetter(0)      # of a Use or a Def
_NO_NAMES: frozenset = frozenset()


class ChunkInfo:
    """Everything about one chunk's text that does not depend on the rest of the file."""

    __slots__ = ("text", "program", "errors", "defs", "uses", "calls", "imports", "loads", "diags",
                 "_stmts", "_grads", "names", "def_names", "ascii", "_detail", "_tokens")

    def __init__(self, text: str, program: Optional[A.Program] = None):
        """`program`: the text's parse when it is known to have no syntax error."""
        self.text = text
        self.ascii = text.isascii()
        if program is None:
            program, errors = parse_tolerant(text)
        else:
            errors = []
        self.program = program
        w = _Walker(False, ":{" in text)
        walk = w.walk
        # (no symbols.statement: the open module only matters to a detailed walk's records)
        for i, e in enumerate(program.exprs):
            w.stmt = i
            walk(e)
        self.defs = w.defs
        self.uses = w.uses
        self.calls = w.calls
        self.imports = w.imports
        self.loads = w.loads
        self.diags = [RelDiag(e.span or Span(1, 1, 0, 1), SYNTAX, e.text, ERROR)
                      for e in errors] + w.diags if errors else w.diags
        self.errors = errors
        self.names = frozenset(map(_name_of, w.uses)) if w.uses else _NO_NAMES
        self.def_names = frozenset(map(_name_of, w.defs)) if w.defs else _NO_NAMES
        self._stmts: Optional[List[Stmt]] = None
        self._detail: Optional[_Walker] = None
        self._tokens: Optional[List[S.Tok]] = None
        self._grads: Optional[List[GradSite]] = None

    @property
    def stmts(self) -> List[Stmt]:
        """The top-level statements with their extents (computed on first use: hover,
        symbols, live evaluation)."""
        if self._stmts is None:
            self._stmts = [Stmt(*_extent(e), e, is_defining(e)) for e in self.program.exprs]
        return self._stmts

    @property
    def grads(self) -> List[GradSite]:
        """The gradient and Jacobian expressions (computed on first use: hover)."""
        if self._grads is None:
            self._grads = gradient_sites(self.program)
        return self._grads

    @property
    def detail(self) -> _Walker:
        """Occurrences, scopes, primitives (computed on first use)."""
        if self._detail is None:
            w = _Walker(True)
            for i, e in enumerate(self.program.exprs):
                w.stmt = i
                w.walk(e)
                w.symbols.statement(e)
            w.occ.sort()
            w.prims.sort()
            self._detail = w
        return self._detail

    @property
    def tokens(self) -> List[S.Tok]:
        if self._tokens is None:
            self._tokens = S.tokens(self.text)
        return self._tokens

    def token_at(self, rel: int) -> Optional[S.Tok]:
        """The token covering a relative offset (or ending right there)."""
        toks = self.tokens
        i = bisect_right(toks, (rel, 1 << 30)) - 1
        if i >= 0:
            t = toks[i]
            if t.offset <= rel < t.offset + t.length:
                return t
            if rel == t.offset + t.length and t.kind != S.COMMENT:
                return t
        return None

    def balanced(self, start: int, end: int) -> str:
        """The source of an extent as evaluable code (continuation.balanced_source)."""
        return balanced_source(self.text, start, end)

    def balanced_span(self, start: int, end: int) -> Tuple[int, int, int, int]:
        """(start, end, parentheses to add before, after) for `balanced`."""
        return balanced_span(self.text, start, end)


# chunk text -> ChunkInfo, shared by all documents
_CACHE: "OrderedDict[str, ChunkInfo]" = OrderedDict()
_CACHE_SIZE = 50000


def chunk_info(text: str) -> ChunkInfo:
    info = _CACHE.get(text)
    if info is None:
        info = ChunkInfo(text)
        _CACHE[text] = info
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return info


_BATCH = 256


def chunk_infos(texts: List[str]) -> List[ChunkInfo]:
    """`[chunk_info(t) for t in texts]`, with the one-line chunks not cached yet parsed
    together, _BATCH at a time (klong.syntax.parser.parse_lines; a batch with a syntax
    error is parsed chunk by chunk)."""
    fresh = {t: None for t in texts if t not in _CACHE and t.find("\n") == len(t) - 1 >= 0
             and "comment" not in t}
    lines = list(fresh)
    made: Dict[str, ChunkInfo] = {}
    for k in range(0, len(lines), _BATCH):
        batch = lines[k:k + _BATCH]
        programs = parse_lines(batch)
        if programs is not None:
            for t, program in zip(batch, programs):
                made[t] = ChunkInfo(t, program)
    if len(_CACHE) + len(made) <= _CACHE_SIZE:      # all of them fit: cache them first
        _CACHE.update(made)
        get = _CACHE.get
        return [get(t) or chunk_info(t) for t in texts]
    out = []
    for t in texts:
        info = made.pop(t, None)
        if info is None:
            out.append(chunk_info(t))
        else:
            _CACHE[t] = info
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
            out.append(info)
    return out


@dataclass(frozen=True)
class AbsDiag:
    """A diagnostic placed in a document: code-point offsets and 0-based positions."""
    offset: int
    length: int
    start: Tuple[int, int]
    end: Tuple[int, int]
    code: str
    message: str
    severity: int


class NameState(NamedTuple):
    defined: bool
    arity: Optional[int]     # the most arguments it takes, when known


class Document:
    """One document's text, chunks and analysis; `update(text)` re-analyses incrementally."""

    def __init__(self, text: str, path: Optional[str] = None,
                 import_resolver: Optional[Callable[..., I.ImportResult]] = None,
                 search_path: Optional[str] = None):
        with paused():  # see klong.syntax.collector: 1 MB opens in 1.3 s, not 3.3 s
            self._build(text, path, import_resolver, search_path)

    def _build(self, text: str, path: Optional[str],
               import_resolver: Optional[Callable[..., I.ImportResult]],
               search_path: Optional[str]) -> None:
        self.path = path
        self.search_path = search_path    # of .l files (None: KLONGPATH or .:lib)
        self._ascii_of: Optional[str] = None
        self._ascii = True
        self.doc_dir = os.path.dirname(path) if path else None
        self._resolver = import_resolver or I.resolve
        table = self.table = C.split(text)
        # chunk_text(i) for each chunk
        self.infos = chunk_infos([text[s:e + 1] for s, e in zip(table.starts, table.ends)])
        self.def_counts: Counter = Counter()
        self.arities: Dict[str, Dict[int, int]] = {}
        self.import_counts: Counter = Counter()
        self._count_all()
        self.imported = self._resolve_imports()
        self.chunk_diags: List[List[RelDiag]] = [self._env_diags(info) for info in self.infos]

    @property
    def text(self) -> str:
        return self.table.text

    @property
    def is_ascii(self) -> bool:
        if self._ascii_of is not self.table.text:
            self._ascii = self.table.text.isascii()
            self._ascii_of = self.table.text
        return self._ascii

    # ---- incremental bookkeeping ------------------------------------------------------
    def _count_all(self) -> None:
        """`_count(info, 1)` for every chunk (the counts start empty): the first analysis."""
        counts = self.def_counts
        arities = self.arities
        import_counts = self.import_counts
        for info in self.infos:
            for d in info.defs:
                name = d.name
                counts[name] = counts.get(name, 0) + 1
                key = -1 if d.arity is None else d.arity
                c = arities.get(name)
                if c is None:
                    arities[name] = {key: 1}
                else:
                    c[key] = c.get(key, 0) + 1
            if info.imports:
                for key in info.imports:
                    import_counts[key] = import_counts.get(key, 0) + 1

    def _count(self, info: ChunkInfo, sign: int) -> None:
        counts = self.def_counts
        arities = self.arities
        for d in info.defs:
            name = d.name
            n = counts.get(name, 0) + sign
            if n > 0:
                counts[name] = n
            else:
                counts.pop(name, None)
            key = -1 if d.arity is None else d.arity
            c = arities.get(name)
            if c is None:
                c = arities[name] = {}
            m = c.get(key, 0) + sign
            if m > 0:
                c[key] = m
            else:
                c.pop(key, None)
                if not c:
                    del arities[name]
        if info.imports:
            for key in info.imports:
                n = self.import_counts.get(key, 0) + sign
                if n > 0:
                    self.import_counts[key] = n
                else:
                    self.import_counts.pop(key, None)

    def _resolve_imports(self) -> I.ImportResult:
        return self._resolver(list(self.import_counts), self.doc_dir, self.search_path)

    def state(self, name: str) -> NameState:
        """Whether `name` is defined (here, by an import, or predefined) and its arity."""
        if name in self.def_counts:
            c = self.arities.get(name)
            if not c or -1 in c:
                return NameState(True, None)
            imp = self.imported.names.get(name)
            if imp is not None and imp.arity is None:
                return NameState(True, None)
            return NameState(True, max(c))
        imp = self.imported.names.get(name)
        if imp is not None:
            return NameState(True, imp.arity)
        if name in refdata.system_names():
            ar = refdata.system_arities(name)
            return NameState(True, max(ar) if ar else None)
        return NameState(False, None)

    def _env_diags(self, info: ChunkInfo) -> List[RelDiag]:
        out: List[RelDiag] = []
        missing = self.imported.missing
        for name, span in info.loads:
            if name in missing:
                out.append(RelDiag(span, LOAD_NOT_FOUND, load_not_found_message(
                    name, missing[name]), WARNING))
        if not info.uses:
            return out
        state = self.state
        unknown = self.imported.unknown
        defined_here = self.def_counts
        for u in info.uses:
            name = u.name
            if name in defined_here or state(name).defined:
                continue
            if name.startswith("."):
                hint = ""
                if name[1:2].isdigit():
                    hint = f" ({name} is a name; write 0{name} for a number)"
                out.append(RelDiag(u.span, UNKNOWN_SYSTEM,
                                   f"unknown system function or variable: {name}{hint}",
                                   ERROR))
            elif not unknown:
                out.append(RelDiag(u.span, UNDEFINED,
                                   f"undefined name: {name} is not defined in this file or "
                                   f"by what it loads (error: undefined at run time)",
                                   WARNING))
        for c in info.calls:
            st = state(c.name)
            if st.defined and st.arity is not None and c.nargs > st.arity:
                out.append(RelDiag(c.call_span, TOO_MANY_ARGS,
                                   too_many_message(c.name, st.arity, c.nargs), ERROR))
        return out

    def update(self, text: str) -> None:
        """Re-analyse after the text changed (only the chunks an edit touched)."""
        with paused():
            self._update(text)

    def _update(self, text: str) -> None:
        old_table = self.table
        table, lo, old_hi, new_hi = old_table.update(text)
        if table is old_table:
            return
        removed = self.infos[lo:old_hi]
        added = chunk_infos([table.chunk_text(i) for i in range(lo, new_hi)])
        candidates: Set[str] = set()
        for info in removed:
            candidates |= info.def_names
        for info in added:
            candidates |= info.def_names
        # the import keys after the edit, without touching the counts yet
        delta: Counter = Counter()
        for info in removed:
            delta.subtract(info.imports)
        for info in added:
            delta.update(info.imports)
        old_imported = self.imported
        new_imported = old_imported
        recompute_all = False
        if any(delta.values()):
            keys = {k for k in set(self.import_counts) | set(delta)
                    if self.import_counts.get(k, 0) + delta.get(k, 0) > 0}
            if keys != set(self.import_counts):
                new_imported = self._resolver(sorted(keys), self.doc_dir, self.search_path)
                recompute_all = (new_imported.unknown != old_imported.unknown
                                 or new_imported.missing != old_imported.missing)
                candidates |= set(old_imported.names) ^ set(new_imported.names)
                candidates |= {n for n in set(old_imported.names) & set(new_imported.names)
                               if old_imported.names[n].arity != new_imported.names[n].arity}
        before = {n: self.state(n) for n in candidates}
        for info in removed:
            self._count(info, -1)
        for info in added:
            self._count(info, 1)
        self.imported = new_imported
        changed = {n for n in candidates if self.state(n) != before.get(n)}
        self.table = table
        self.infos[lo:old_hi] = added
        diags = self.chunk_diags
        diags[lo:old_hi] = [self._env_diags(info) for info in added]
        if recompute_all:
            self.chunk_diags = [self._env_diags(info) for info in self.infos]
        elif changed:
            for i, info in enumerate(self.infos):
                if (i < lo or i >= new_hi) and not changed.isdisjoint(info.names):
                    diags[i] = self._env_diags(info)

    # ---- placing things -----------------------------------------------------------------
    def absolute(self, i: int, rel_offset: int) -> int:
        """The document offset of an offset relative to chunk i."""
        return self.table.starts[i] + rel_offset

    def relative(self, i: int, offset: int) -> int:
        """The offset relative to chunk i of a document offset."""
        return offset - self.table.starts[i]

    def chunk_at(self, offset: int) -> int:
        """Index of the chunk containing a document offset."""
        return max(0, bisect_right(self.table.starts, offset) - 1)

    def rel_position(self, i: int, rel_offset: int) -> Tuple[int, int]:
        """(line, code-point column) in the document of an offset relative to chunk i."""
        text = self.infos[i].text
        rel_offset = max(0, min(rel_offset, len(text)))
        nl = text.rfind("\n", 0, rel_offset)
        line = self.table.lines[i] + (text.count("\n", 0, rel_offset) if nl >= 0 else 0)
        return line, rel_offset - (nl + 1)

    def _place(self, i: int, d: RelDiag) -> AbsDiag:
        sp = d.span
        start_line = self.table.lines[i] + sp.line - 1
        start = (start_line, sp.col - 1)
        text = self.infos[i].text
        end_off = sp.offset + max(sp.length, 1)
        # a span ending with the newline (an error at the end of a line) ends on its line,
        # and one at the end of the text (":eof") keeps its width of 1
        if text.find("\n", sp.offset, max(sp.offset, end_off - 1)) < 0:
            end = (start_line, sp.col - 1 + (end_off - sp.offset))
        else:
            end = self.rel_position(i, end_off)
        return AbsDiag(self.absolute(i, sp.offset), end_off - sp.offset, start, end, d.code,
                       d.message, d.severity)

    def diagnostics(self, limit: int = 1000) -> List[AbsDiag]:
        """Every diagnostic of the document, in order (at most `limit`)."""
        out: List[AbsDiag] = []
        table = self.table
        for i, info in enumerate(self.infos):
            extra = self.chunk_diags[i]
            opener = table.opens[i]
            if not info.diags and not extra and opener is None:
                continue
            placed = [self._place(i, d) for d in info.diags]
            if opener is not None and not any(self.relative(i, p.offset) == opener.offset
                                              for p in placed):
                what = opener.what
                msg = {'"': "this string is never closed: add a \"",
                       ':"': "this comment is never closed: add a \""}.get(
                    what, f"{what} is never closed: add a "
                          f"{'}' if what in ('{', ':{') else ']'}")
                line, col = self.rel_position(i, opener.offset)
                placed.append(AbsDiag(self.absolute(i, opener.offset), opener.length,
                                      (line, col), (line, col + opener.length), UNCLOSED,
                                      msg, ERROR))
            placed += [self._place(i, d) for d in extra]
            placed.sort(key=lambda p: p.offset)
            out.extend(placed)
            if len(out) >= limit:
                return out[:limit]
        return out

    # ---- lookups ------------------------------------------------------------------------
    def statements(self) -> Iterable[Tuple[int, int, Stmt]]:
        """(chunk index, statement index, statement) for every top-level statement."""
        for i, info in enumerate(self.infos):
            for j, st in enumerate(info.stmts):
                yield i, j, st

    def definitions(self, name: str) -> List[Tuple[int, Def]]:
        """Every global definition of `name` in this document: (chunk index, Def)."""
        out = []
        for i, info in enumerate(self.infos):
            if name in info.def_names:
                out.extend((i, d) for d in info.defs if d.name == name)
        return out

    def global_names(self) -> Dict[str, NameState]:
        """Names defined in this document or by its imports, with their state."""
        names = set(self.def_counts) | set(self.imported.names)
        return {n: self.state(n) for n in names}

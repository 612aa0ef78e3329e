"""Gradient and Jacobian expressions for hover and inspect: where they are in a text, what
to evaluate for one, and how its value is shown. The language server (hover, evaluating in
its worker process) and the Jupyter kernel (inspect, evaluating in its own interpreter) both
fill a `GradientResult` and show it with `gradient_markdown` / `gradient_text`.

A gradient site is a dyad whose verb is `:>`, `∇` or `∂`, or a call of `.jacobian`; its
extent runs from its left operand to its right one (the AST's spans leave operands out, so
the walk below computes extents as the language server's analysis does).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple

from klong.syntax import ast as A
from klong.syntax.continuation import balanced_source
from klong.syntax.parser import parse_tolerant

GRADIENT_OPS = frozenset({":>", "∇", "∂"})
JACOBIAN = ".jacobian"
TITLES = {":>": "gradient", "∇": "numeric gradient", "∂": "Jacobian", JACOBIAN: "Jacobian"}
# calls that define names: evaluated, with assignments, before a hovered expression
DEFINING_CALLS = frozenset({".l", ".py", ".pyf", ".bkf", ".module", ".strict", ".unsafe"})


class GradSite(NamedTuple):
    start: int               # offsets in the text walked
    end: int
    op: str                  # ":>", "∇", "∂" or ".jacobian"
    stmt: int                # index of the top-level statement


@dataclass
class GradTarget:
    """A gradient or Jacobian expression under the cursor and what to evaluate for it."""
    expr: str                # the expression's source (parentheses balanced)
    op: str
    start: int               # offsets in the document or cell
    end: int
    pieces: List[str]        # definitions before it, then the expression


@dataclass
class GradientResult:
    """A gradient expression evaluated: the description of its value
    (klong.tooling.describe), or the one line that says why there is none."""
    op: str
    expr: str
    value: Optional[Dict[str, Any]] = None
    error: Optional[str] = None
    backend: str = "numpy"
    device: str = "cpu"
    output: str = ""         # what the evaluation printed


# ---- where they are ------------------------------------------------------------------------

class _Extents:
    """One walk over statements: the extent of each node, and the gradient sites."""

    def __init__(self) -> None:
        self.sites: List[GradSite] = []
        self.stmt = 0

    def walk(self, node: Any) -> Tuple[int, int]:
        t = type(node)
        if t is A.Assign:
            _, ve = self.walk(node.value)
            sp = node.name_span
            return sp.offset, max(ve, sp.offset + sp.length)
        if t is A.Dyad:
            ls, le = self.walk(node.left)
            vs, ve = self.verb(node.verb)
            _, re_ = self.walk(node.right)
            verb = node.verb
            if type(verb) is A.Prim and verb.op in GRADIENT_OPS:
                self.sites.append(GradSite(min(ls, vs), max(re_, ve), verb.op, self.stmt))
            return min(ls, vs), max(re_, ve, le)
        if t is A.Monad:
            vs, ve = self.verb(node.verb)
            as_, ae = self.walk(node.arg)
            return min(vs, as_), max(ve, ae)
        if t is A.Call:
            return self.call(node)
        if t is A.Lambda:
            for e in node.body.exprs:
                self.walk(e)
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
        elif t is A.Prim or t is A.Adverbed:
            return self.verb(node)
        sp = node.span
        return sp.offset, sp.offset + sp.length

    def verb(self, verb: Any) -> Tuple[int, int]:
        t = type(verb)
        if t is A.Adverbed:
            if type(verb.verb) is not A.Prim:
                return self.walk(verb.verb)
            verb = verb.verb
        elif t is not A.Prim and t is not A.Name:
            return self.walk(verb)
        sp = verb.span
        return sp.offset, sp.offset + sp.length

    def call(self, node: Any) -> Tuple[int, int]:
        for a in node.args:
            if a is not None:
                self.walk(a)
        fn = node.fn
        sp = node.span
        if type(fn) is A.Name:
            if fn.name == JACOBIAN:
                self.sites.append(GradSite(sp.offset, sp.offset + sp.length, JACOBIAN,
                                           self.stmt))
        else:
            self.walk(fn)
        return min(fn.span.offset, sp.offset), sp.offset + sp.length


def gradient_sites(program: Any) -> List[GradSite]:
    """The gradient sites of a parsed program (klong.syntax.parser.parse_tolerant), inner
    ones before the sites around them."""
    walker = _Extents()
    for i, e in enumerate(program.exprs):
        walker.stmt = i
        walker.walk(e)
    return walker.sites


def innermost(sites: Sequence[GradSite], offset: int) -> Optional[GradSite]:
    """The smallest site whose extent contains offset (its end included)."""
    best = None
    for g in sites:
        if g.start <= offset <= g.end and (
                best is None or g.end - g.start < best.end - best.start):
            best = g
    return best


def is_defining(node: Any) -> bool:
    """A statement that defines names (an assignment, a load or import, a module)."""
    t = type(node)
    if t is A.Assign:
        return True
    return t is A.Call and type(node.fn) is A.Name and node.fn.name in DEFINING_CALLS


def target_in_text(text: str, offset: int) -> Optional[GradTarget]:
    """The gradient expression of a standalone text (a notebook cell) at offset: the
    innermost one around it, else the one on its line nearest to it (the larger of two at
    the same distance); its pieces are the defining statements before it in the text."""
    program, _ = parse_tolerant(text)
    walker = _Extents()
    extents = []
    for i, e in enumerate(program.exprs):
        walker.stmt = i
        extents.append(walker.walk(e))
    site = innermost(walker.sites, offset)
    if site is None:
        first = text.rfind("\n", 0, offset) + 1
        last = text.find("\n", offset)
        last = len(text) if last < 0 else last
        near = [g for g in walker.sites if g.start <= last and g.end >= first]
        if not near:
            return None
        site = min(near, key=lambda g: (max(g.start - offset, offset - g.end, 0),
                                        g.start - g.end))
    expr = balanced_source(text, site.start, site.end)
    pieces = [balanced_source(text, s, e) for (s, e), node in
              zip(extents[:site.stmt], program.exprs) if is_defining(node)]
    return GradTarget(expr, site.op, site.start, site.end, pieces + [expr])


# ---- how they are shown -------------------------------------------------------------------

def method(op: str, backend: str) -> str:
    """How the value was computed: autograd (exact, torch) or numeric differences."""
    if op in (":>", "∂", JACOBIAN):
        return "autograd" if backend == "torch" else "numeric"
    return "numeric" if op == "∇" else ""


def shape_text(value: Dict[str, Any]) -> str:
    """`scalar`, `0-d array` or the sizes joined with ×."""
    shape = value.get("shape")
    if shape is None:
        return "scalar"
    if len(shape) == 0:
        return "0-d array"
    return "×".join(str(n) for n in shape)


def _facts(r: GradientResult) -> str:
    value = r.value or {}
    facts = [f"shape: {shape_text(value)}", value.get("kind", "")]
    if value.get("dtype"):
        facts.append(value["dtype"])
    how = method(r.op, r.backend)
    device = value.get("device") or r.device or "cpu"
    facts.append(f"backend: {r.backend or 'numpy'} ({device})" + (f", {how}" if how else ""))
    return " · ".join(f for f in facts if f)


def _fence(code: str) -> str:
    return f"```klong\n{code}\n```"


def gradient_markdown(r: GradientResult) -> str:
    """The result as Markdown (the language server's hover, the kernel's text/markdown)."""
    head = f"**{TITLES.get(r.op, 'value')}** of `{r.expr}`"
    if r.value is None:
        return f"{head}: {r.error or 'not evaluated'}"
    short = r.value.get("short", "")
    exact = r.value.get("text", "")
    lines = [f"{head} = `{short}`", "", _fence(exact if exact else short), "", _facts(r)]
    if r.output:
        lines += ["", "printed:", "", "```text", r.output[:2000], "```"]
    return "\n".join(lines)


def gradient_text(r: GradientResult) -> str:
    """The result as plain text (the kernel's text/plain)."""
    head = f"{TITLES.get(r.op, 'value')} of {r.expr}"
    if r.value is None:
        return f"{head}: {r.error or 'not evaluated'}"
    short = r.value.get("short", "")
    exact = r.value.get("text", "")
    lines = [f"{head} = {short}"]
    if exact and exact != short:
        lines.append(f"exact: {exact}")
    lines.append(_facts(r))
    if r.output:
        lines += ["printed:", r.output[:2000].rstrip("\n")]
    return "\n".join(lines)

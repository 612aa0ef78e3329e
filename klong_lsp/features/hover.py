"""Hover: operators (meaning by position), system names (signature and doc), names (where
and how they are defined), and gradient/Jacobian expressions (their value, computed in the
evaluation worker from the file's definitions up to that line)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from lsprotocol import types

from klong.syntax import symtable as ST
from klong.syntax.arity import arity_word
from klong.tooling.gradients import GradientResult, GradTarget, gradient_markdown, innermost

from .. import refdata
from .. import scan as S
from ..analysis import Document, Occurrence, PrimSite
from ..evaluation import Outcome, error_line
from .common import DocView, Server

_ORDINALS = {"x": "first", "y": "second", "z": "third"}


@dataclass
class StaticHover:
    markdown: str
    start: int               # document offsets of the hovered token
    end: int


def _statement_text(doc: Document, i: int, stmt: int, max_lines: int = 8) -> str:
    info = doc.infos[i]
    st = info.stmts[stmt]
    text = info.text[st.start:st.end]
    lines = text.split("\n")
    if len(lines) > max_lines:
        text = "\n".join(lines[:max_lines]) + "\n…"
    if len(text) > 600:
        text = text[:600] + " …"
    return text


def _fence(code: str) -> str:
    return f"```klong\n{code}\n```"


def name_markdown(doc: Document, name: str) -> str:
    """What a global name is: its definitions here or in a loaded file, or the reference."""
    defs = doc.definitions(name)
    if defs:
        i, d = defs[0]
        line = doc.table.lines[i] + d.span.line
        if d.kind == "function" and d.arity is not None:
            what = f"function ({arity_word(d.arity)})"
        elif d.kind == "import":
            what = "imported from Python (.pyf/.bkf)"
        else:
            what = "variable"
        out = [f"**{name}** — {what}, defined at line {line}", "",
               _fence(_statement_text(doc, i, d.stmt))]
        if len(defs) > 1:
            more = ", ".join(str(doc.table.lines[j] + e.span.line) for j, e in defs[1:6])
            out += ["", f"also assigned at line{'s' if len(defs) > 2 else ''} {more}"]
        return "\n".join(out)
    imp = doc.imported.names.get(name)
    if imp is not None:
        where = f"{imp.path}" + (f", line {imp.line + 1}" if imp.line >= 0 else "")
        out = [f"**{name}** — defined in {where}"]
        if imp.text:
            out += ["", _fence(imp.text)]
        return "\n".join(out)
    md = refdata.system_markdown(name)
    if md is not None:
        return md
    missing = ", ".join(f'"{m}"' for m in doc.imported.missing)
    if missing:
        return (f"**{name}** — not defined in this file; it may come from {missing}, "
                f"which .l loads but is not found")
    return f"**{name}** — not defined in this file"


def _lambda_line(doc: Document, i: int, scope: int) -> Tuple[int, int]:
    lam = doc.infos[i].detail.scopes[scope]
    return doc.table.lines[i] + lam.span.line, lam.arity


def occurrence_markdown(doc: Document, i: int, occ: Occurrence) -> str:
    if occ.kind is ST.PARAM:
        line, arity = _lambda_line(doc, i, occ.scope)
        return (f"**{occ.name}** — {_ORDINALS[occ.name]} argument of the function at line "
                f"{line} (a {arity_word(arity)})")
    if occ.kind is ST.LOCAL:
        line, _ = _lambda_line(doc, i, occ.scope)
        return f"**{occ.name}** — local variable of the function at line {line}"
    return name_markdown(doc, occ.name)


def _find(seq: List[Any], rel: int) -> Optional[Any]:
    for item in seq:
        if item.offset == rel:
            return item
        if item.offset > rel:
            break
    return None


def _adverb_hover(doc: Document, i: int, tok: S.Tok) -> str:
    """An adverb: its meaning for the valence of the derived verb it makes."""
    info = doc.infos[i]
    toks = info.tokens
    k = next(j for j, t in enumerate(toks) if t.offset == tok.offset)
    j = k - 1
    while j >= 0 and toks[j].kind == S.ADVERB:
        j -= 1
    verb = toks[j] if j >= 0 else None
    site: Optional[PrimSite] = None
    if verb is not None and verb.kind == S.VERB:
        site = _find(info.detail.prims, verb.offset)
    if site is not None and k - j == 1:
        md = refdata.operator_markdown(tok.text, site.valence)
        if md is not None:
            return md
    return refdata.operator_markdown(tok.text) or tok.text


def static_hover(view: DocView, offset: int) -> Optional[StaticHover]:
    """Hover for what needs no evaluation: an operator, a system name, a name."""
    doc = view.doc
    if not doc.infos:
        return None
    i = doc.chunk_at(offset)
    info = doc.infos[i]
    tok = info.token_at(doc.relative(i, offset))
    if tok is None:
        return None
    md: Optional[str] = None
    if tok.kind == S.NAME:
        occ = _find(info.detail.occ, tok.offset)
        md = occurrence_markdown(doc, i, occ) if occ is not None else name_markdown(
            doc, tok.text)
    elif tok.kind == S.VERB:
        site = _find(info.detail.prims, tok.offset)
        if site is not None:
            md = refdata.operator_markdown(site.op, site.valence, site.adverbs)
        else:
            md = refdata.operator_markdown(tok.text)
    elif tok.kind == S.ADVERB:
        md = _adverb_hover(doc, i, tok)
    elif tok.kind == S.PUNCT and tok.text in (":[", ":|", "[;", "{", "[", ":{"):
        md = refdata.system_markdown(tok.text)
    if md is None:
        return None
    return StaticHover(md, doc.absolute(i, tok.offset), doc.absolute(i, tok.offset + tok.length))


def evaluation_pieces(doc: Document, i: int, stmt: int) -> List[str]:
    """The defining statements (assignments, loads, imports, modules) before statement
    `stmt` of chunk i, as code, in order."""
    pieces: List[str] = []
    for j in range(i + 1):
        info = doc.infos[j]
        for k, st in enumerate(info.stmts):
            if j == i and k >= stmt:
                break
            if st.defining:
                pieces.append(info.balanced(st.start, st.end))
    return pieces


def gradient_target(view: DocView, offset: int) -> Optional[GradTarget]:
    """The innermost gradient/Jacobian expression containing `offset`, if any."""
    doc = view.doc
    if not doc.infos:
        return None
    i = doc.chunk_at(offset)
    info = doc.infos[i]
    best = innermost(info.grads, doc.relative(i, offset))
    if best is None:
        return None
    expr = info.balanced(best.start, best.end)
    pieces = evaluation_pieces(doc, i, best.stmt) + [expr]
    return GradTarget(expr, best.op, doc.absolute(i, best.start), doc.absolute(i, best.end),
                      pieces)


def value_markdown(target: GradTarget, outcome: Outcome) -> str:
    """The result of evaluating a gradient expression, for hover."""
    result = GradientResult(target.op, target.expr, backend=outcome.backend or "numpy",
                            device=outcome.device or "cpu")
    last = outcome.results[-1] if outcome.results else None
    if outcome.error is not None:
        result.error = f"could not evaluate — {error_line(outcome.error)}"
    elif last is None:
        why = outcome.failure or "not evaluated"
        stuck = outcome.stuck
        if 0 <= stuck < len(outcome.results) - 1:
            why += f" (while evaluating the definition `{target.pieces[stuck][:60]}`)"
        result.error = why
    elif not last.get("ok"):
        result.error = error_line(last.get("error") or {})
    else:
        result.value = last.get("value") or {}
        result.output = last.get("output") or ""
    return gradient_markdown(result)


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: Server, params: types.HoverParams) -> Optional[types.Hover]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        offset = view.offset(params.position)
        static = static_hover(view, offset)
        target = gradient_target(view, offset)
        parts: List[str] = []
        start = end = offset
        if target is not None:
            outcome = await ls.evaluate(view, target.pieces, "interactive")
            parts.append(value_markdown(target, outcome))
            start, end = target.start, target.end
        if static is not None:
            parts.append(static.markdown)
            if target is None:
                start, end = static.start, static.end
        if not parts:
            return None
        text = "\n\n---\n\n".join(parts)
        return types.Hover(contents=ls.markup(text), range=view.range(start, end))

"""Completion: names in scope, system functions with their signatures, operators with their
meaning, `\\name` Unicode input sequences (from the one input table) and the autograd
snippets (klong/reference/snippets.json), as snippets only for clients that support them."""
from __future__ import annotations

import re
from typing import List, Optional, Union

from lsprotocol import types

from klong import reference
from klong.syntax import symtable as ST
from klong.syntax.arity import arity_word

from .. import refdata
from ..analysis import Document
from .common import DocView, Server

_WORD = re.compile(r"[A-Za-z.][A-Za-z0-9.]*$")
_SEQUENCE = re.compile(r"\\[A-Za-z]*$")
_ORDINAL = {"x": "first argument", "y": "second argument", "z": "third argument"}


def _scope_names(doc: Document, offset: int) -> List[types.CompletionItem]:
    """Arguments and locals of the functions around `offset`."""
    i = doc.chunk_at(offset)
    info = doc.infos[i]
    rel = doc.relative(i, offset)
    lambdas = [lam for lam in info.detail.scopes
               if lam.kind is ST.FUNCTION and lam.start < rel < lam.end]
    items: List[types.CompletionItem] = []
    seen = set()
    for lam in sorted(lambdas, key=lambda lam: lam.start, reverse=True):
        for name in lam.locals:
            if name not in seen:
                seen.add(name)
                items.append(types.CompletionItem(
                    label=name, kind=types.CompletionItemKind.Variable,
                    detail="local variable", sort_text="0" + name))
    if lambdas:
        for name in ("x", "y", "z"):
            if name in seen:  # declared as a local: not an argument (§7.3)
                continue
            items.append(types.CompletionItem(
                label=name, kind=types.CompletionItemKind.Variable,
                detail=_ORDINAL[name], sort_text="0" + name))
    return items


MAX_NAMES = 2000


def _global_names(doc: Document, prefix: str = "") -> List[types.CompletionItem]:
    """Names defined in the document or by its imports (only those starting with `prefix`
    when there are very many: the list is then marked incomplete)."""
    items = []
    names = doc.global_names()
    if len(names) > MAX_NAMES:
        names = {n: s for n, s in names.items() if n.startswith(prefix)}
    for name, state in sorted(names.items())[:MAX_NAMES]:
        if state.arity is not None:
            kind = types.CompletionItemKind.Function
            detail = f"function ({arity_word(state.arity)})"
        else:
            kind = types.CompletionItemKind.Variable
            detail = "defined in this file" if name in doc.def_counts else "imported"
        items.append(types.CompletionItem(label=name, kind=kind, detail=detail,
                                          sort_text="1" + name))
    return items


def _doc(text: str, markdown: bool) -> Union[str, types.MarkupContent]:
    if markdown:
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return text


def _system_names(markdown: bool = True) -> List[types.CompletionItem]:
    items = []
    for name in sorted(refdata.system_names()):
        e = refdata.entry(name)
        if e is None:
            continue
        fn = refdata.is_function_entry(e)
        items.append(types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Function if fn else types.CompletionItemKind.Variable,
            detail=refdata.signature(name),
            documentation=_doc(refdata.short_meaning(name), markdown),
            sort_text="2" + name))
    return items


def _operators(markdown: bool = True) -> List[types.CompletionItem]:
    items = []
    for e in reference.entries():
        if e["kind"] not in ("verb", "adverb", "extension") or e["name"].startswith("."):
            continue
        if e["name"] == "[;":
            continue
        items.append(types.CompletionItem(
            label=e["name"], kind=types.CompletionItemKind.Operator,
            detail=e["title"],
            documentation=_doc(refdata.short_meaning(e["name"]), markdown),
            sort_text="4" + e["name"]))
    return items


def _snippets(view: DocView, start: int, end: int, snippet_support: bool,
              prefix: str, markdown: bool = True) -> List[types.CompletionItem]:
    items = []
    rng = view.range(start, end)
    for s in refdata.snippets():
        if prefix and not s["prefix"].startswith(prefix):
            continue
        body = s["body"] if snippet_support else refdata.snippet_plain_text(s["body"])
        items.append(types.CompletionItem(
            label=s["prefix"],
            kind=types.CompletionItemKind.Snippet,
            detail=f"{s['name']}: {refdata.snippet_plain_text(s['body'])}",
            documentation=_doc(s["description"], markdown),
            insert_text_format=(types.InsertTextFormat.Snippet if snippet_support
                                else types.InsertTextFormat.PlainText),
            text_edit=types.TextEdit(range=rng, new_text=body),
            filter_text=s["prefix"],
            sort_text="3" + s["prefix"]))
    return items


def _sequences(view: DocView, start: int, end: int,
               typed: str) -> List[types.CompletionItem]:
    items = []
    rng = view.range(start, end)
    for seq in reference.unicode_input.sequences():
        if not seq["sequence"].startswith(typed):
            continue
        items.append(types.CompletionItem(
            label=seq["sequence"],
            kind=types.CompletionItemKind.Operator,
            detail=f"{seq['char']}  {seq['name']}",
            text_edit=types.TextEdit(range=rng, new_text=seq["char"]),
            filter_text=seq["sequence"],
            sort_text="0" + seq["sequence"]))
    return items


def complete(view: DocView, offset: int, snippet_support: bool,
             markdown: bool = True) -> List[types.CompletionItem]:
    """Completion items at a document offset (documentation in Markdown if `markdown`)."""
    doc = view.doc
    text = doc.text
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    m = _SEQUENCE.search(before)
    if m is not None:
        start = line_start + m.start()
        items = _sequences(view, start, offset, m.group())
        if items:
            return items
    m = _WORD.search(before)
    word = m.group() if m else ""
    start = offset - len(word)
    items: List[types.CompletionItem] = []
    if word.startswith("."):
        items += [it for it in _system_names(markdown) if it.label.startswith(".")]
        items += [it for it in _global_names(doc, word) if it.label.startswith(".")]
    else:
        if doc.infos:
            items += _scope_names(doc, offset)
        items += _global_names(doc, word)
        items += _system_names(markdown)
        items += _snippets(view, start, offset, snippet_support, "", markdown)
        if not word:
            items += _operators(markdown)
    if word:
        rng = view.range(start, offset)
        for it in items:
            if it.text_edit is None:
                it.text_edit = types.TextEdit(range=rng, new_text=it.label)
    return items


def snippet_support(ls: Server) -> bool:
    caps = ls.client_capabilities
    try:
        return bool(caps.text_document.completion.completion_item.snippet_support)
    except AttributeError:
        return False


def markdown_support(ls: Server) -> bool:
    caps = ls.client_capabilities
    try:
        formats = caps.text_document.completion.completion_item.documentation_format
    except AttributeError:
        return False
    return bool(formats) and types.MarkupKind.Markdown in formats


def register(server: Server) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[".", "\\"]))
    async def completion(ls: Server,
                   params: types.CompletionParams) -> Optional[types.CompletionList]:
        view = await ls.aview(params.text_document.uri)
        if view is None:
            return None
        offset = view.offset(params.position)
        items = complete(view, offset, snippet_support(ls), markdown_support(ls))
        incomplete = len(view.doc.def_counts) > MAX_NAMES
        return types.CompletionList(is_incomplete=incomplete, items=items)

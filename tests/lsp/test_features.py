"""The feature functions without a server: hover, completion, symbols, go to definition,
references, semantic tokens, inlay-hint helpers, settings."""
from __future__ import annotations

import os

from lsprotocol import types

from klong_lsp import refdata
from klong_lsp.analysis import Document
from klong_lsp.evaluation import Outcome
from klong_lsp.features import completion, hover, live, navigation, semantic_tokens, symbols
from klong_lsp.features.common import DocView
from klong_lsp.settings import Settings, from_options, merge

SRC = ("x::[1 2 3]\n"                       # 0
       "1+2\n"                              # 1
       "+/x\n"                              # 2
       "f::{[a];a::x;a+y}\n"                # 3
       "f(1;2)\n"                           # 4
       ".p(3)\n"                            # 5
       "g::{x^2};g:>3\n"                    # 6
       "w::w-0.1*(g:>w)\n"                  # 7
       ".module(:m)\nmf::{x}\n.module(0)\n")  # 8-10


def view(text: str = SRC, encoding: str = "utf-16") -> DocView:
    return DocView("file:///t.kg", Document(text), 1, encoding)


def at(v: DocView, line: int, col: int) -> int:
    return v.index.offset(line, col)


def test_hover_on_plus_shows_the_meaning_where_it_stands():
    v = view()
    dyadic = hover.static_hover(v, at(v, 1, 1)).markdown
    assert "Dyad — `a+b` **Plus**" in dyadic
    over = hover.static_hover(v, at(v, 2, 0)).markdown
    assert "Over" in over and "`+` is used as a dyad" in over
    adverb = hover.static_hover(v, at(v, 2, 1)).markdown
    assert adverb.startswith("**`/`** Over") and "Monad — `f/a` **Over**" in adverb
    monadic = hover.static_hover(view("+[[1 2] [3 4]]\n"), 0).markdown
    assert "Monad — `+a` **Transpose**" in monadic


def test_hover_on_names_and_system_functions():
    v = view()
    text = hover.static_hover(v, at(v, 4, 0)).markdown
    assert "function (dyad), defined at line 4" in text and "f::{[a];a::x;a+y}" in text
    assert "second argument" in hover.static_hover(v, at(v, 3, 15)).markdown
    assert "local variable" in hover.static_hover(v, at(v, 3, 8)).markdown
    sysdoc = hover.static_hover(v, at(v, 5, 1)).markdown
    assert ".p(x)" in sysdoc and "Print" in sysdoc


def test_gradient_targets_and_their_definitions():
    v = view()
    t = hover.gradient_target(v, at(v, 6, 10))
    assert t is not None and t.expr == "g:>3" and t.op == ":>"
    assert t.pieces == ["x::[1 2 3]", "f::{[a];a::x;a+y}", "g::{x^2}", "g:>3"]
    t = hover.gradient_target(v, at(v, 7, 11))
    assert t.expr == "g:>w"
    assert hover.gradient_target(v, at(v, 1, 1)) is None
    j = hover.gradient_target(view("f::{x^2}\n.jacobian(f;[1 2])\n"), 12)
    assert j.op == ".jacobian" and j.expr == ".jacobian(f;[1 2])"


def test_value_markdown_shows_short_exact_shape_and_backend():
    target = hover.GradTarget("[1 2]∂f", "∂", 0, 7, ["[1 2]∂f"])
    outcome = Outcome(1)
    outcome.results[0] = {"ok": True, "value": {
        "kind": "real list", "shape": [2, 2], "dtype": "float64", "device": None,
        "short": "[[2.0 0.0] [0.0 4.0]]",
        "text": "[[2.000000000002 0.0] [0.0 4.000000000115023]]"}}
    outcome.backend, outcome.device = "numpy", "cpu"
    md = hover.value_markdown(target, outcome)
    assert "= `[[2.0 0.0] [0.0 4.0]]`" in md and "4.000000000115023" in md
    assert "shape: 2×2" in md and "backend: numpy (cpu), numeric" in md
    failed = Outcome(1)
    failed.failure = "stopped after 1 s"
    assert "stopped after 1 s" in hover.value_markdown(target, failed)
    wrong = Outcome(1)
    wrong.results[0] = {"ok": False, "error": {
        "kind": "shape", "message": "plus: shape error: [[1 2] [1 2 3]]",
        "detail": "plus: shape error: lengths 2 and 3 differ"}}
    assert hover.value_markdown(target, wrong) == (
        "**Jacobian** of `[1 2]∂f`: plus: shape error: lengths 2 and 3 differ")


def test_live_error_texts_say_the_kind_once():
    doc = Document("1+\"a\"\n")
    run = live.LiveRun(["1+\"a\""], Outcome(1), doc.text)
    run.outcome.results = [{"ok": False, "error": {"kind": "type",
                                                   "message": 'plus: type error: [1 "a"]'}}]
    [(_, result)] = live.current_results(doc, run)
    assert live.hint_tooltip(result) == '**plus: type error: [1 "a"]**'
    assert [d.message for d in live.runtime_diagnostics(doc, run)] == [
        'plus: type error: [1 "a"]']


def test_completion_of_unicode_sequences():
    v = view("x::\\nab")
    items = completion.complete(v, len(v.text), snippet_support=True)
    assert [i.label for i in items] == ["\\nabla"]
    assert items[0].text_edit.new_text == "∇"
    assert items[0].text_edit.range == types.Range(start=types.Position(line=0, character=3),
                                                   end=types.Position(line=0, character=7))


def test_completion_names_system_functions_and_operators():
    v = view()
    inside = at(v, 3, 14)                               # inside f's body
    labels = {i.label: i for i in completion.complete(v, inside, True)}
    assert {"a", "x", "y", "f", "g", "x", ".p", ".jacobian"} <= set(labels)
    assert labels["f"].detail == "function (dyad)"
    assert labels[".p"].detail == ".p(x)"
    empty = completion.complete(view("1+\n"), 2, True)
    ops = {i.label: i for i in empty if i.kind == types.CompletionItemKind.Operator}
    assert "∇" in ops and ops["+"].detail == "Transpose · Plus"
    dot = completion.complete(view(".ja"), 3, True)
    assert all(i.label.startswith(".") for i in dot) and ".jacobian" in [i.label for i in dot]


def test_snippets_follow_client_support():
    v = view("gr")
    snippet = [i for i in completion.complete(v, 2, True)
               if i.kind == types.CompletionItemKind.Snippet]
    bodies = {i.label: i.text_edit.new_text for i in snippet}
    assert bodies["grad"] == "${1:f}:>${2:x}"
    assert bodies["jac"] == "${1:x}∂${2:f}"
    assert bodies["nabla"] == "${1:x}∇${2:f}"
    assert "gradm" in bodies and "gdstep" in bodies
    assert all(i.insert_text_format == types.InsertTextFormat.Snippet for i in snippet)
    plain = [i for i in completion.complete(v, 2, False)
             if i.kind == types.CompletionItemKind.Snippet]
    plain_bodies = {i.label: i.text_edit.new_text for i in plain}
    assert plain_bodies["grad"] == "f:>x" and plain_bodies["gdstep"] == "w::w-0.1*loss:>w"
    assert all(i.insert_text_format == types.InsertTextFormat.PlainText for i in plain)


def test_snippet_file_is_vscode_format():
    names = {s["name"] for s in refdata.snippets()}
    assert {"Gradient", "Jacobian", "Numeric gradient", "Multi-parameter gradient",
            "Gradient-descent step"} <= names


def test_document_symbols_with_arity_and_modules():
    syms = symbols.document_symbols(view())
    top = [(s.name, s.detail) for s in syms]
    assert top[:4] == [("x", "variable"), ("f", "dyad"), ("g", "monad"), ("w", "variable")]
    module = syms[-1]
    assert module.kind == types.SymbolKind.Module and module.name == "m"
    assert [(c.name, c.detail) for c in module.children] == [("mf", "monad")]


def test_definition_and_references():
    v = view()
    locs = navigation.definition(v, at(v, 4, 0))
    assert [(loc.range.start.line, loc.range.start.character) for loc in locs] == [(3, 0)]
    local = navigation.definition(v, at(v, 3, 13))           # a in a+y -> the [a] list
    assert (local[0].range.start.line, local[0].range.start.character) == (3, 5)
    refs = navigation.references(v, at(v, 6, 0), include_declaration=True)
    assert [(r.range.start.line, r.range.start.character) for r in refs] == [
        (6, 0), (6, 9), (7, 10)]
    refs = navigation.references(v, at(v, 6, 0), include_declaration=False)
    assert len(refs) == 2


def test_semantic_tokens():
    v = view(':"c" f::{x+1};+/[1 :a "s"];.p(0cz)\n')
    data = semantic_tokens.encode(v)
    rows = [data[i:i + 5] for i in range(0, len(data), 5)]
    types_ = semantic_tokens.TOKEN_TYPES
    kinds = [types_[r[3]] for r in rows]
    assert kinds == ["comment", "function", "operator", "parameter", "operator", "number",
                     "operator", "keyword", "number", "enumMember", "string", "function",
                     "string"]
    assert rows[1][4] & 1                      # f: definition
    assert rows[11][4] & 2                     # .p: defaultLibrary


def test_semantic_tokens_split_multiline_and_count_utf16():
    v = view('s::"a\nb"\nt::"😀"∇x\n')
    data = semantic_tokens.encode(v)
    rows = [data[i:i + 5] for i in range(0, len(data), 5)]
    strings = [r for r in rows if semantic_tokens.TOKEN_TYPES[r[3]] == "string"]
    assert [r[2] for r in strings] == [2, 2, 4]   # "a / b" / "😀" is 2 UTF-16 units + quotes
    verb = [r for r in rows if semantic_tokens.TOKEN_TYPES[r[3]] == "operator"][-1]
    assert verb[1] == 4                          # after t::"😀": 3 + 4 code units... relative


def test_live_helpers():
    doc = Document("a::1\nb::a+1\n.comment(\"E\")\nskipped\nE\nc::!1000\n")
    pieces = live.statement_pieces(doc)
    assert [p.code for p in pieces] == ["a::1", "b::a+1", "c::!1000"]
    value = {"short": "[" + " ".join(map(str, range(200))) + "]", "shape": [1000],
             "kind": "integer list"}
    short = live.summarize(value, 40)
    assert short.startswith("1000: [0 1 2") and short.endswith("…") and len(short) <= 41
    run = live.LiveRun([p.code for p in pieces], Outcome(3), doc.text)
    run.outcome.results = [{"ok": True, "value": {"short": "1", "text": "1"}},
                           {"ok": False, "error": {"kind": "type", "message": "bad",
                                                   "span": [1, 4, 3, 1]}},
                           None]
    run.outcome.failure = "stopped after 1 s"
    got = live.current_results(doc, run)
    assert [r.get("ok") for _, r in got] == [True, False, False]
    assert got[2][1]["timeout"]
    rt = live.runtime_diagnostics(doc, run)
    assert [(d.code, d.start, d.end) for d in rt] == [
        (live.RUNTIME, (1, 3), (1, 4)), (live.TIMEOUT, (5, 0), (5, 8))]
    assert rt[0].message == "type error: bad"                 # the kind said once
    doc.update("a::1\nb::a+2\n.comment(\"E\")\nskipped\nE\nc::!1000\n")
    assert len(live.current_results(doc, run)) == 1     # only the unchanged prefix


def test_settings_shapes_and_validation():
    s = from_options({"klong": {"liveEvaluation": "onType", "evaluation": {"timeout": 2}}})
    assert s.live_evaluation == "onType" and s.timeout == 2.0
    s = from_options({"klong.backend": "torch", "klong.device": "cuda",
                      "klong.diagnostics.debounce": 0.15})
    assert (s.backend, s.device, s.debounce) == ("torch", "cuda", 0.15)
    s, problems = merge(Settings(), {"evaluation": {"timeout": "soon"}, "backend": "jax",
                                     "liveEvaluation": "off"})
    assert s.timeout == Settings().timeout and s.backend == "numpy"
    assert s.live_evaluation == "off" and len(problems) == 2
    assert from_options(None) == Settings()


def test_settings_memory_ceiling_and_search_path(monkeypatch):
    monkeypatch.setenv("KLONGPATH", "lib:/opt/kg/lib")
    s = Settings()
    assert (s.max_memory, s.search_path) == (2.0, ())
    assert s.evaluation_options()["max_memory"] == 2.0
    assert s.klong_path() == "lib:/opt/kg/lib"                  # the server's KLONGPATH
    s = from_options({"klong": {"evaluation": {"maxMemory": 0.5},
                                "searchPath": ["../lib", "~/kg"]}})
    assert s.max_memory == 0.5 and s.search_path == ("../lib", os.path.expanduser("~/kg"))
    assert s.evaluation_options()["search_path"] == \
        f"../lib:{os.path.expanduser('~/kg')}:lib:/opt/kg/lib"
    assert from_options({"klong.searchPath": "a:b"}).search_path == ("a", "b")
    monkeypatch.delenv("KLONGPATH")
    assert Settings().klong_path() == ".:lib"                   # the interpreter's default
    s, problems = merge(Settings(), {"evaluation": {"maxMemory": -1}, "searchPath": [1]})
    assert (s.max_memory, s.search_path, len(problems)) == (2.0, (), 2)
    assert merge(Settings(), {"evaluation.maxMemory": "inf"})[1] == [
        "klong.evaluation.maxMemory: invalid value 'inf'"]


def test_definition_in_a_loaded_file(tmp_path):
    (tmp_path / "lib.kg").write_text("a::1\nhelper::{x+1}\n", encoding="utf-8")
    main = tmp_path / "main.kg"
    text = '.l("lib")\nhelper(2)\n'
    v = DocView(main.as_uri(), Document(text, str(main)), 1)
    [loc] = navigation.definition(v, at(v, 1, 0))
    assert loc.uri == (tmp_path / "lib.kg").as_uri()
    assert (loc.range.start.line, loc.range.start.character) == (1, 0)
    assert "defined in" in hover.static_hover(v, at(v, 1, 0)).markdown


def test_hover_of_a_name_a_missing_file_may_define(tmp_path):
    main = tmp_path / "main.kg"
    v = DocView(main.as_uri(), Document('.l("gone")\nhelper(2)\n', str(main)), 1)
    assert hover.static_hover(v, at(v, 1, 0)).markdown == (
        '**helper** — not defined in this file; it may come from "gone", which .l loads but '
        'is not found')


def test_declared_xyz_are_locals_in_hover_tokens_completion_and_definition():
    text = "f::{[y];y::x;{x-y}}\n"
    v = view(text)
    y_inner = text.index("-y") + 1
    assert "local variable of the function at line 1" in \
        hover.static_hover(v, y_inner).markdown
    x_outer = text.index("::x") + 2
    assert "first argument of the function at line 1 (a monad)" in \
        hover.static_hover(v, x_outer).markdown
    loc = navigation.definition(v, y_inner)                  # -> the y in [y]
    assert (loc[0].range.start.line, loc[0].range.start.character) == (0, 5)
    data = semantic_tokens.encode(v)
    rows = [data[i:i + 5] for i in range(0, len(data), 5)]
    names = [semantic_tokens.TOKEN_TYPES[r[3]] for r in rows
             if semantic_tokens.TOKEN_TYPES[r[3]] in ("variable", "parameter")]
    assert names == ["variable", "parameter", "parameter", "variable"]   # y x x y
    items = [(i.label, i.detail) for i in completion.complete(v, y_inner, True)
             if i.label in ("x", "y", "z")]
    assert sorted(items) == [("x", "first argument"), ("y", "local variable"),
                             ("z", "third argument")]

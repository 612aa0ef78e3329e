"""Static diagnostics (klong_lsp.analysis): syntax errors with exact ranges, undefined names,
argument counts, unknown system functions, and their incremental recomputation."""
from __future__ import annotations

import os
from pathlib import Path

from klong.syntax import symtable as ST
from klong_lsp import analysis as AN
from klong_lsp.analysis import Document

DATA = Path(__file__).parent / "data"


def diags(text: str, path=None):
    return [(d.code, d.start, d.end) for d in Document(text, path).diagnostics()]


def test_every_construct_of_the_language_document_is_clean():
    text = (DATA / "constructs.kg").read_text(encoding="utf-8")
    assert Document(text).diagnostics() == []


def test_syntax_errors_have_the_parsers_ranges():
    text = "a::1+\nb::(2\nc::\"open\nd::3 4\ne::[1 2\n"
    found = diags(text)
    assert (AN.SYNTAX, (0, 5), (0, 6)) in found          # :eol after the +
    assert (AN.SYNTAX, (1, 5), (1, 6)) in found          # expected :) at the newline
    assert (AN.SYNTAX, (2, 3), (2, 4)) in found          # the string that never ends
    assert (AN.SYNTAX, (3, 5), (3, 6)) in found          # two operands side by side
    assert any(code == AN.SYNTAX and start == (4, 3) for code, start, _ in found)
    # the text the CLI shows (KlongError.text): the kind once, what was expected in words
    messages = [d.message for d in Document(text).diagnostics() if d.code == AN.SYNTAX]
    assert messages == [
        "syntax error: expected an operand, got: the end of the line (after +)",
        "syntax error: expected ) to close (, got: the end of the line",
        "syntax error: missing end of string",
        "syntax error: expected a verb after an operand, got: 4",
        "syntax error: missing ]: unbalanced list"]


def test_undefined_names_know_parameters_locals_and_later_definitions():
    text = ("f::{[a];a::x+y;a*z+g(1)}\n"     # x y z are arguments, a a local, g later
            "g::{x}\n"
            "h::{b+1}\n"                     # b: undefined
            "k::later\n"                     # defined below: fine
            "later::1\n"
            "top::x\n")                      # x at the top level is a global: undefined
    found = diags(text)
    assert found == [(AN.UNDEFINED, (2, 4), (2, 5)), (AN.UNDEFINED, (5, 5), (5, 6))]


def test_names_in_function_bodies_and_nested_functions():
    text = "f::{[a];a::1;{a+x}(2)}\nglob::{new::x}\nuse::new\n"
    assert diags(text) == []


def test_too_many_arguments():
    text = ("f::{x}\nf(1;2)\n{x+y}(1;2;3)\n1 f 2\n.p(1;2)\n.fl(1)\np::{x+y}(1;)\np(1;2)\n"
            "g::{x};g::3\ng(1;2)\n")
    found = diags(text)
    codes = [c for c, _, _ in found]
    assert codes.count(AN.TOO_MANY_ARGS) == 5             # not .fl(1), not g (not known)
    assert (AN.TOO_MANY_ARGS, (1, 0), (1, 6)) in found
    assert (AN.TOO_MANY_ARGS, (3, 2), (3, 3)) in found    # infix call of a monad
    msg = [d.message for d in Document(text).diagnostics()][0]
    assert msg.startswith("f takes 1 argument but is called with 2")


def test_unknown_system_functions():
    text = ".p(1)\n.foo(1)\nx::.5\n.pow::{x^y}\n.pow(2;3)\n"
    found = diags(text)
    assert found == [(AN.UNKNOWN_SYSTEM, (1, 0), (1, 4)), (AN.UNKNOWN_SYSTEM, (2, 3), (2, 5))]
    assert "write 0.5" in Document(text).diagnostics()[1].message


def test_verbs_without_a_monadic_form():
    assert diags(":$\"12\"\n0:$\"12\"\n") == [(AN.WRONG_VALENCE, (0, 0), (0, 2))]


def test_unclosed_bracket_is_reported_and_the_rest_analysed():
    text = "f::{x+\n  1\ng::undefinedname\n"
    found = diags(text)
    assert (AN.UNCLOSED, (0, 3), (0, 4)) in found
    assert (AN.UNDEFINED, (2, 3), (2, 16)) in found


def test_imports_from_klong_files_and_python(tmp_path):
    (tmp_path / "lib.kg").write_text("helper::{x+1}\nconst::3\n", encoding="utf-8")
    (tmp_path / "mod.py").write_text("def pyfn(a):\n    return a\nVALUE = 1\n", encoding="utf-8")
    main = tmp_path / "main.kg"
    text = '.l("lib")\n.py("mod")\nhelper(const)+pyfn(VALUE)\nhelper(1;2)\nnope\n'
    found = diags(text, str(main))
    assert found == [(AN.TOO_MANY_ARGS, (3, 0), (3, 11)), (AN.UNDEFINED, (4, 0), (4, 4))]
    doc = Document(text, str(main))
    assert doc.imported.names["helper"].line == 0
    # .pyf and .bkf name what they define
    assert diags('.pyf("math";["sqrt" "exp"]);sqrt(exp(1))\n.bkf("tanh");tanh(1)\n') == []


def test_imports_from_a_klong_file_that_is_not_utf8(tmp_path):
    (tmp_path / "lat.kg").write_bytes(b':"a \xd7 b"\nhelper::{x*2}\n')
    (tmp_path / "dir.kg").mkdir()
    text = '.l("lat")\n.l("dir")\nhelper(1)\nhelper(1;2)\n'
    found = diags(text, str(tmp_path / "main.kg"))
    # a folder named dir.kg is no file that .l loads
    assert found == [(AN.LOAD_NOT_FOUND, (1, 0), (1, 9)), (AN.TOO_MANY_ARGS, (3, 0), (3, 11))]
    doc = Document(text, str(tmp_path / "main.kg"))
    assert (doc.imported.names["helper"].line, doc.imported.names["helper"].col) == (1, 0)


def _project(tmp_path):
    """src/main.kg loads stats.kg, which sits in the sibling folder lib/ (and loads more.kg
    beside it)."""
    (tmp_path / "src").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "stats.kg").write_text('.l("more")\nmean::{(+/x)%#x}\n',
                                               encoding="utf-8")
    (tmp_path / "lib" / "more.kg").write_text("sq::{x*x}\n", encoding="utf-8")
    return str(tmp_path / "src" / "main.kg")


MAIN = '.l("stats.kg")\nm::mean([1 2 3])\nsq(m)\nmean(1;2)\nnope\n'


def test_a_load_that_is_not_found_is_said_once_and_silences_undefined_names(tmp_path,
                                                                            monkeypatch):
    monkeypatch.delenv("KLONGPATH", raising=False)
    main = _project(tmp_path)
    doc = Document(MAIN, main)
    [d] = doc.diagnostics()
    src = tmp_path / "src"
    assert (d.code, d.start, d.end, d.severity) == (AN.LOAD_NOT_FOUND, (0, 0), (0, 14),
                                                    AN.WARNING)
    assert d.message == (
        f'.l("stats.kg"): file not found in {src}, {src / "lib"}; add the folder that holds '
        f"it to the setting klong.searchPath (or to KLONGPATH). Undefined names are not "
        f"reported in this file while it is missing, since it could define them (error: "
        f"io at run time)")
    # found: its definitions (and those of the file it loads) count
    for found in (Document(MAIN, main, search_path=".:../lib"),
                  Document(MAIN, main, search_path=str(tmp_path / "lib"))):
        assert [(d.code, d.start) for d in found.diagnostics()] == [
            (AN.TOO_MANY_ARGS, (3, 0)), (AN.UNDEFINED, (4, 0))]
    monkeypatch.setenv("KLONGPATH", "../lib")       # the interpreter's default path
    assert [d.code for d in Document(MAIN, main).diagnostics()] == [
        AN.TOO_MANY_ARGS, AN.UNDEFINED]


def test_an_edit_that_fixes_a_load_updates_its_diagnostics(tmp_path, monkeypatch):
    monkeypatch.delenv("KLONGPATH", raising=False)
    main = _project(tmp_path)
    doc = Document(MAIN, main)
    text = MAIN.replace('"stats.kg"', '"../lib/stats.kg"')
    doc.update(text)
    assert [d.code for d in doc.diagnostics()] == [AN.TOO_MANY_ARGS, AN.UNDEFINED]
    doc.update(MAIN)
    assert [d.code for d in doc.diagnostics()] == [AN.LOAD_NOT_FOUND]


def test_the_language_server_finds_loads_as_the_interpreter_does(tmp_path, monkeypatch):
    from klong.system.evaluation import find_source
    from klong_lsp.imports import find_klong_file
    main = _project(tmp_path)
    src = str(tmp_path / "src")
    monkeypatch.chdir(src)
    for path in (".:lib", "../lib", "lib:../lib"):
        for name in ("stats", "stats.kg", "more", "../lib/more", "nothing"):
            at_run_time = find_source(name, path)
            found = find_klong_file(name, os.path.dirname(main), path)
            assert found == (os.path.normpath(os.path.join(src, at_run_time))
                             if at_run_time else None), (name, path)


def test_unknown_imports_silence_undefined_names_only():
    text = '.py(modname)\nanything\n.nosuch(1)\n'
    assert diags(text) == [(AN.UNKNOWN_SYSTEM, (2, 0), (2, 7))]
    assert diags('.py("math")\nsqrt(2)\n') == []       # built-in module: names listed


def test_incremental_update_matches_fresh_analysis():
    text = "f::{x}\ng::f(1)\nh::k\n" * 20
    doc = Document(text)
    edits = [("h::k", "h::f"), ("f::{x}", "f::{x+y}"), ("g::f(1)", "g::f(1;2)"),
             ("k", "k::1\nk"), ("f::{x+y}\n", ""), ("", "1+\n"), ("1+\n", "")]
    for old, new in edits:
        text = text.replace(old, new, 1)
        doc.update(text)
        fresh = Document(text)
        assert [(d.code, d.start) for d in doc.diagnostics()] == \
            [(d.code, d.start) for d in fresh.diagnostics()], (old, new)


def test_definition_changes_reach_other_chunks():
    doc = Document("use::thing\n")
    assert [d.code for d in doc.diagnostics()] == [AN.UNDEFINED]
    doc.update("use::thing\nthing::1\n")
    assert doc.diagnostics() == []
    doc.update("use::thing\nthin::1\n")
    assert [d.code for d in doc.diagnostics()] == [AN.UNDEFINED]


def test_balanced_source_of_extents():
    info = AN.ChunkInfo("x::(1+2)*3\nw::w-0.1*(g(1)):>w\nq::\"(\"\nr::[( :(]\nz::(f):>(3)\n")
    assert [info.balanced(s.start, s.end) for s in info.stmts] == [
        "x::(1+2)*3", "w::w-0.1*(g(1)):>w", 'q::"("', "r::[( :(]", "z::(f):>(3)"]
    assert [info.balanced(g.start, g.end) for g in info.grads] == ["(g(1)):>w", "(f):>(3)"]


def test_declared_xyz_are_locals_for_arity_and_names():
    # §7.3: x y z declared as locals are assignable and not counted in the arity
    text = ("asin::{[y];y::x;regf({sin(x)-y};0;1)}\n"    # the inner y is asin's local
            "regf::{x(y+z)}\nsin::{x}\n"
            "f::{[y];y::x;y*2}\nf(1;2)\n"                 # f is a monad
            "n::{[x];x::5;x}\nn(1)\n"                     # n is a nilad
            "d::{[x];y}\nd(1;2)\n"                        # d is a dyad: fine
            "g::{[y];{y::7}();y}\n")
    found = diags(text)
    assert found == [(AN.TOO_MANY_ARGS, (4, 0), (4, 6)), (AN.TOO_MANY_ARGS, (6, 0), (6, 4))]
    messages = [d.message for d in Document(text).diagnostics()]
    assert messages[0].startswith("f takes 1 argument but is called with 2")
    assert messages[1].startswith("n takes no arguments but is called with 1")


def test_undeclared_xyz_stay_read_only_with_a_hint():
    found = Document("f::{[a];y::x}\n").diagnostics()
    assert [(d.code, d.start, d.end) for d in found] == [(AN.SYNTAX, (0, 8), (0, 9))]
    assert found[0].message == ("syntax error: 'y' is read-only: x, y and z are the function's "
                                "arguments; declare it as a local to assign it: {[y];y::...}")


def test_flat_dictionary_literal_is_information_that_kg_reads_an_error():
    text = ('cfg:::{["lr" 0.01 "momentum" 0.9]}\n'
            "ok:::{[1 2] [3 4]}\n"
            "nested::[1 :{[:a 1 :b 2]}]\n"
            'inner:::{[:k :{["a" 1 "b" 2]}]}\n'
            "bad:::{[1 2 3]}\n")
    found = Document(text).diagnostics()
    assert [(d.code, d.start, d.end, d.severity) for d in found] == [
        (AN.FLAT_DICT, (0, 5), (0, 34), AN.INFORMATION),
        (AN.FLAT_DICT, (2, 8), (2, 26), AN.INFORMATION),
        (AN.FLAT_DICT, (3, 7), (3, 31), AN.INFORMATION),
        (AN.SYNTAX, (4, 7), (4, 14), AN.ERROR),
    ]
    assert "kg reads this as an error" in found[0].message


def test_detail_is_the_symbol_table_of_the_chunk():
    doc = Document("a::1\nf::{[b];b::x+a;{b+y}}\n")
    i = doc.chunk_at(doc.text.index("f::"))
    info = doc.infos[i]
    got = [(info.text[o.offset:o.offset + o.length], o.kind, o.scope, o.is_def)
           for o in info.detail.occ]
    assert got == [("f", ST.GLOBAL, -1, True), ("b", ST.LOCAL, 0, True),
                   ("x", ST.PARAM, 0, False), ("a", ST.GLOBAL, -1, False),
                   ("b", ST.LOCAL, 0, False), ("y", ST.PARAM, 1, False)]
    assert [(s.kind, s.locals, s.parent) for s in info.detail.scopes] == [
        (ST.FUNCTION, ("b",), -1), (ST.FUNCTION, (), 0)]


def test_document_places_chunk_offsets():
    doc = Document("a::1\n\nb::2\n")
    i = doc.chunk_at(doc.text.index("b::"))
    assert i == 2  # chunks: "a::1", the blank line, "b::2"
    assert doc.absolute(i, 0) == doc.text.index("b::")
    assert doc.relative(i, doc.text.index("b::") + 1) == 1


def _chunk_facts(info):
    return (repr(info.program), info.defs, info.uses, info.calls, info.imports, info.loads,
            info.diags, [(e.span, e.text) for e in info.errors], info.names, info.def_names,
            repr(info.stmts))


def test_one_line_chunks_parsed_together_analyse_as_each_alone(monkeypatch):
    lines = (DATA / "constructs.kg").read_text(encoding="utf-8").split("\n")
    # syntax errors and an unclosed bracket among valid lines: their batches go chunk by
    # chunk, the others are parsed together
    text = "\n".join(lines[:40] + ["bad::)", "f::{x+"] + lines[40:] * 3 + ["1+"] + lines)
    calls = []
    real = AN.parse_tolerant
    monkeypatch.setattr(AN, "parse_tolerant", lambda t: calls.append(t) or real(t))
    AN._CACHE.clear()
    doc = Document(text)
    assert 0 < len(calls) < len(doc.infos)
    for i, info in enumerate(doc.infos):
        alone = AN.ChunkInfo(doc.table.chunk_text(i))
        assert _chunk_facts(info) == _chunk_facts(alone), doc.table.chunk_text(i)
    AN._CACHE.clear()
    calls.clear()
    Document("a::1\nf::{x*y}\nf(a;2)\n" * 200)
    assert calls == [""]       # the empty last line


def test_a_pasted_block_analyses_as_each_chunk_alone():
    doc = Document("a::1\n")
    pasted = "".join(f"p{i}::{{x+{i}}}\nq{i}::p{i}({i})\n" for i in range(300)) + "r::)\n"
    doc.update("a::1\n" + pasted)
    for i, info in enumerate(doc.infos):
        alone = AN.ChunkInfo(doc.table.chunk_text(i))
        assert _chunk_facts(info) == _chunk_facts(alone), doc.table.chunk_text(i)
    assert [d.code for d in doc.diagnostics()] == [AN.SYNTAX]

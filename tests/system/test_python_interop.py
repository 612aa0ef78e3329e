"""Python interop: .py .pyf .pyc .pya .bkf, calling Python from Klong, the name `klong`,
module search, value conversion, multi_grad_of_fn (system document §3.1, §3.6)."""
from __future__ import annotations

import itertools
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from klong import cli
from klong.autograd import multi_grad_of_fn
from klong.errors import KlongError
from klong.interop import call_shape, to_klong, to_python, wrap_callable
from klong.interpreter import KlongInterpreter
from klong.printer import written
from klong.values import Char, KFunction, Symbol

_ids = itertools.count()


@pytest.fixture
def clean_imports(monkeypatch):
    """Restore sys.path and sys.modules after a test that imports files."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("kgtest_"):
            del sys.modules[name]


@pytest.fixture
def k(tmp_path, monkeypatch, clean_imports):
    monkeypatch.chdir(tmp_path)
    return KlongInterpreter()


def unique(prefix: str = "kgtest_mod") -> str:
    """A module name no other test (or earlier run in this process) has imported."""
    return f"kgtest_{prefix}_{next(_ids)}"


def write_module(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def w(k, src):
    return written(k(src))


def err(k, src) -> str:
    with pytest.raises(KlongError) as e:
        k(src)
    return e.value.message


# ---- .py --------------------------------------------------------------------------------

def test_py_defines_every_public_attribute(k):
    assert k('.py("math")') == 1
    assert k("sqrt(64)") == 8.0
    assert k("pi") == pytest.approx(np.pi)
    assert "__name__" not in k


def test_py_doc_example(k):
    assert w(k, '.py("math");sqrt(64)') == "8.0"


def test_py_klongpy_exports_limits_the_names(k, tmp_path):
    name = unique()
    write_module(tmp_path, name, """
        def double(x):
            return 2 * x
        def hidden(x):
            return x
        klongpy_exports = {"twice": double}
    """)
    k(f'.py("{name}")')
    assert k("twice(21)") == 42
    assert "hidden" not in k and "double" not in k


def test_py_klong_exports_is_accepted_too(k, tmp_path):
    name = unique()
    write_module(tmp_path, name, """
        klong_exports = {"answer": 42}
        other = 1
    """)
    k(f'.py("{name}")')
    assert k("answer") == 42 and "other" not in k


def test_py_file_path_relative_to_cwd(k, tmp_path):
    name = unique()
    write_module(tmp_path / "lib", name, "def inc(x):\n    return x + 1\n")
    assert k(f'.py("./lib/{name}.py");inc(1)') == 2


def test_py_file_module_can_import_its_siblings(k, tmp_path):
    helper, main = unique("helper"), unique("main")
    write_module(tmp_path / "pkgdir", helper, "VALUE = 7\n")
    write_module(tmp_path / "pkgdir", main, f"from {helper} import VALUE\n"
                                            f"def value():\n    return VALUE\n")
    assert k(f'.py("pkgdir/{main}.py");value()') == 7


def test_py_package_directory_and_init_path(k, tmp_path):
    name = unique("pkg")
    pkg = tmp_path / "where" / name
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("def hello():\n    return 'hi'\n")
    assert k(f'.py("where/{name}");hello()') == "hi"
    k2 = KlongInterpreter()
    assert k2(f'.py("where/{name}/__init__.py");hello()') == "hi"


def test_py_module_already_in_sys_modules(k):
    name = unique()
    mod = type(sys)(name)
    mod.magic = 99
    sys.modules[name] = mod
    assert k(f'.py("{name}");magic') == 99


def test_py_errors(k, capsys):
    assert err(k, ".py(1)") == "module name must be a string"
    assert err(k, '.py("kgtest_no_such_module_xyz")') == \
        "failed to load module: kgtest_no_such_module_xyz"
    assert ".py: " in capsys.readouterr().err


def test_py_module_that_raises_on_import(k, tmp_path, capsys):
    name = unique()
    write_module(tmp_path, name, "raise RuntimeError('boom')\n")
    assert err(k, f'.py("{name}")') == f"failed to load module: {name}"
    assert "boom" in capsys.readouterr().err
    assert name not in sys.modules


def test_py_module_with_a_broken_import_inside_is_not_searched_further(k, tmp_path, capsys):
    name = unique()
    write_module(tmp_path, name, "import kgtest_missing_dependency_q\n")
    assert err(k, f'.py("{name}")') == f"failed to load module: {name}"
    assert "kgtest_missing_dependency_q" in capsys.readouterr().err


# ---- .pyf -------------------------------------------------------------------------------

def test_pyf_one_name(k):
    assert w(k, '.pyf("math";"fsum");fsum([1 2 3])') == "6.0"
    assert "sqrt" not in k


def test_pyf_list_of_names_and_unknown_names_skipped(k):
    assert k('.pyf("math";["sqrt" "sin" "nosuchthing"])') == 1
    assert k("sqrt(9)") == 3.0 and k("sin(0)") == 0.0
    assert "nosuchthing" not in k


def test_pyf_lazily_loaded_attribute(k):
    k('.pyf("numpy";"random")')
    k('rs::.pya(random;"seed");rs(0)')
    a = k('.pyc(.pya(random;"rand");[];:{})')
    np.random.seed(0)
    assert a == pytest.approx(np.random.rand())


def test_pyf_submodule_not_imported_by_its_package(k, tmp_path):
    name = unique("pkg")
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "sub.py").write_text("X = 5\n")
    k(f'.pyf("{name}";"sub")')
    assert w(k, '.pya(sub;"X")') == "5"


def test_pyf_errors(k):
    assert err(k, '.pyf("math";[1 2])') == "from list entry must be a string"
    assert err(k, '.pyf("math";1)') == "from list entry must be a string"
    assert err(k, '.pyf(1;"sqrt")') == "module name must be a string"


def test_pyf_respects_exports_table(k, tmp_path):
    name = unique()
    write_module(tmp_path, name, """
        def f(x):
            return x
        klongpy_exports = {"g": f}
    """)
    k(f'.pyf("{name}";["f" "g"])')
    assert "g" in k and "f" not in k


# ---- calling Python from Klong ------------------------------------------------------------

def test_required_positional_parameters_map_to_x_y_z(k):
    k["f3"] = lambda a, b, c: a * 100 + b * 10 + c
    assert k("f3(1;2;3)") == 123
    assert w(k, "f3") == ":triad"


def test_defaulted_parameters_are_optional(k):
    def add3(a, b, c=10):
        return a + b + c
    k["add3"] = add3
    assert k("add3(1;2)") == 13
    assert k("add3(1;2;3)") == 6


def test_var_args_take_zero_to_three(k):
    k["count"] = lambda *args: len(args)
    assert [k("count()"), k("count(1)"), k("count(1;2)"), k("count(1;2;3)")] == [0, 1, 2, 3]


def test_only_defaulted_parameters(k):
    def opt(a=1, b=2):
        return a * 10 + b
    k["opt"] = opt
    assert k("opt()") == 12 and k("opt(5)") == 52 and k("opt(5;6)") == 56


def test_signature_less_builtins_get_all_arguments(k):
    assert k('.pyf("builtins";"max");max(1;5;3)') == 5


def test_datetime_gets_its_positional_arguments(k):
    import datetime
    r = k('.pyf("datetime";"datetime");.pyc(datetime;[2024 1 2];:{})')
    assert r == datetime.datetime(2024, 1, 2)


def test_ufunc_arity_is_nin(k):
    k('.pyf("numpy";["add" "sqrt"])')
    assert w(k, "add") == ":dyad" and w(k, "sqrt") == ":monad"
    assert w(k, "add([1 2];[10 20])") == "[11 22]"
    assert w(k, "sqrt'[1 4 9]") == "[1.0 2.0 3.0]"


def test_more_than_three_required_is_args_kwargs_dyad(k):
    def four(a, b, c, d, scale=1):
        return (a * 1000 + b * 100 + c * 10 + d) * scale
    k["four"] = four
    assert w(k, "four") == ":dyad"
    assert k("four([1 2 3 4];:{})") == 1234
    assert k('four([1 2 3 4];:{["scale" 2]})') == 2468


def test_klong_parameter_receives_the_interpreter(k):
    seen = []

    def probe(klong, a):
        seen.append(klong)
        return a + 1
    k["probe"] = probe
    assert w(k, "probe") == ":monad"
    assert k("probe(1)") == 2
    assert seen[-1] is k


def test_klong_argument_is_passed_once(k):
    def make(klong, params, config):
        return [klong is k, len(params), config.get("lr")]
    k["make"] = make
    assert w(k, 'make(klong;["w"];:{["lr" 0.1]})') == "[1 1 0.1]"
    assert w(k, 'make(["w"];:{["lr" 0.1]})') == "[1 1 0.1]"


def test_the_interpreter_as_a_plain_argument_when_counts_do_not_fit(k):
    def one(klong, a):
        return a is klong
    k["one"] = one
    assert k("one(klong)") == 1


def test_arguments_and_results_convert(k):
    k["ident"] = lambda a: a
    k["kinds"] = lambda a: type(a).__name__
    assert k('kinds("abc")') == "str"
    assert k("kinds(0cx)") == "Char"
    assert k("kinds(:sym)") == "Symbol"
    assert k("kinds([1 2])") == type(k("[1 2]")).__name__     # ndarray; Tensor on torch
    assert k("kinds(:{[1 2]})") == "dict"
    assert k("kinds({x})") == "function"
    k["pylist"] = lambda: [1, 2, (3, 4)]
    assert w(k, "pylist()") == "[1 2 [3 4]]"
    k["tup"] = lambda: (1.5, "a")
    assert w(k, "tup()") == '[1.5 "a"]'
    k["npscalar"] = lambda: np.float64(2.5)
    assert type(k("npscalar()")) is float
    k["flag"] = lambda: True
    assert k("flag()") == 1
    k["none"] = lambda: None
    assert k("none()") is None
    k["pydict"] = lambda: {"a": [1, 2]}
    assert w(k, 'pydict()?"a"') == "[1 2]"


def test_klong_function_passed_to_python_is_callable(k):
    k["apply2"] = lambda f, a: f(f(a))
    assert k("apply2({x*3};2)") == 18
    k["back"] = lambda f: f
    assert k("g::back({x+1});g(1)") == 2


def test_python_exception_becomes_klong_error(k):
    def boom(a):
        raise ValueError("bad value")
    k["boom"] = boom
    msg = err(k, "boom(1)")
    assert "boom" in msg and "ValueError" in msg and "bad value" in msg


def test_wrong_argument_count(k):
    k["two"] = lambda a, b: a + b
    assert "arity" in err(k, "two(1;2;3)") or "wrong arity" in err(k, "two(1;2;3)")


def test_python_callables_work_with_adverbs(k):
    k["sq"] = lambda a: a * a
    k["pl"] = lambda a, b: a + b
    assert w(k, "sq'[1 2 3]") == "[1 4 9]"
    assert w(k, "pl/[1 2 3 4]") == "10"


def test_call_shape():
    assert call_shape(lambda: 0).arity == 0
    assert call_shape(lambda a, b=1: 0).counts == (1, 2)
    assert call_shape(lambda klong, a: 0).wants_klong
    assert call_shape(np.add).arity == 2
    s = call_shape(lambda a, b, c, d: 0)
    assert (s.arity, s.args_kwargs) == (2, True)
    assert call_shape(print).counts == (0, 1, 2, 3)


# ---- the name klong ---------------------------------------------------------------------

def test_klong_is_the_running_interpreter(k):
    assert k("klong") is k
    assert k["klong"] is k


def test_klong_can_be_shadowed(k):
    k("klong::5")
    assert k("klong") == 5


def test_klong_in_a_python_function_that_does_not_want_it(k):
    k["isk"] = lambda a: isinstance(a, KlongInterpreter)
    assert k("isk(klong)") == 1


# ---- .pyc -------------------------------------------------------------------------------

def test_pyc_doc_examples(k):
    assert w(k, '.pyf("builtins";"round");.pyc(round;3.14159;:{["ndigits" 2]})') == "3.14"
    assert w(k, '.pyf("math";"pow");.pyc(pow;[2 3];:{})') == "8.0"


def test_pyc_by_name_and_by_value(k):
    k["f"] = lambda a, b: a - b
    assert k('.pyc("f";[10 3];:{})') == 7
    assert k(".pyc(f;[10 3];:{})") == 7


def test_pyc_spreads_lists_and_enlist_passes_one_vector(k):
    k["n"] = lambda *a: len(a)
    assert k(".pyc(n;[1 2 3];:{})") == 3
    assert k(".pyc(n;,[1 2 3];:{})") == 1
    assert k('.pyc(n;"abc";:{})') == 1
    assert k(".pyc(n;5;:{})") == 1
    assert k(".pyc(n;[];:{})") == 0


def test_pyc_keyword_arguments_strings_and_symbols(k):
    k["kw"] = lambda a=0, b=0: a * 10 + b
    assert k('.pyc(kw;[];:{["a" 1] [:b 2]})') == 12


def test_pyc_method_of_an_object(k):
    k('.pyf("collections";"Counter")')
    k('c::Counter("abracadabra")')
    assert w(k, '.pyc([c "most_common"];1;:{})') == '[["a" 5]]'
    assert w(k, '.pyc(c,"most_common";1;:{})') == '[["a" 5]]'
    assert w(k, '.pyc([:c "most_common"];1;:{})') == '[["a" 5]]'


def test_pyc_generator_result_becomes_a_list(k):
    def gen(n):
        yield from range(n)
    k["gen"] = gen
    assert w(k, ".pyc(gen;3;:{})") == "[0 1 2]"


def test_pyc_non_callable_target_is_returned(k):
    k(".py(\"math\")")
    assert k('.pyc("pi";[];:{})') == pytest.approx(np.pi)


def test_pyc_klong_function_target(k):
    k("add::{x+y}")
    assert k(".pyc(add;[1 2];:{})") == 3
    assert k('.pyc("add";[1 2];:{})') == 3


def test_pyc_errors(k):
    assert err(k, '.pyc("round";1;2)') == "z must be a dictionary"
    assert err(k, '.pyc("nosuchfn";1;:{})') == "function nosuchfn not found"
    assert err(k, ".pyc(1;1;:{})") == "function name must be a string"


# ---- .pya -------------------------------------------------------------------------------

class _Obj:
    x = 3

    def method(self, a):
        return a * 2


def test_pya_attribute_and_method(k):
    k["obj"] = _Obj()
    assert k('.pya(obj;"x")') == 3
    assert k('m::.pya(obj;"method");m(4)') == 8
    assert k('.pya(:obj;"x")') == 3


def test_pya_of_a_wrapped_class(k):
    k["Cls"] = _Obj
    assert k('.pya(Cls;"x")') == 3
    assert k('.pya(Cls();"x")') == 3


def test_pya_errors(k):
    k["obj"] = _Obj()
    assert err(k, '.pya(obj;"nope")') == "attribute nope not found"


# ---- .bkf -------------------------------------------------------------------------------

def test_bkf_imports_backend_functions(k):
    assert k('.bkf(["exp" "tanh"])') is None
    assert w(k, "exp(0)") == "1.0"
    assert k("{exp(x)}:>1.0") == pytest.approx(np.e, abs=1e-6)
    k('.bkf("sin")')
    assert k("sin(0.0)") == 0.0


def test_bkf_error(k):
    assert err(k, '.bkf("nosuchfunction")') == "Backend does not have function: nosuchfunction"


# ---- module search ----------------------------------------------------------------------

def test_search_cwd_from_the_api(k, tmp_path):
    name = unique("opt")
    write_module(tmp_path, name, "def f():\n    return 'cwd'\n")
    assert k(f'.pyf("{name}";"f");f()') == "cwd"


def test_search_directory_of_an_l_loaded_file(k, tmp_path, monkeypatch):
    name = unique("opt")
    proj = tmp_path / "project"
    write_module(proj, name, "def f():\n    return 'beside the .kg file'\n")
    (proj / "main.kg").write_text(f'.pyf("{name}";"f")\nr::f()\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    k(f'.l("{proj / "main.kg"}")')
    assert k("r") == "beside the .kg file"


def test_l_file_directory_beats_the_cwd(k, tmp_path):
    name = unique("opt")
    write_module(tmp_path, name, "WHO = 'cwd'\n")
    write_module(tmp_path / "sub", name, "WHO = 'sub'\n")
    (tmp_path / "sub" / "main.kg").write_text(f'.pyf("{name}";"WHO")\n')
    k('.l("./sub/main.kg")')
    assert k("WHO") == "sub"


def test_load_dirs_are_popped_after_loading(k, tmp_path):
    (tmp_path / "a.kg").write_text("1\n")
    k('.l("./a.kg")')
    assert k.context.load_dirs == []
    (tmp_path / "bad.kg").write_text("1+\n")
    with pytest.raises(KlongError):
        k('.l("./bad.kg")')
    assert k.context.load_dirs == []


def test_run_file_script_directory(tmp_path, monkeypatch, clean_imports, capsys):
    name = unique("opt")
    proj = tmp_path / "proj"
    write_module(proj, name, "def f():\n    return 'script dir'\n")
    script = proj / "main.kg"
    script.write_text(f'.pyf("{name}";"f")\n.p(f())\n')
    monkeypatch.chdir(tmp_path)
    assert cli.main([str(script)]) == 0
    assert "script dir" in capsys.readouterr().out


def test_cli_expression_finds_modules_in_the_cwd(tmp_path, monkeypatch, clean_imports, capsys):
    name = unique("opt")
    write_module(tmp_path, name, "def f():\n    return 41\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["-e", f'.pyf("{name}";"f");1+f()']) == 0
    assert capsys.readouterr().out.strip() == "42"


# ---- value conversion -------------------------------------------------------------------

def test_to_klong_and_to_python():
    k = KlongInterpreter()
    assert to_klong(k.context, np.int64(3)) == 3 and type(to_klong(k.context, np.int64(3))) is int
    assert written(to_klong(k.context, [[1, 2], [3, 4]])) == "[[1 2] [3 4]]"
    assert written(to_klong(k.context, np.array(["a", "bc"]))) == '["a" "bc"]'
    assert written(to_klong(k.context, (x for x in (1, 2)))) == "[1 2]"
    assert to_klong(k.context, Symbol("a")) is Symbol("a")
    assert type(to_klong(k.context, Char("c"))) is Char
    f = to_klong(k.context, len)
    assert isinstance(f, KFunction) and to_python(k.context, f) is len
    kf = k("{x+1}")
    pf = to_python(k.context, kf)
    assert pf(1) == 2
    assert to_klong(k.context, pf) is kf
    with pytest.raises(KlongError, match="called with 2 but expected 1"):
        pf(1, 2)
    assert wrap_callable(k.context, len).call(["abc"]) == 3


def test_api_setitem_getitem_roundtrip():
    k = KlongInterpreter()
    k["f"] = lambda x, y, z: x * 1000 + y - z
    assert k("f(3;10;20)") == 2990
    k("g::{x+1}")
    assert k["g"](2) == 3


# ---- complex numbers and other Python values ---------------------------------------------

def test_numpy_fft_gives_complex_numbers(k):
    k('.pyf("numpy";"fft");f::.pya(fft;"fft");ifft::.pya(fft;"ifft");fft::f;z::fft([0 1 0 -1])')
    expected = np.fft.fft([0, 1, 0, -1])
    assert [type(v) for v in k("z")] == [complex] * 4
    assert list(k("z")) == [complex(v) for v in expected]
    assert w(k, "z") == "[0j -2j 0j 2j]"
    assert w(k, "z+1") == "[(1+0j) (1-2j) (1+0j) (1+2j)]"
    assert w(k, "z@1") == "-2j" and type(k("z@1")) is complex
    assert w(k, "{x*2}'z") == "[0j -4j 0j 4j]"
    assert w(k, "#'z") == "[0.0 2.0 0.0 2.0]"
    assert w(k, "ifft(z)") == "[0j (1+0j) 0j (-1+0j)]"     # a list of complex goes back
    assert k("(ifft(z))~[0 1 0 -1]") == 1
    assert w(k, "fft([[1 2] [3 4]])") == "[[(3+0j) (-1+0j)] [(7+0j) (-1+0j)]]"


def test_complex_values_from_a_python_module(k, tmp_path):
    name = unique("cplx")
    write_module(tmp_path, name, """
        import numpy as np

        def roots(n):
            return np.exp(2j * np.pi * np.arange(n) / n)

        def unit():
            return 1j

        def scalar():
            return np.complex128(3 - 4j)

        def kind(x):
            return f"{type(x).__name__} {getattr(x, 'dtype', '')}"
    """)
    k(f'.py("{name}")')
    assert w(k, "unit()") == "1j" and w(k, "unit()*unit()") == "(-1+0j)"
    assert type(k("scalar()")) is complex and w(k, "#scalar()") == "5.0"
    assert w(k, "-unit()") == "(-0-1j)"
    assert k("(roots(4))~[;1;unit();-1;-unit()]") == 1      # within Match's tolerance
    assert k("(roots(4))=[;1;unit();-1;-unit()]").tolist() == [1, 0, 0, 0]   # = is exact
    assert k("(+/roots(8))~0") == 0 and k("(#+/roots(8))<1e-14") == 1
    assert k("kind(roots(2))").endswith("complex128")
    assert k("kind(unit(),1)").endswith("complex128")        # a list with a complex
    assert k('kind(unit(),"a")') == "ndarray object"           # not numbers: as it is
    assert k("kind(unit())") == "complex "


def test_python_objects_that_are_no_klong_values_print_readably(k):
    k('.py("datetime");d::date(2024;1;1)')
    assert w(k, "d") == "<Python datetime.date(2024, 1, 1)>"
    assert w(k, "[1 2],d") == "[1 2 <Python datetime.date(2024, 1, 1)>]"
    k('.pyf("numpy";"fft")')
    assert w(k, "fft").startswith("<module 'numpy.fft'")
    assert err(k, "d+1") == "plus: type error: [<Python datetime.date(2024, 1, 1)> 1]"
    assert err(k, "-d") == "negate: type error: [<Python datetime.date(2024, 1, 1)>]"


# ---- multi_grad_of_fn -------------------------------------------------------------------

@pytest.fixture
def kg():
    k = KlongInterpreter()
    k("w::2.0;b::[1.0 2.0];loss::{(w^2)+(+/b^3)}")
    return k


def test_multi_grad_symbols_shapes_and_values(kg):
    gw, gb = multi_grad_of_fn(kg, kg("loss"), [Symbol("w"), Symbol("b")])
    assert isinstance(gw, float) and gw == pytest.approx(4.0, abs=1e-4)
    assert np.shape(gb) == (2,) and np.allclose(gb, [3.0, 12.0], atol=1e-4)


def test_multi_grad_accepts_names_strings_and_callables(kg):
    expect = [4.0, [3.0, 12.0]]
    for fn in ("loss", Symbol("loss"), kg["loss"], kg("loss")):
        g = multi_grad_of_fn(kg, fn, ["w", "b"])
        assert g[0] == pytest.approx(expect[0], abs=1e-4)
        assert np.allclose(g[1], expect[1], atol=1e-4)
    assert multi_grad_of_fn(kg, "loss", "w")[0] == pytest.approx(4.0, abs=1e-4)


def test_multi_grad_of_a_python_callable(kg):
    def py_loss():
        return kg("w*w*w")
    assert multi_grad_of_fn(kg, py_loss, ["w"])[0] == pytest.approx(12.0, abs=1e-4)


def test_multi_grad_restores_the_globals(kg):
    multi_grad_of_fn(kg, "loss", ["w", "b"])
    assert kg("w") == 2.0 and w(kg, "b") == "[1.0 2.0]"
    kg("bad::{b}")
    with pytest.raises(KlongError, match="Loss function must return a scalar"):
        multi_grad_of_fn(kg, "bad", ["w", "b"])
    assert kg("w") == 2.0 and w(kg, "b") == "[1.0 2.0]"


def test_multi_grad_errors(kg):
    with pytest.raises(KlongError, match="undefined"):
        multi_grad_of_fn(kg, "loss", ["nosuch"])
    with pytest.raises(KlongError, match="not a function"):
        multi_grad_of_fn(kg, 3, ["w"])
    with pytest.raises(KlongError, match="nilad"):
        multi_grad_of_fn(kg, kg("{x}"), ["w"])
    with pytest.raises(KlongError, match="undefined"):
        multi_grad_of_fn(kg, "nosuchloss", ["w"])


def test_loss_multi_parameter_uses_it(kg):
    assert w(kg, "#loss:>[w b]") == "2"

"""Compilation system functions (klong/system/compilation.py) and .gradcheck, §3.5 of the
system document: torch only; on numpy each is an error that says to use --backend torch.

Compiling with torch.compile's default backend (inductor) needs a C++ compiler and takes
seconds; those tests are marked slow. The eager and aot_eager backends need no compiler.
"""
from __future__ import annotations

import pytest

from klong import KlongInterpreter
from klong.errors import KlongError
from klong.values import UNDEFINED

torch = pytest.importorskip("torch")

# torch.export imports torch.jit, which warns about its own deprecation
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:torch.jit._script")


@pytest.fixture
def tk() -> KlongInterpreter:
    return KlongInterpreter(backend="torch", device="cpu")


@pytest.mark.parametrize("src, name", [
    (".compile({x*x};3.0)", ".compile"),
    ('.compilex({x*x};3.0;:{["backend" "eager"]})', ".compilex"),
    ('.export({x*x};3.0;"m.pt2")', ".export"),
    (".cmodes()", ".cmodes"),
    (".gradcheck({x*x};3.0)", ".gradcheck"),
])
def test_numpy_backend_says_to_use_torch(src, name):
    with pytest.raises(KlongError) as info:
        KlongInterpreter(backend="numpy")(src)
    assert info.value.message == (f'{name} requires the torch backend: run with --backend '
                                  f'torch (or KlongInterpreter(backend="torch"))')


# ---- .compilex / .compile --------------------------------------------------------------------

def test_compilex_eager(tk):
    assert tk('ce::.compilex({x*x};3.0;:{["backend" "eager"]});ce(4.0)') == 16.0
    assert type(tk("ce(5)")) is float and tk("ce(5)") == 25.0
    r = tk('cv::.compilex({+/x^2};[1.0 2.0];:{["backend" "eager"]});cv([3.0 4.0])')
    assert r == 25.0
    m = tk('cm::.compilex({x*2};[1.0 2.0];:{["backend" "eager"]});cm([3.0 4.0 5.0])')
    assert type(m) is torch.Tensor and m.tolist() == [6.0, 8.0, 10.0]


def test_compiled_functions_keep_gradients(tk):
    tk('cf::.compilex({x^3};2.0;:{["backend" "aot_eager"]})')
    assert tk("cf(2.0)") == 8.0
    assert tk("{cf(x)}:>2.0") == 12.0


def test_compilex_options(tk):
    src = '.compilex({x+1};1.0;:{["backend" "eager"] ["fullgraph" 1] ["dynamic" 0]})'
    assert tk(f"c1::{src};c1(2.0)") == 3.0
    assert tk('c2::.compilex({x+1};1.0;:{["backend" "eager"] ["dynamic" 1]});c2(2.0)') == 3.0


def test_compilex_errors(tk):
    with pytest.raises(KlongError, match="expected a monad"):
        tk('.compilex({x+y};1.0;:{["backend" "eager"]})')
    with pytest.raises(KlongError, match="expected a monad"):
        tk('.compilex(3;1.0;:{["backend" "eager"]})')
    with pytest.raises(KlongError):
        tk('.compilex({x};1.0;:{["backend" "no-such-backend"]})')
    with pytest.raises(KlongError, match="must be a string"):
        tk('.compilex({x};1.0;:{["backend" 1]})')


@pytest.mark.slow
def test_compile_with_inductor(tk):
    assert tk("cf::.compile({x*x};3.0);cf(5.0)") == 25.0
    assert tk("cf(6.0)") == 36.0


# ---- .export ---------------------------------------------------------------------------------

def test_export_writes_a_pt2_that_torch_loads(tk, tmp_path):
    path = tmp_path / "model.pt2"
    tk(f'info::.export({{(x^3)+(2*x^2)+x}};2.0;"{path}")')
    info = tk("info")
    assert {"compiled_fn", "export_path", "graph", "graph_module", "mode", "backend"} \
        <= set(info)
    assert info["export_path"] == str(path) and path.exists()
    assert "aten.pow" in info["graph"] and "def forward" in info["graph"]
    program = torch.export.load(str(path))
    x = torch.tensor(3.0, dtype=torch.float64)
    assert program.module()(x).item() == 27 + 18 + 3
    assert tk('cfn::info?"compiled_fn";cfn(2.0)') == 8 + 8 + 2


def test_export_of_a_vector_function(tk, tmp_path):
    path = tmp_path / "v.pt2"
    tk(f'info::.export({{+/x*x}};[1.0 2.0 3.0];"{path}")')
    program = torch.export.load(str(path))
    x = torch.tensor([1.0, 2.0, 2.0], dtype=torch.float64)    # shapes as exported
    assert program.module()(x).item() == 9.0


def test_export_failure_is_reported_in_the_dictionary(tk, tmp_path):
    # a conditional on the value of x cannot be exported (data-dependent control flow)
    info = tk(f'.export({{:[x>0;x;0-x]}};2.0;"{tmp_path / "c.pt2"}")')
    assert info["export_path"] is UNDEFINED and info["export_error"]
    assert not (tmp_path / "c.pt2").exists()


def test_export_needs_a_path(tk):
    with pytest.raises(KlongError, match="path must be a string"):
        tk(".export({x};1.0;1)")


# ---- .cmodes ---------------------------------------------------------------------------------

def test_cmodes(tk):
    info = tk(".cmodes()")
    assert set(info["modes"]) == {"default", "reduce-overhead", "max-autotune"}
    assert set(info["backends"]) == {"inductor", "eager", "aot_eager", "cudagraphs"}
    rec = info["recommendations"]
    assert rec["debugging"] == {"mode": "default", "backend": "eager"}
    assert rec["production"] == {"mode": "max-autotune", "backend": "inductor"}
    assert set(rec) == {"development", "production", "debugging", "gpu_inference"}
    assert tk('#.cmodes()?"modes"') == 3


# ---- .gradcheck ------------------------------------------------------------------------------

def test_gradcheck_passes(tk):
    assert tk(".gradcheck({x^2};3.0)") == 1
    assert tk(".gradcheck({+/x^2};[1.0 2.0 3.0])") == 1
    assert tk(".gradcheck({+/x^3};[1.0 2.0])") == 1
    assert tk(".gradcheck({x^2};[1.0 2.0])") == 1                    # a vector result: summed
    assert tk(".gradcheck({(*/x)%1+x@0};[0.5 2.0])") == 1


def test_gradcheck_reports_a_mismatch(tk):
    # the jump at 3.0000001 is invisible to autograd (slope 1) but not to differences
    with pytest.raises(KlongError) as info:
        tk(".gradcheck({:[x<3.0000001;x;x+1]};3.0)")
    assert info.value.kind == "domain" and "gradcheck" in info.value.message


def test_gradcheck_needs_numbers(tk):
    with pytest.raises(KlongError, match="expected numbers"):
        tk('.gradcheck({x};"abc")')

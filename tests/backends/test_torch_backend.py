"""The torch backend (klong/backends/torch_backend.py): selection, devices, dtypes, values,
kernels, host values beside tensors, and the one error for what the device cannot do.

The whole suite also runs on torch with KLONG_BACKEND=torch (tests/conftest.py); this file
runs in every run and compares torch with numpy expression by expression.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from klong import KlongInterpreter  # noqa: E402
from klong.backends import get_backend  # noqa: E402
from klong.backends.torch_backend import TorchBackend, resolve_device  # noqa: E402
from klong.errors import KlongError  # noqa: E402
from klong.printer import written  # noqa: E402
from klong.values import UNDEFINED, Char, Symbol  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tk() -> KlongInterpreter:
    return KlongInterpreter(backend="torch", device="cpu")


@pytest.fixture(scope="module")
def nk() -> KlongInterpreter:
    return KlongInterpreter(backend="numpy")


# ---- selection, devices, dtypes (acceptance 2) --------------------------------------------

def test_acceptance_2_tensor_on_the_chosen_device():
    k = KlongInterpreter(backend="torch")
    r = k("2*1+!1000000")
    assert type(r) is torch.Tensor and r.dtype == torch.int64 and r.shape == (1000000,)
    assert r.device.type == k.backend.device.type
    assert r[:3].tolist() == [2, 4, 6] and int(r[-1]) == 2000000
    assert k.backend.name == "torch"
    assert isinstance(k.backend.device, torch.device)


def test_importing_klong_does_not_import_torch():
    code = ("import sys, klong; k = klong.KlongInterpreter(); k('1+!3'); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_default_device_prefers_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    mps = getattr(torch.backends, "mps", None)
    if mps is not None:
        monkeypatch.setattr(mps, "is_available", lambda: False)
    assert resolve_device(None) == torch.device("cpu")
    if mps is not None:
        monkeypatch.setattr(mps, "is_available", lambda: True)
        assert resolve_device(None) == torch.device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device(None) == torch.device("cuda")


@pytest.mark.parametrize("device, message", [
    ("tpu", "Invalid torch device 'tpu'"),
    ("nonsense", "Invalid torch device 'nonsense'"),
])
def test_bad_devices(device, message):
    with pytest.raises(ValueError, match=message):
        KlongInterpreter(backend="torch", device=device)


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is present")
def test_cuda_without_a_gpu_is_a_clear_error():
    with pytest.raises(ValueError, match="not available"):
        KlongInterpreter(backend="torch", device="cuda")


def test_numpy_refuses_devices_and_float32():
    with pytest.raises(ValueError, match="does not support device"):
        KlongInterpreter(backend="numpy", device="cuda")
    with pytest.raises(ValueError, match="float64"):
        KlongInterpreter(backend="numpy", dtype="float32")


def test_unknown_backend():
    with pytest.raises(ValueError, match="Unknown backend: 'jax'"):
        KlongInterpreter(backend="jax")


def test_reals_are_float64_by_default_and_float32_on_request():
    assert KlongInterpreter(backend="torch")("1.5*!3").dtype == torch.float64
    k = KlongInterpreter(backend="torch", dtype="float32")
    assert k.backend.real_dtype_name == "float32"
    assert k("1.5*!3").dtype == torch.float32
    assert k("[1.5 2.5]").dtype == torch.float32
    assert k("%[2 4]").dtype == torch.float32
    with pytest.raises(ValueError, match="float16"):
        KlongInterpreter(backend="torch", dtype="float16")


def test_klong_backend_environment_variable_sets_the_default(monkeypatch):
    monkeypatch.setenv("KLONG_BACKEND", "torch")
    assert KlongInterpreter().backend.name == "torch"
    assert KlongInterpreter(backend="numpy").backend.name == "numpy"
    monkeypatch.delenv("KLONG_BACKEND")
    assert get_backend().name == "numpy"


def test_cli_backend_device_and_dtype():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "klong", *args], cwd=ROOT,
                              capture_output=True, text=True)
    r = run("--backend", "torch", "--device", "cpu", "--dtype", "float32", "-e", "1.5*2.0")
    assert r.returncode == 0 and r.stdout.strip() == "3.0", r.stderr
    r = run("--backend", "torch", "--dtype", "float16", "-e", "1")
    assert r.returncode == 2 and "float16" in r.stderr


# ---- values -------------------------------------------------------------------------------

def test_numeric_lists_are_tensors_and_the_rest_stays_on_the_host(tk):
    assert tk("[1 2 3]").dtype == torch.int64
    assert tk("[1.0 2.5]").dtype == torch.float64
    assert tk("[[1 2] [3 4]]").shape == (2, 2)
    for src, kind in [('"abc"', str), ("0cx", Char), (":sym", Symbol), (":{[1 2]}", dict)]:
        assert type(tk(src)) is kind
    mixed = tk('[1 "two" 3.0 [4 5]]')
    assert isinstance(mixed, np.ndarray) and mixed.dtype == object
    assert type(mixed[3]) is torch.Tensor
    assert isinstance(tk("[1 2.5]"), np.ndarray)       # never upcast: int and real mixed
    assert isinstance(tk("[]"), np.ndarray) and len(tk("[]")) == 0


def test_numbers_computed_from_tensors_are_python_numbers(tk):
    assert type(tk("+/!10")) is int and tk("+/!10") == 45
    assert type(tk("+/0.5*!4")) is float
    assert type(tk("(!5)@2")) is int
    assert type(tk("*[1.5 2.5]")) is float


def test_strings_symbols_and_dictionaries_work_under_torch(tk):
    assert tk('"hello",", ","world"') == "hello, world"
    assert tk('#"hello"') == 5
    assert tk('|"abc"') == "cba"
    assert tk('3#"abc"') == "abc"
    assert written(tk('?"hello"')) == '"helo"'
    assert written(tk('2:#"abcd"')) == '["ab" "cd"]'
    assert tk('"hello"@[0 1]') == "he"
    assert written(tk("d:::{[1 :a] [2 :b]};d?2")) == ":b"
    assert written(tk('=["a" "b" "a"]')) == "[[0 2] [1]]"
    assert written(tk('<["b" "a" "c"]')) == "[1 0 2]"
    assert written(tk('[1 2 3]:=[9 0]')) == "[9 2 3]"
    assert written(tk('[1 2]:_!6')) == "[[0] [1] [2 3 4 5]]"


def test_tensors_from_python(tk):
    tk["t"] = torch.tensor([1, 2, 3], dtype=torch.int32)
    assert tk("t").dtype == torch.int64 and written(tk("t*2")) == "[2 4 6]"
    tk["b"] = torch.tensor([True, False])
    assert written(tk("b")) == "[1 0]"
    tk["f"] = torch.tensor([0.5, 1.5], dtype=torch.float32)
    assert tk("f").dtype == torch.float32
    tk["s"] = torch.tensor(2.5)
    assert tk("s") == 2.5 and type(tk("s")) is float
    tk["p"] = torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    assert written(tk("+/p")) == "3.0"
    tk["n"] = np.array([1.0, 2.0])
    assert type(tk("n")) is torch.Tensor


def test_results_go_back_to_python_as_tensors(tk):
    r = tk("2*!3")
    assert type(r) is torch.Tensor
    tk("r::!3")
    assert type(tk["r"]) is torch.Tensor
    assert np.array_equal(r.cpu().numpy(), [0, 2, 4])


# ---- one error for what cannot run on the device -------------------------------------------

def test_unsupported_values_give_one_clear_error(tk):
    B = tk.backend
    with pytest.raises(KlongError) as info:
        B.int_array([2 ** 70])
    assert info.value.message == ("torch backend: integer array not supported for integers "
                                  "beyond int64; use --backend numpy")



def test_complex_tensors_become_complex_numbers(tk):
    tk["c"] = torch.tensor([complex(1, 2), complex(0, -3)], dtype=torch.complex128)
    assert written(tk("c")) == "[(1+2j) -3j]"
    tk["a"] = torch.tensor(2j)
    assert tk("a") == 2j and type(tk("a")) is complex
    assert written(torch.tensor([complex(0, 1), 2])) == "[1j (2+0j)]"   # the printer too
    seen = []
    tk["keep"] = lambda x: seen.append(x) or 0
    tk("keep(c*2)")                         # to Python: a complex tensor on the device
    back, = seen
    assert type(back) is torch.Tensor and back.dtype == torch.complex128
    assert back.tolist() == [complex(2, 4), complex(0, -6)]
    with pytest.raises(KlongError) as info:
        tk["g"] = torch.tensor([1j], requires_grad=True)
    assert info.value.message == ("torch backend: a complex tensor that tracks gradients "
                                  "cannot become a Klong value")


def test_big_integers_stay_exact_as_general_lists(tk, nk):
    src = "[9223372036854775807 1]"
    assert written(tk(src)) == written(nk(src))


# ---- torch and numpy agree, expression by expression ------------------------------------------

EXPRESSIONS = [
    # arithmetic, typing and the slow paths
    "1+2", "[1 2 3]+10", "[1 2 3]+0.5", "[1.5 2.5]*[2 4]", "[1 2 3]%2", "[1 2 3]%[2 0 4]",
    "[7 -7]:%2", "[7 -7]:%[2 -2]", "[7 -7]![3 3]", "[2 3]^2", "[2 3]^0", "[2.0 3.0]^-1",
    "[4.0 9.0]^0.5", "[-8.0 4.0]^0.5", "[0.0 4.0]^-1", "2^[0.5 2.0]", "[2 3]^2.0",
    "[1 5 3]|[4 2 6]", "[1 5 3]&2", "[1 5]|[2.0 3.0]", "-[1 2 3]", "%[2 4]", "%[0 2]",
    "_[1.5 -1.5 2.0]", "_1e20", "~[0 1 2]", "~[]", "[3 4]#[1 2]",
    "[[1 2] [3 4]]+[10 20]", "[[1 2] [3 4]]*[[1 0] [0 1]]", "[1 [2 3]]+1",
    # comparison, match, find, grade, group, range
    "[1 2 3]=2", "[1 2 3]<[3 2 1]", "[1 2 3]>1.5", "[1.0 2.0]~[1 2]", "[1 2]~[1 2 3]",
    "0.1+0.2~0.3", "<[3 1 2 1]", ">[3 1 2 1]", "<[[1 2] [0 5] [1 1]]", "=[1 2 1 3 2]",
    "?[3 1 3 2 1]", "[1 2 3 2]?2", "[1.0 2.0 3.0]?2", "[[1 2] [3 4]]?[3 4]",
    "[1 2 3]?4", "[[1 2] [3 4] [1 2]]?[1 2]",
    # structure
    "#[1 2 3]", "3#[1 2]", "-5#[1 2 3]", "2_[1 2 3 4]", "-1_[1 2 3]", "|[1 2 3]",
    "1:+[1 2 3 4]", "*[4 5 6]", "[1 2 3]@[2 0]", "[[1 2] [3 4]]@1", "[1 2],[3 4]", "1,[2 3]",
    "[1.5],2.5", "&[1 0 2]", "^[[1 2 3] [4 5 6]]", "[2 3]:^!6", "+[[1 2] [3 4]]",
    "[1 2 3]:=[9 0 2]", "[[1 2] [3 4]]:-[9 1 0]", "2:#!7", "[1 3]:_!6", ",/[[1 2] [3]]",
    "!0", "[]", "#[]", "[[1 2] [3 4]]:@[1 0]",
    # adverbs
    "+/!10", "*/1+!5", "-/[10 1 2]", "-/[1.5 2.5 3.0]", "|/[3 1 4]", "&/[3 1 4]", "+\\!5",
    "-\\[10 1 2]", "|\\[1 3 2 5]", "*\\[1.5 2.0 3.0]", "{x*x}'!5", "{x+y}/[1 2 3]",
    "{x,y}/[[1] [2 3]]", "-:'[1 4 9]", "[1 2 3]{x+y}'[10 20 30]", "1+:\\[1 2]",
    "{x%2}:~100.0", "{x<100}{x*2}:~1", "3{x+1}:*0", "5{x*2}\\*1", "{x+1}'[]",
    # text
    "$[1 2 3]", "$1.5", "[3 -3]$[1 2]", "1.2$3.14159", "0:$\"42\"", ":#[65 66]",
]


@pytest.mark.parametrize("src", EXPRESSIONS)
def test_torch_agrees_with_numpy(src, tk, nk):
    def run(k):
        try:
            return written(k(src))
        except KlongError as e:
            return f"error {e.kind}: {e.message}"
    assert run(tk) == run(nk)


def test_constant_lists_are_not_changed_by_amend(tk):
    tk("c::[1 2 3];d::c:=[9 0]")
    assert written(tk("c")) == "[1 2 3]" and written(tk("d")) == "[9 2 3]"


def test_real_sums_match_numpy_closely(tk, nk):
    tk["v"] = nk["v"] = np.random.default_rng(0).normal(size=10001)
    assert abs(tk("+/v") - nk("+/v")) <= 1e-12 * max(1.0, abs(nk("+/v")))


# ---- kernels ----------------------------------------------------------------------------------

def test_kernels_ask_for_the_slow_path():
    B = TorchBackend("cpu")
    with pytest.raises(FloatingPointError):
        B.true_divide(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    with pytest.raises(FloatingPointError):
        B.true_divide(torch.tensor([1.0]), 0)
    with pytest.raises(FloatingPointError):
        B.floor_divide(torch.tensor([1, 2]), torch.tensor([1, 0]))
    with pytest.raises(FloatingPointError):
        B.power(torch.tensor([-8.0]), 0.5)


def test_kernels_keep_klong_typing():
    B = TorchBackend("cpu")
    i = torch.tensor([1, 2, 3])
    assert B.multiply(i, 2.5).dtype == torch.float64
    assert B.true_divide(i, i).dtype == torch.float64
    assert B.add(i, 1).dtype == torch.int64
    assert B.maximum(i, 2).tolist() == [2, 2, 3]
    assert B.kind(i) == "i" and B.kind(2.5) == "f" and B.kind(torch.tensor(1.0)) == "f"
    assert B.as_int(torch.tensor([True, False])).dtype == torch.int64
    assert B.any(False) is False and B.all(torch.tensor([1, 1])) is True


def test_structural_kernels():
    B = TorchBackend("cpu")
    a = torch.tensor([2, 1, 2, 1, 3])
    assert B.argsort(a).tolist() == [1, 3, 0, 2, 4]
    assert B.argsort(a, descending=True).tolist() == [4, 0, 2, 1, 3]
    rows = torch.tensor([[1, 2], [0, 5], [1, 1], [0, 5]])
    assert B.argsort_rows(rows).tolist() == [1, 3, 2, 0]
    assert B.argsort_rows(rows, descending=True).tolist() == [0, 2, 1, 3]
    assert B.first_indices(a).tolist() == [0, 1, 4]
    assert [g.tolist() for g in B.group_indices(a)] == [[0, 2], [1, 3], [4]]
    assert B.tile_to(torch.tensor([1, 2]), 5).tolist() == [1, 2, 1, 2, 1]
    assert B.reduce("subtract", torch.tensor([10, 1, 2])) == 7
    assert B.accumulate("subtract", torch.tensor([10.0, 1.0, 2.0])).tolist() == [10, 9, 7]
    assert B.reduce("add", torch.tensor([1, 2])) == 3 and type(B.reduce("add", a)) is int


def test_huge_sizes_are_memory_errors(tk):
    with pytest.raises(KlongError) as info:
        tk("(2^62)#[1 2]")
    assert info.value.kind == "limit"


def test_backend_functions_for_bkf():
    B = TorchBackend("cpu")
    exp = B.backend_function("exp")
    assert abs(float(exp(0.0)) - 1.0) < 1e-12
    assert B.backend_function("no_such_function") is None


def test_info():
    info = TorchBackend("cpu").get_info()
    assert info["name"] == "torch" and info["device"] == "cpu" and "cpu" in info["devices"]
    assert info["supports_autograd"] and info["supports_strings"]


def test_undefined_survives(tk):
    assert tk(":_[1 2]%0") == 0
    assert written(tk("[1 2]%0")) == "[:undefined :undefined]"
    assert tk("3%0") is UNDEFINED

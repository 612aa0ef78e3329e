"""Compilation system functions (torch backend only): .compile .compilex .export .cmodes.

A Klong monad becomes a Python function of one tensor (the Klong function run on the torch
backend), which torch.compile compiles and torch.export exports. While torch traces it, the
backend makes no data-dependent Python decisions (`TorchBackend.tracing`): numbers stay 0-d
tensors and the division-by-zero checks are left to the graph.

On the numpy backend each of these raises a KlongError that says to use --backend torch.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator

from ..errors import KlongError
from ..printer import written
from ..runtime.dicts import dict_get, dict_insert
from ..runtime.functions import call_value
from ..values import UNDEFINED, KFunction, PyFunction, is_false
from .spec import system_function

MODES: Dict[str, str] = {
    "default": "balanced compile time and speed: general use",
    "reduce-overhead": "cuts Python and kernel-launch overhead (CUDA graphs on GPU): "
                       "small inputs, repeated calls",
    "max-autotune": "tries many kernel configurations: slow to compile, fastest to run",
}
BACKENDS: Dict[str, str] = {
    "inductor": "the default: generates C++ (CPU) or Triton (GPU) code; needs a C++ compiler",
    "eager": "no compilation: runs the traced Python as is (debugging, no compiler needed)",
    "aot_eager": "ahead-of-time autograd tracing without code generation (debugging "
                 "gradients)",
    "cudagraphs": "records CUDA graphs to cut kernel-launch overhead (GPU only)",
}
RECOMMENDATIONS: Dict[str, tuple] = {
    "development": ("reduce-overhead", "inductor"),
    "production": ("max-autotune", "inductor"),
    "debugging": ("default", "eager"),
    "gpu_inference": ("max-autotune", "cudagraphs"),
}


def require_torch(k: Any, name: str) -> Any:
    """The torch backend of interpreter k, or the error that says how to get it."""
    B = k.backend
    if B.name != "torch":
        raise KlongError("type", f"{name} requires the torch backend: run with --backend "
                                 f"torch (or KlongInterpreter(backend=\"torch\"))")
    return B


@contextmanager
def tracing(B: Any) -> Iterator[None]:
    """Tell the backend that torch is tracing (no data-dependent Python decisions)."""
    saved = B.tracing
    B.tracing = True
    try:
        yield
    finally:
        B.tracing = saved


def tensor_function(k: Any, f: Any, name: str) -> Callable:
    """A Python function of one tensor that runs the Klong monad f on the torch backend and
    returns a real tensor."""
    from ..autograd.exact import output
    from ..backends.torch_backend import TT, register_tensor_subclass
    if not isinstance(f, KFunction) or f.arity != 1:
        raise KlongError("type", f"{name}: expected a monad, got: {written(f)}")
    B, rt = k.backend, k.runtime

    def run(t: Any) -> Any:
        if type(t) not in TT:
            register_tensor_subclass(type(t))
        return output(B, call_value(rt, f, [t]))
    # a code object of its own: torch.compile caches compiled graphs per code object, and
    # one shared by every Klong function would mix their guards and shapes
    global _serial
    _serial += 1
    run.__code__ = run.__code__.replace(co_name=f"klong_function_{_serial}")
    run.__name__ = getattr(f, "name", "") or "klong_function"
    return run


_serial = 0


def example_input(B: Any, x: Any, name: str) -> Any:
    """x as a real tensor on the backend's device (tensors pass through, keeping their
    gradient tracking)."""
    import torch
    if type(x) is torch.Tensor:
        return x if x.is_floating_point() else x.to(B.real_dtype)
    if B.is_list(x) or type(x) in (int, float):
        try:
            return B.real_array(B.to_numpy(x) if B.is_list(x) else x)
        except (TypeError, ValueError, RuntimeError):
            pass
    raise KlongError("type", f"{name}: expected numbers, got: {written(x)}")


def compiled_function(k: Any, compiled: Callable, name: str) -> PyFunction:
    """The Klong monad that calls a compiled tensor function."""
    B = k.backend

    def call(x: Any) -> Any:
        t = example_input(B, x, name)
        with tracing(B):
            r = compiled(t)
        return B.atom(r) if r.dim() == 0 else r
    return PyFunction(call, 1, "compiled")


def _options(opts: Any) -> dict:
    """.compilex options as torch.compile keyword arguments (a non-dictionary: defaults)."""
    out: dict = {"mode": None, "backend": "inductor", "fullgraph": False, "dynamic": None}
    if type(opts) is not dict:
        return out
    for key in ("mode", "backend"):
        v = dict_get(opts, key)
        if v is not UNDEFINED:
            if not isinstance(v, str):
                raise KlongError("type", f".compilex: option {key} must be a string, got: "
                                         f"{written(v)}")
            out[key] = str.__str__(v)
    if out["mode"] == "default":
        out["mode"] = None
    v = dict_get(opts, "fullgraph")
    if v is not UNDEFINED:
        out["fullgraph"] = not is_false(v)
    v = dict_get(opts, "dynamic")
    if v is not UNDEFINED:
        out["dynamic"] = not is_false(v)
    return out


def _compile(k: Any, f: Any, x: Any, options: dict, name: str, warm_up: bool = True) -> Any:
    require_torch(k, name)
    import torch
    run = tensor_function(k, f, name)
    kwargs = {key: v for key, v in options.items() if v is not None}
    try:
        compiled = torch.compile(run, **kwargs)
    except Exception as e:
        raise KlongError("python", f"{name}: {type(e).__name__}: {e}") from e
    fn = compiled_function(k, compiled, name)
    if warm_up:
        try:
            fn.call([x])
        except KlongError:
            raise
        except Exception as e:
            raise KlongError("python", f"{name}: compilation failed: {type(e).__name__}: "
                                       f"{_first_line(e)}") from e
    return fn


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else ""


@system_function(".compile", 2)
def compile_(k: Any, f: Any, x: Any) -> Any:
    """.compile(f;x): f compiled with torch.compile (default mode, inductor), warmed up on
    the example x; a monad."""
    return _compile(k, f, x, _options(None), ".compile")


@system_function(".compilex", 3)
def compilex(k: Any, f: Any, x: Any, opts: Any) -> Any:
    """.compilex(f;x;opts): .compile with options "mode" "backend" "fullgraph" "dynamic"."""
    return _compile(k, f, x, _options(opts), ".compilex")


def _module(run: Callable) -> Any:
    """The torch.nn.Module that torch.export needs around a tensor function."""
    import torch

    class KlongFunction(torch.nn.Module):
        def forward(self, x: Any) -> Any:
            return run(x)
    return KlongFunction()


@system_function(".export", 3)
def export(k: Any, f: Any, x: Any, path: Any) -> dict:
    """.export(f;x;path): f compiled and exported (torch.export) to the .pt2 file path.
    A dictionary: "compiled_fn" "export_path" "graph" "graph_module" "mode" "backend"
    (and "export_error" when the export failed; then "export_path" is :undefined)."""
    B = require_torch(k, ".export")
    import torch
    if type(path) is not str:
        raise KlongError("type", f".export: path must be a string, got: {written(path)}")
    run = tensor_function(k, f, ".export")
    fn = _compile(k, f, x, _options(None), ".export", warm_up=False)
    example = example_input(B, x, ".export").detach()
    out: dict = {}
    dict_insert(out, "compiled_fn", fn)
    try:
        with tracing(B):
            program = torch.export.export(_module(run), (example,), strict=False)
        torch.export.save(program, path)
    except Exception as e:
        dict_insert(out, "export_path", UNDEFINED)
        dict_insert(out, "graph", "")
        dict_insert(out, "export_error", f"{type(e).__name__}: {_first_line(e)}")
    else:
        dict_insert(out, "export_path", os.path.abspath(path))
        dict_insert(out, "graph", str(program.graph_module.code).strip())
        dict_insert(out, "graph_module", program.graph_module)
    dict_insert(out, "mode", "default")
    dict_insert(out, "backend", "inductor")
    return out


@system_function(".cmodes", 0)
def cmodes(k: Any) -> dict:
    """.cmodes(): the compilation modes and backends, with recommendations."""
    require_torch(k, ".cmodes")
    modes: dict = {}
    for name, text in MODES.items():
        dict_insert(modes, name, text)
    backends: dict = {}
    for name, text in BACKENDS.items():
        dict_insert(backends, name, text)
    recs: dict = {}
    for use, (mode, backend) in RECOMMENDATIONS.items():
        d: dict = {}
        dict_insert(d, "mode", mode)
        dict_insert(d, "backend", backend)
        dict_insert(recs, use, d)
    out: dict = {}
    dict_insert(out, "modes", modes)
    dict_insert(out, "backends", backends)
    dict_insert(out, "recommendations", recs)
    return out

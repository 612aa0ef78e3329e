"""Run a notebook with the Klong kernel (nbclient) and save it with its outputs, or check
that its saved outputs are those of a fresh run.

Usage:
    python tools/run_notebook.py [--backend numpy|torch] [--check] NOTEBOOK...

The kernelspec is installed into a temporary prefix first (`klong kernel install --prefix`),
so nothing outside it is touched; the kernel runs in the notebook's folder, as in Jupyter.
Without --check each notebook is written back with the outputs of the run (the way
examples/notebooks/autograd.ipynb is made: never by hand). With --check nothing is
written and the exit status is 1 when the saved outputs differ from the fresh ones
(tests/examples/test_notebooks.py does the same check). Image bytes are not compared:
matplotlib's output is not byte-for-byte stable across its versions.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

TIMEOUT = 120  # seconds per cell: generous, the machine may be busy


def install_kernels(prefix: Path) -> Path:
    """`klong kernel install --prefix PREFIX` (numpy, and torch when it imports); the
    folder of the kernelspecs."""
    result = subprocess.run([sys.executable, "-m", "klong", "kernel", "install",
                             "--prefix", str(prefix)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"klong kernel install failed: {result.stderr}")
    return prefix / "share" / "jupyter" / "kernels"


def execute(path: Path, kernel_dirs: Path, backend: str = "numpy") -> Any:
    """The notebook at `path` run top to bottom on the kernel klong-BACKEND (an nbformat
    NotebookNode with the fresh outputs); a cell's error raises nbclient's
    CellExecutionError."""
    nb = nbformat.read(path, as_version=4)
    specs = KernelSpecManager(kernel_dirs=[str(kernel_dirs)])
    km = KernelManager(kernel_name=f"klong-{backend}", kernel_spec_manager=specs)
    client = NotebookClient(nb, km=km, timeout=TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def outputs(nb: Any) -> list[list[dict]]:
    """What a run shows, cell by cell, in a form to compare: every output with its
    streams, texts and errors, and for images only which kind there is."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown = []
        for out in cell.outputs:
            item = {"output_type": out.output_type}
            if out.output_type == "stream":
                item.update(name=out.name, text=out.text)
            elif out.output_type == "error":
                item.update(ename=out.ename, evalue=out.evalue, traceback=out.traceback)
            else:
                item["data"] = {mime: ("<image>" if mime.startswith("image/") else value)
                                for mime, value in out.data.items()}
            shown.append(item)
        cells.append(shown)
    return cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="numpy", choices=["numpy", "torch"])
    parser.add_argument("--check", action="store_true",
                        help="compare with the saved outputs, write nothing")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    with tempfile.TemporaryDirectory() as prefix:
        kernels = install_kernels(Path(prefix))
        for path in args.notebooks:
            try:
                fresh = execute(path.resolve(), kernels, args.backend)
            except CellExecutionError as exc:
                print(f"{path}: {exc}")
                status = 1
                continue
            if args.check:
                saved = nbformat.read(path, as_version=4)
                if outputs(saved) != outputs(fresh):
                    print(f"{path}: the saved outputs differ from a fresh run")
                    status = 1
            else:
                nbformat.write(fresh, path)
                print(f"{path}: saved with the outputs of the {args.backend} kernel")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""`python -m klong_kernel -f CONNECTION_FILE [--backend B] [--device D] [--dtype T]`."""
from __future__ import annotations

import sys

from ipykernel.kernelapp import IPKernelApp

from .kernel import KlongKernel

_OPTIONS = {"--backend": "backend", "--device": "device", "--dtype": "dtype"}


def translate(argv: list[str]) -> list[str]:
    """`--backend torch` (and the others of _OPTIONS) as the trait `--KlongKernel.backend=torch`;
    every other argument is ipykernel's and passes unchanged."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name in _OPTIONS:
            if not eq and i + 1 < len(argv):
                i += 1
                value = argv[i]
            out.append(f"--KlongKernel.{_OPTIONS[name]}={value}")
        else:
            out.append(argv[i])
        i += 1
    return out


def main() -> None:
    IPKernelApp.launch_instance(argv=translate(sys.argv[1:]), kernel_class=KlongKernel)


if __name__ == "__main__":
    main()

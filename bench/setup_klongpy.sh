#!/usr/bin/env bash
# Create (or reuse) the benchmark's scratch venv with KlongPy 0.7.1 on its numpy backend.
# KlongPy is never a dependency of the project: it lives only in this venv.
#
#   bench/setup_klongpy.sh [PYTHON] [NUMPY_VERSION]
#
# PYTHON         interpreter that creates the venv (default: python3)
# NUMPY_VERSION  pin numpy in the venv to this version (bench_core.py passes its own, so both
#                sides run the same numpy); empty = whatever pip picks
# KLONGPY_VENV   venv location (default: bench/.venv-klongpy)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${KLONGPY_VENV:-$here/.venv-klongpy}"
py="${1:-python3}"
numpy_version="${2:-}"
klongpy_version="0.7.1"

is_ready() {
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" - "$klongpy_version" "$numpy_version" <<'PY' 2>/dev/null
import sys
from importlib import metadata
want_kp, want_np = sys.argv[1], sys.argv[2]
ok = metadata.version("klongpy") == want_kp
ok = ok and (not want_np or metadata.version("numpy") == want_np)
import klongpy  # noqa: F401  (importable, not just installed)
sys.exit(0 if ok else 1)
PY
}

if is_ready; then
    echo "klongpy venv ready: $venv" >&2
    exit 0
fi

echo "creating klongpy venv: $venv" >&2
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
pkgs=("klongpy==$klongpy_version")
if [ -n "$numpy_version" ]; then
    pkgs+=("numpy==$numpy_version")
fi
# numpy backend only: no extras, so no torch.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pkgs[@]}" >&2

if "$venv/bin/python" -c "import torch" 2>/dev/null; then
    echo "warning: torch is importable in $venv; the benchmark wants KlongPy on numpy" >&2
fi
is_ready || { echo "klongpy venv setup failed: $venv" >&2; exit 1; }
echo "klongpy venv ready: $venv" >&2

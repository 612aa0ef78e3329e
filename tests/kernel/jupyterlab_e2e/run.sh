#!/usr/bin/env bash
# End-to-end test of the Klong kernel in a real JupyterLab, driven by headless Chromium:
#   bash tests/kernel/jupyterlab_e2e/run.sh
# Environment:
#   KLONG_PYTHON          Python that runs the kernel: klong with the jupyter extra installed
#                         (default: python3, with this checkout on PYTHONPATH)
#   KLONG_JLAB_E2E_CACHE  where setup.sh keeps JupyterLab and playwright-core
#                         (default ~/.cache/klong-ci/jupyterlab-e2e)
#   KLONG_JLAB_E2E_SHOTS  where the screenshots go (default: a folder in the run, deleted);
#                         docs/images refreshes the ones docs/jupyter.md shows
#   KEEP_RUN=1            keep the run folder (JupyterLab's log, failure screenshots)
# It installs the kernelspecs with `klong kernel install --prefix` into the run folder, starts
# JupyterLab there (headless, a free port, a token) on a copy of examples/notebooks and
# examples/autograd, and runs e2e.js. Exit status 0 only if every check passed.
# It lives beside the kernel's protocol tests (tests/kernel) because it tests klong_kernel:
# JupyterLab needs no extension of ours (editors/ holds the editor extensions).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CACHE=$(realpath -m "${KLONG_JLAB_E2E_CACHE:-$HOME/.cache/klong-ci/jupyterlab-e2e}")
PYTHON=${KLONG_PYTHON:-python3}
t0=$SECONDS
say() { echo "jupyterlab-e2e: $(( SECONDS - t0 ))s: $*" >&2; }

bash "$HERE/setup.sh"
LAB="$CACHE/venv/bin/jupyter-lab"
[ -x "$LAB" ] || { echo "jupyterlab-e2e: JupyterLab missing in $CACHE (setup.sh failed?)" >&2; exit 1; }
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PYTHON" -c 'import klong_kernel.kernel, matplotlib' 2>/dev/null; then
  echo "jupyterlab-e2e: $PYTHON cannot import klong_kernel and matplotlib: install them" \
       "(pip install -e '$REPO[jupyter]') or set KLONG_PYTHON" >&2
  exit 1
fi
PYTHON=$(command -v "$PYTHON")

RUN=$(mktemp -d "${TMPDIR:-/tmp}/klong-jupyterlab-e2e.XXXXXX")
SHOTS=$(realpath -m "${KLONG_JLAB_E2E_SHOTS:-$RUN/screenshots}")
LAB_PID=
cleanup() {
  if [ -n "$LAB_PID" ]; then kill "$LAB_PID" 2>/dev/null || true; wait "$LAB_PID" 2>/dev/null || true; fi
  if [ "${KEEP_RUN:-}" = 1 ]; then echo "jupyterlab-e2e: run folder kept: $RUN" >&2; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
export HOME="$RUN/home" TMPDIR="$RUN/tmp"
export JUPYTER_CONFIG_DIR="$RUN/home/.jupyter" JUPYTER_DATA_DIR="$RUN/home/.local/share/jupyter"
export JUPYTER_RUNTIME_DIR="$RUN/home/runtime" JUPYTER_PATH="$RUN/prefix/share/jupyter"
export JUPYTERLAB_SETTINGS_DIR="$RUN/lab/settings" JUPYTERLAB_WORKSPACES_DIR="$RUN/lab/workspaces"
mkdir -p "$HOME" "$TMPDIR" "$SHOTS" "$RUN/work/examples"
cp -r "$REPO/examples/notebooks" "$REPO/examples/autograd" "$RUN/work/examples/"
# the copy without outputs and without a kernel: what the test sees comes from this run, and
# JupyterLab asks which kernel to start
"$PYTHON" - "$RUN/work/examples/notebooks/autograd.ipynb" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    nb = json.load(f)
nb["metadata"].pop("kernelspec", None)
for cell in nb["cells"]:
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(nb, f, indent=1, ensure_ascii=False)
PY

"$PYTHON" -m klong kernel install --prefix "$RUN/prefix" >&2
say "kernelspecs: $(ls "$RUN/prefix/share/jupyter/kernels" | tr '\n' ' ')"

# No news or update pop-ups; every cell in the DOM (no windowing), so that the checks see
# the outputs of cells scrolled out of view.
settings() { mkdir -p "$JUPYTERLAB_SETTINGS_DIR/$(dirname "$1")"; echo "$2" > "$JUPYTERLAB_SETTINGS_DIR/$1.jupyterlab-settings"; }
settings @jupyterlab/apputils-extension/notification '{"fetchNews": "false", "checkForUpdates": false}'
settings @jupyterlab/notebook-extension/tracker '{"windowingMode": "none"}'

ROOT_OK=()
[ "$(id -u)" = 0 ] && ROOT_OK=(--allow-root)     # CI's containers run as root
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
"$LAB" "${ROOT_OK[@]}" --no-browser --LabApp.extension_manager=readonly --ServerApp.ip=127.0.0.1 --ServerApp.port="$PORT" --ServerApp.port_retries=0 \
  --IdentityProvider.token="$TOKEN" --ServerApp.root_dir="$RUN/work" > "$RUN/lab.log" 2>&1 &
LAB_PID=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/status?token=$TOKEN" && break
  kill -0 "$LAB_PID" 2>/dev/null || break
  sleep 0.5
done
if ! curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/status?token=$TOKEN"; then
  cat "$RUN/lab.log" >&2; echo "jupyterlab-e2e: JupyterLab did not start" >&2; exit 1
fi
say "JupyterLab $("$LAB" --version) up on port $PORT"

rc=0
NODE_PATH="$CACHE/node/node_modules" KLONG_JLAB_E2E_FAILURES="$RUN/failures" \
  node "$HERE/e2e.js" "$PORT" "$TOKEN" examples/notebooks/autograd.ipynb "$SHOTS" || rc=$?
if [ $rc -ne 0 ]; then
  echo "---- JupyterLab log (tail) ----" >&2; tail -n 60 "$RUN/lab.log" >&2
  echo "jupyterlab-e2e: failure screenshots in $RUN/failures (KEEP_RUN=1 keeps them)" >&2
fi
say "done (exit $rc); screenshots in $SHOTS"
exit $rc

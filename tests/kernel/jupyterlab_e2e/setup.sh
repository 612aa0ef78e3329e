#!/usr/bin/env bash
# Installs what the JupyterLab end-to-end test needs, outside the repository, once:
#   - Debian's chromium (the browser playwright-core drives; never a downloaded one)
#   - JupyterLab (pinned) in a virtual environment of its own: $CACHE/venv
#   - playwright-core (pinned, the VS Code e2e test's version) from npm: $CACHE/node
# into $KLONG_JLAB_E2E_CACHE (default ~/.cache/klong-ci/jupyterlab-e2e). A second run finds
# everything there and takes a second. klong itself is not installed here: the kernel runs
# in the Python under test (run.sh's KLONG_PYTHON), JupyterLab only starts it.
set -euo pipefail
CACHE=$(realpath -m "${KLONG_JLAB_E2E_CACHE:-$HOME/.cache/klong-ci/jupyterlab-e2e}")
JLAB_VERSION=4.6.6          # newest JupyterLab; runs on Python 3.11
PW_VERSION=1.65.1           # as editors/vscode/package.json
PYTHON=${PYTHON:-python3}
t() { local s=$SECONDS; "$@"; echo "setup: $(( SECONDS - s ))s: $*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: /usr/bin/chromium missing (run as root, or apt-get install chromium)" >&2
    exit 1
  fi
  dpkg --configure -a >/dev/null 2>&1 || true   # an earlier install that was interrupted
  t apt-get update -qq
  t env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

lab_ok() { [ "$("$CACHE/venv/bin/jupyter-lab" --version 2>/dev/null)" = "$JLAB_VERSION" ]; }
if lab_ok; then
  echo "setup: JupyterLab $JLAB_VERSION already in $CACHE/venv" >&2
else
  rm -rf "$CACHE/venv"
  mkdir -p "$CACHE"
  t "$PYTHON" -m venv "$CACHE/venv"
  t "$CACHE/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jupyterlab==$JLAB_VERSION" > "$CACHE/pip.log" 2>&1 || { cat "$CACHE/pip.log" >&2; exit 1; }
  lab_ok || { cat "$CACHE/pip.log" >&2
              echo "setup: JupyterLab $JLAB_VERSION did not install in $CACHE/venv" >&2; exit 1; }
  echo "setup: JupyterLab $JLAB_VERSION installed in $CACHE/venv" >&2
fi

PW="$CACHE/node/node_modules/playwright-core/package.json"
pw_ok() { [ -f "$PW" ] && node -p "require('$PW').version" 2>/dev/null | grep -qx "$PW_VERSION"; }
if pw_ok; then
  echo "setup: playwright-core $PW_VERSION already in $CACHE/node" >&2
else
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  printf '{"name":"klong-jupyterlab-e2e","private":true}\n' > "$CACHE/node/package.json"
  # playwright-core has no install script: it downloads no browser
  (cd "$CACHE/node" && t npm install --no-audit --no-fund --loglevel=error \
    "playwright-core@$PW_VERSION")
  pw_ok || { echo "setup: playwright-core $PW_VERSION did not install in $CACHE/node" >&2; exit 1; }
  echo "setup: playwright-core $PW_VERSION installed in $CACHE/node" >&2
fi

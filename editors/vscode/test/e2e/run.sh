#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code (code-server) driven by headless Chromium.
#   bash test/e2e/run.sh            (from editors/vscode; `npm run e2e` does the same)
# Environment:
#   KLONG_PYTHON       Python that can import klong_lsp (default: python3, with this checkout
#                      on PYTHONPATH)
#   KLONG_E2E_CACHE    where setup.sh keeps code-server (default ~/.cache/klong-ci/vscode-e2e)
#   KLONG_E2E_SHOTS    where screenshots go (default out/e2e/screenshots; `images` refreshes
#                      the README's)
#   KLONG_E2E_PHASES   which phases to run (default: trusted restricted noserver install)
# It builds and checks the .vsix (with the klong wheel, built by KLONG_PYTHON), installs it
# into a fresh code-server profile (failing on any warning), opens a copy of
# test/e2e/workspace and runs test/e2e/e2e.js once per phase. The install phase makes a fresh
# venv without klong, where pip installs klong's dependencies from the package index (or
# pip's cache, PIP_CACHE_DIR, default the caller's). Exit status 0 only if every check passed.
set -euo pipefail
EXT=$(cd "$(dirname "$0")/../.." && pwd)
REPO=$(cd "$EXT/../.." && pwd)
CACHE=$(realpath -m "${KLONG_E2E_CACHE:-$HOME/.cache/klong-ci/vscode-e2e}")
SHOTS=$(realpath -m "${KLONG_E2E_SHOTS:-$EXT/out/e2e/screenshots}")
PYTHON=${KLONG_PYTHON:-python3}
PHASES=${KLONG_E2E_PHASES:-trusted restricted noserver install}
for p in $PHASES; do
  case $p in trusted|restricted|noserver|install) ;; *) echo "e2e: unknown phase $p" >&2; exit 2 ;; esac
done
t0=$SECONDS
say() { echo "e2e: $(( SECONDS - t0 ))s: $*" >&2; }

bash "$EXT/test/e2e/setup.sh"
CS="$CACHE/cs/node_modules/.bin/code-server"
[ -x "$CS" ] || { echo "e2e: code-server missing in $CACHE (setup.sh failed?)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium missing" >&2; exit 1; }
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PYTHON" -c 'import klong_lsp, pygls' 2>/dev/null; then
  echo "e2e: $PYTHON cannot import klong_lsp and pygls: install them (pip install -e '$REPO[lsp]') or set KLONG_PYTHON" >&2
  exit 1
fi
PYTHON=$(command -v "$PYTHON")
say "python: $PYTHON"
# the wheel the .vsix ships is built with this Python (scripts/build-wheel.mjs)
export KLONG_PYTHON=$PYTHON
# pip's cache stays the caller's when HOME moves below
if [ -z "${PIP_CACHE_DIR:-}" ]; then export PIP_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pip"; fi

cd "$EXT"
[ -d node_modules/playwright-core ] || { echo "e2e: run npm ci in $EXT first" >&2; exit 1; }
npm run --silent package > /dev/null
VSIX="$EXT/out/klong.vsix"
say "packaged $(du -k "$VSIX" | cut -f1) KiB"

RUN=$(mktemp -d "${TMPDIR:-/tmp}/klong-e2e.XXXXXX")
export HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/home/.config" XDG_DATA_HOME="$RUN/home/.local/share"
mkdir -p "$RUN/ext" "$HOME" "$RUN/tmp" "$SHOTS"
export TMPDIR="$RUN/tmp"
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  if [ "${KEEP_RUN:-}" = 1 ]; then echo "e2e: run folder kept: $RUN" >&2; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

# install the .vsix once; it must install without a warning
INSTALL_LOG="$RUN/install.log"
"$CS" --user-data-dir "$RUN/install-profile" --extensions-dir "$RUN/ext" \
  --install-extension "$VSIX" --force > "$INSTALL_LOG" 2>&1 || { cat "$INSTALL_LOG" >&2; exit 1; }
cat "$INSTALL_LOG" >&2
if grep -qiE 'warn|error' "$INSTALL_LOG"; then
  echo "e2e: FAIL: installing the .vsix printed a warning or error" >&2
  exit 1
fi
grep -q "successfully installed" "$INSTALL_LOG" || { echo "e2e: FAIL: the .vsix did not install" >&2; exit 1; }
say "installed into code-server $("$CS" --version 2>/dev/null | head -1)"

# one code-server per phase: a trusted workspace (every feature), one in Restricted Mode, one
# where no server can be found (the offer to install), and one whose Python lacks klong (the
# extension installs it)
phase() {
  local mode=$1 dir="$RUN/$1" trust=false evaluate_on_save=true python_path=$PYTHON
  [ "$mode" = restricted ] && trust=true
  [ "$mode" = noserver ] && python_path=
  mkdir -p "$dir/user/User"
  local venv=$HOME/.venv
  if [ "$mode" = install ]; then
    # a fresh venv without klong (and without the checkout on PYTHONPATH), in the home folder
    # as a user's would be; without pip at first (e2e.js adds it after the failed try)
    rm -rf "$venv"
    env -u PYTHONPATH "$PYTHON" -m venv --without-pip "$venv" || { echo "e2e: $PYTHON -m venv failed" >&2; return 1; }
    if env -u PYTHONPATH "$venv/bin/python" -c 'import klong' 2>/dev/null; then
      echo "e2e: the fresh venv $venv can import klong already" >&2; return 1
    fi
    python_path=$venv/bin/python
    say "install: fresh venv $venv"
  fi
  cp -r "$EXT/test/e2e/workspace" "$dir/workspace"
  cat > "$dir/user/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": $trust,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Light Modern",
  "window.commandCenter": false,
  "workbench.layoutControl.enabled": false,
  "chat.commandCenter.enabled": false,
  "editor.minimap.enabled": false,
  "editor.fontSize": 15,
  "files.autoSave": "off",
  "klong.evaluateOnSave": $evaluate_on_save,
  "klong.pythonPath": "$python_path"
}
JSON
  local args=(--user-data-dir "$dir/user" --extensions-dir "$RUN/ext" --auth none --disable-telemetry --disable-update-check)
  [ "$mode" != restricted ] && args+=(--disable-workspace-trust)
  local port envs=()
  if [ "$mode" = noserver ]; then
    # neither klong-lsp nor any Python on PATH: only node, which code-server needs (the
    # extension host still finds the system's python3)
    mkdir -p "$dir/bin"; ln -s "$(command -v node)" "$dir/bin/node"
    envs=(env -u PYTHONPATH PATH="$dir/bin")
  elif [ "$mode" = install ]; then
    envs=(env -u PYTHONPATH)
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${envs[@]}" "$CS" "${args[@]}" --bind-addr "127.0.0.1:$port" "$dir/workspace" > "$dir/code-server.log" 2>&1 &
  CS_PID=$!
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
  if ! curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; then
    cat "$dir/code-server.log" >&2; echo "e2e: code-server did not start" >&2; return 1
  fi
  say "$mode: code-server up on port $port"
  local rc=0
  KLONG_E2E_USER_DIR="$dir/user" KLONG_E2E_VENV="$venv" node "$EXT/test/e2e/e2e.js" "$port" "$dir/workspace" "$SHOTS" "$mode" \
    | tee "$dir/e2e.log" || rc=$?
  local p=0 f=1 counts
  counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$dir/e2e.log" | tail -1 || true)
  if [ -n "$counts" ]; then p=${counts%% passed*}; f=${counts#*, }; f=${f%% failed*}; fi
  PASSED=$(( PASSED + p )); FAILED=$(( FAILED + f ))
  kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; CS_PID=
  if [ $rc -ne 0 ]; then
    echo "---- code-server log (tail) ----" >&2; tail -n 40 "$dir/code-server.log" >&2
    for f in $(find "$dir/user/logs" -name 'Klong.log' 2>/dev/null | head -3); do
      echo "---- $f ----" >&2; tail -n 60 "$f" >&2
    done
  fi
  return $rc
}

status=0 PASSED=0 FAILED=0
for ph in $PHASES; do
  s0=$SECONDS
  phase "$ph" || status=1
  say "$ph: $(( SECONDS - s0 ))s"
done
say "done (exit $status); screenshots in $SHOTS"
echo "e2e: $PASSED passed, $FAILED failed"
exit $status

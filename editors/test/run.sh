#!/usr/bin/env bash
# Tests of klong-lsp in real editors, headless, as a user has them:
#   - editors/nvim's syntax file and filetype detection; klong-mode.el's syntax and
#     highlighting (ERT) and its byte-compilation without a warning;
#   - end to end, each recipe of docs/lsp.md marked `<!-- e2e: NAME -->`, exactly as written
#     there, as the editor's init file in a fresh home: Neovim (headless) and Emacs
#     (`emacs -nw` on a pseudo-terminal, with eglot or lsp-mode) open editors/test/sample.kg
#     and check the diagnostics (codes and ranges), hover (f:>3 shows 6.0), go to definition
#     and completion (\nab -> ∇), through the keys a user presses.
#   bash editors/test/run.sh [NAME...]      (default: everything; NAMEs: only those recipes)
# Environment:
#   KLONG_PYTHON   a Python that can import klong_lsp (default: python3, with this checkout
#                  on PYTHONPATH); the editors find `klong-lsp` on PATH, a script that runs
#                  `$KLONG_PYTHON -m klong_lsp`
# Needs nvim, emacs with eglot and lsp-mode, and script (editors/test/setup.sh installs
# Debian's packages). Exit status 0 only if every check passed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PYTHON=${KLONG_PYTHON:-python3}
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"

# every recipe: NAME and what the editor's test covers (completion of \nab -> ∇ only where
# the recipe gives it: docs/lsp.md says why Neovim's own omnifunc before 0.11 cannot)
ALL="nvim-plugin nvim-0.7 emacs-mode-eglot emacs-mode-lsp-mode emacs-eglot emacs-lsp-mode"
RECIPES=${*:-$ALL}

command -v nvim >/dev/null || { echo "editors: nvim is missing (bash editors/test/setup.sh)" >&2; exit 1; }
command -v emacs >/dev/null || { echo "editors: emacs is missing (bash editors/test/setup.sh)" >&2; exit 1; }
command -v script >/dev/null || { echo "editors: script is missing (Debian: bsdutils)" >&2; exit 1; }
if ! "$PYTHON" -c 'import klong_lsp, pygls' 2>/dev/null; then
  echo "editors: $PYTHON cannot import klong_lsp and pygls (pip install -e '$REPO[lsp]', or set KLONG_PYTHON)" >&2
  exit 1
fi

RUN=$(mktemp -d "${TMPDIR:-/tmp}/klong-editors.XXXXXX")
trap 'rm -rf "$RUN"' EXIT
# klong-lsp as a user has it on PATH: a small script that runs this checkout's server
mkdir -p "$RUN/bin"
PYTHON=$(command -v "$PYTHON")
PYTHON="$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")"   # absolute, links kept (a venv)
printf '#!/bin/sh\nexec %q -m klong_lsp "$@"\n' "$PYTHON" > "$RUN/bin/klong-lsp"
chmod +x "$RUN/bin/klong-lsp"
export PATH="$RUN/bin:$PATH"

# the fenced block right after the line `<!-- e2e: NAME -->` in docs/lsp.md, as a user
# copies it, with /path/to/klong made this checkout
recipe_text() {
  awk -v mark="<!-- e2e: $1 -->" '
    inside && /^```/ { done = 1; exit }
    inside { print }
    found && /^```/ { inside = 1 }
    $0 == mark { found = 1 }
    END { if (!done) exit 1 }' "$REPO/docs/lsp.md" | sed "s|/path/to/klong|$REPO|g"
}

failed=()

# the plugins on their own: Neovim's filetype, ftplugin and syntax file; klong-mode.el's
# syntax and highlighting (ERT), and that it byte-compiles without a warning
if [ -z "$*" ]; then
  echo "== nvim syntax file"
  HOME="$RUN/home-nvim" nvim --headless -u NONE -i NONE -c "luafile $REPO/editors/nvim/test/syntax.lua" \
    </dev/null || failed+=(nvim-syntax)
  echo "== klong-mode.el: tests, byte-compilation"
  mkdir -p "$RUN/elc"
  cp "$REPO/editors/emacs/klong-mode.el" "$RUN/elc/"
  if ! HOME="$RUN/home-emacs" emacs --batch -L "$REPO/editors/emacs" \
       -l "$REPO/editors/emacs/test/klong-mode-test.el" -f ert-run-tests-batch-and-exit \
       > "$RUN/ert.log" 2>&1; then
    cat "$RUN/ert.log"
    failed+=(klong-mode-test)
  fi
  grep -E "^Ran " "$RUN/ert.log" || true
  (cd "$RUN/elc" && HOME="$RUN/home-emacs" emacs --batch --eval '(setq byte-compile-error-on-warn t)' \
     -f batch-byte-compile klong-mode.el) || failed+=(klong-mode-byte-compile)
fi

# run_recipe NAME [again]: with "again", in the home of the first run, whose cache holds the
# initialize answer klong-lsp recorded there (klong_lsp/handshake.py): the server answers it
# before importing pygls
run_recipe() {
  local recipe=$1 again=${2:-} label=$1
  # a fresh home (holding the recipe as the editor's init file) and project folder each
  local home="$RUN/$recipe/home" work="$RUN/$recipe/work" log="$RUN/$recipe/log"
  if [ -n "$again" ]; then
    label="$recipe (again, initialize answered from the record)"
    if ! ls "$home/.cache/klong/lsp/"initialize-*.json >/dev/null 2>&1; then
      echo "== $label: klong-lsp recorded no initialize answer in $home/.cache/klong/lsp"
      failed+=("$recipe-again")
      return
    fi
  fi
  mkdir -p "$home/.config/nvim" "$home/.emacs.d" "$work"
  cp "$HERE/sample.kg" "$work/sample.kg"
  local features="diagnostics,hover,definition,completion" init cmd
  [ "$recipe" = nvim-0.7 ] && features="diagnostics,hover,definition"
  case $recipe in
    nvim-*)
      init="$home/.config/nvim/init.lua"
      cmd=(nvim --headless -i NONE -c "luafile $REPO/editors/nvim/test/e2e.lua") ;;
    emacs-*)
      # interactive, on a pseudo-terminal, so that idle timers run as for a user
      init="$home/.emacs.d/init.el"
      cmd=(script -qec "stty rows 40 cols 120; TERM=xterm emacs -nw -l $(printf %q "$REPO/editors/emacs/test/e2e.el")" /dev/null) ;;
    *) echo "editors: no recipe $recipe (recipes: $ALL)" >&2; exit 2 ;;
  esac
  recipe_text "$recipe" > "$init" || { echo "editors: no block marked $recipe in docs/lsp.md" >&2; exit 2; }
  echo "== $label"
  local start=$SECONDS status=0
  : > "$log"
  (cd "$work" && HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
     XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" KLONG_E2E_RECIPE="$recipe" \
     KLONG_E2E_FILE="$work/sample.kg" KLONG_E2E_FEATURES="$features" KLONG_E2E_LOG="$log" \
     timeout 120 "${cmd[@]}" </dev/null >"$RUN/$recipe/screen" 2>&1) || status=$?
  cat "$log"
  if [ "$status" != 0 ]; then
    failed+=("$recipe${again:+-again}")
    [ -s "$log" ] || tail -c 2000 "$RUN/$recipe/screen"
  fi
  # the same client sends the same request: one answer recorded, none added by the rerun
  if [ -n "$again" ] && [ "$(ls "$home/.cache/klong/lsp/" | wc -l)" != 1 ]; then
    echo "== $label: the rerun recorded another answer: $(ls "$home/.cache/klong/lsp/")"
    failed+=("$recipe-again-key")
  fi
  echo "== $label: $(( SECONDS - start )) s (exit status $status)"
}

for recipe in $RECIPES; do
  run_recipe "$recipe"
done
# a second start in two editors, with the recorded answer (everything run by default)
if [ -z "$*" ]; then
  for recipe in nvim-plugin emacs-eglot; do
    run_recipe "$recipe" again
  done
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "editors: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "editors: every recipe passed ($RECIPES)"

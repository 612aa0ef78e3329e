#!/usr/bin/env bash
# Installs what editors/test/run.sh needs, from Debian's packages, once: Neovim, Emacs
# without X, and Emacs's eglot and lsp-mode (Debian 12: Neovim 0.7.2, Emacs 28.2, eglot 1.9,
# lsp-mode 8.0). Installed packages are found and apt is not run (a fraction of a second);
# a first install takes about a minute. Fails loudly.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need=()
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
installed elpa-eglot || need+=(elpa-eglot)
installed elpa-lsp-mode || need+=(elpa-lsp-mode)
command -v script >/dev/null || need+=(bsdutils)

if [ ${#need[@]} -eq 0 ]; then
  echo "editors setup: nvim $(nvim --version | head -1 | cut -d' ' -f2)," \
       "emacs $(emacs --version | head -1 | cut -d' ' -f3), eglot, lsp-mode already installed" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "editors setup: missing Debian packages: ${need[*]} (run as root, or apt-get install them)" >&2
  exit 1
fi
# another apt (the VS Code end-to-end setup runs one in the background) may hold the locks
retry() {
  local i
  for i in $(seq 30); do
    "$@" && return 0
    echo "editors setup: apt busy or failing, retrying in 10 s ($i/30)" >&2
    sleep 10
  done
  return 1
}
s=$SECONDS
retry apt-get -o DPkg::Lock::Timeout=600 update -qq
retry env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
  "${need[@]}" >/dev/null
echo "editors setup: installed ${need[*]} in $(( SECONDS - s )) s" >&2

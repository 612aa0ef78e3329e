#!/usr/bin/env bash
# Installs what the end-to-end test needs, outside the repository, once:
#   - Debian packages: chromium (the browser Playwright drives), libkrb5-dev (headers for
#     code-server's native kerberos module), ripgrep (stands in for a GitHub download)
#   - code-server 4.100.3 from npm (VS Code 1.100.3; the newest that installs on Node 20)
# into $KLONG_E2E_CACHE (default ~/.cache/klong-ci/vscode-e2e). A second run finds everything
# there and takes a second. Fails loudly: any step that fails stops the script.
# See ../../../../shared/docs/vscode-e2e.md (or the project's copy of it) for the pitfalls.
set -euo pipefail
CACHE=$(realpath -m "${KLONG_E2E_CACHE:-$HOME/.cache/klong-ci/vscode-e2e}")
CS_VERSION=4.100.3        # newest code-server whose engines accept Node 20
RG_CACHE_VERSION=1.15.11  # @vscode/ripgrep version pinned by code-server 4.100.3
RG_TAG=v13.0.0-10         # the ripgrep release that version would download
t() { local s=$SECONDS; "$@"; echo "setup: $(( SECONDS - s ))s: $*" >&2; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
CS="$CACHE/cs/node_modules/.bin/code-server"
cs_ok() {
  [ -x "$CS" ] && XDG_CONFIG_HOME="$CACHE/home/.config" XDG_DATA_HOME="$CACHE/home/.local/share" \
    HOME="$CACHE/home" "$CS" --version 2>/dev/null | grep -q "^$CS_VERSION "
}
if ! cs_ok; then
  [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${need[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  dpkg --configure -a >/dev/null 2>&1 || true   # an earlier install that was interrupted
  t apt-get update -qq
  t env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if cs_ok; then
  echo "setup: code-server $CS_VERSION already in $CACHE/cs" >&2
  exit 0
fi
rm -rf "$CACHE/cs" "$CACHE/tmp"
mkdir -p "$CACHE/cs" "$CACHE/tmp" "$CACHE/home"
export TMPDIR="$CACHE/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this cached archive.
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_CACHE_VERSION"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_CACHE_VERSION/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" \
  -C "$(dirname "$(command -v rg)")" rg
cd "$CACHE/cs"
printf '{"name":"klong-e2e-code-server","private":true}\n' > package.json
# nodedir: Node headers from /usr/include/node (no download); yes: the nested `npx node-gyp`
# may fetch node-gyp; unsafe_perm: code-server's postinstall refuses root without it.
t env npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
rm -rf "$CACHE/tmp"
if ! cs_ok; then
  echo "setup: code-server $CS_VERSION did not install correctly in $CACHE/cs" >&2
  exit 1
fi
echo "setup: code-server $CS_VERSION installed in $CACHE/cs" >&2

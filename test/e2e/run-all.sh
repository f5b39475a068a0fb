#!/usr/bin/env bash
# Real-editor tests, all of them: setup, build + package, then the three suites
#   ext-host   tests inside the real VS Code extension host (test/e2e/run-ext-host.mjs)
#   ui-smoke   the packaged .vsix in code-server, driven in headless Chromium (test/e2e/run-ui-smoke.mjs)
#   neovim     neovim as a second LSP client (test/e2e/run-neovim.mjs)
# Each with a timeout, in its own session; every process a step started (found by a per-run marker in its
# environment) is killed after the step and on exit. Prints PASS/FAIL and the time per step, and ends with
# "N passed, N failed". Exit code 0 only when every suite passed.
#
# Env: E2E_SKIP_BUILD=1 (use the dist/ that is there), E2E_SUITES="ext-host neovim" (a subset),
#      E2E_SKIP_APT=1 (passed to setup.sh); E2E_EXT_DIR / E2E_VSIX / E2E_SERVER_JS point the suites at another
#      extension folder / .vsix / server bundle (used to test the harness itself).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RESULTS="$ROOT/test-results"
mkdir -p "$RESULTS"
cd "$ROOT" || exit 2

export E2E_RUN_ID="voiceml-e2e-$$-$(date +%s%N)"
SUITES="${E2E_SUITES:-ext-host ui-smoke neovim}"

ms_now() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1fs", ms / 1000 }'; }

# Kills every process group holding a process whose environment carries this run's marker.
cleanup_marked() {
  local pid pgid killed=0
  for pid in $(grep -lsz "^E2E_RUN_ID=$E2E_RUN_ID\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
    [ "$pid" = "$$" ] && continue
    pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')"
    if [ -n "$pgid" ] && [ "$pgid" != "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then
      kill -KILL -- "-$pgid" 2>/dev/null && killed=$((killed + 1))
    else
      kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
    fi
  done
  [ "$killed" -gt 0 ] && echo "[run-all] cleaned up $killed leftover process group(s)/process(es)"
  return 0
}
trap 'cleanup_marked' EXIT
trap 'echo "[run-all] interrupted"; cleanup_marked; exit 130' INT TERM

declare -a LINES=()
PASSED=0
FAILED=0
LAST_MS=0

# step NAME TIMEOUT CMD... : runs CMD in its own session with a timeout, output to the console and to
# test-results/NAME.log; returns CMD's exit code (124/137: timed out).
step() {
  local name="$1" secs_limit="$2"; shift 2
  local t0 rc
  echo
  echo "=== $name (timeout ${secs_limit}s): $*"
  t0=$(ms_now)
  setsid -w timeout --kill-after=15 "$secs_limit" "$@" 2>&1 | tee "$RESULTS/$name.log"
  rc=${PIPESTATUS[0]}
  LAST_MS=$(( $(ms_now) - t0 ))
  cleanup_marked
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "[run-all] $name timed out after ${secs_limit}s"; fi
  return "$rc"
}

record() { # record NAME STATUS DETAIL
  local line
  line="$(printf '%-5s %-10s %8s  %s' "$2" "$1" "$(secs "$LAST_MS")" "$3")"
  LINES+=("$line")
  echo "$line"
  if [ "$2" = PASS ]; then PASSED=$((PASSED + 1)); elif [ "$2" = FAIL ]; then FAILED=$((FAILED + 1)); fi
}

T_ALL=$(ms_now)

# --- setup --------------------------------------------------------------------------------------------
SETUP_OK=1
if step setup 2400 bash "$HERE/setup.sh"; then
  record setup done "installed/cached in .e2e/"
else
  SETUP_OK=0
  record setup ERROR "see test-results/setup.log"
fi

# --- build and package ----------------------------------------------------------------------------------
SERVER_JS="${E2E_SERVER_JS:-dist/server/server.js}"
CLIENT_JS="dist/client/extension.js"
[ -n "${E2E_EXT_DIR:-}" ] && CLIENT_JS="$E2E_EXT_DIR/package.json"
VSIX="${E2E_VSIX:-dist/voiceml.vsix}"
BUILD_OK=1
PACKAGE_OK=1
if [ "${E2E_SKIP_BUILD:-}" = "1" ]; then
  LAST_MS=0
  [ -f "$VSIX" ] || PACKAGE_OK=0
  record build skip "E2E_SKIP_BUILD=1 (dist/ as it is)"
else
  # `package` builds the production bundle (server + client) and packs it; the suites then test exactly what ships.
  if step package 600 npm run package; then
    record package done "dist/voiceml.vsix"
  else
    PACKAGE_OK=0
    record package ERROR "npm run package failed: see test-results/package.log"
    if step build 300 npm run build; then record build done "dist/ (dev build)"; else record build ERROR "see test-results/build.log"; fi
  fi
fi
[ -f "$SERVER_JS" ] && [ -f "$CLIENT_JS" ] || BUILD_OK=0

# --- suites -----------------------------------------------------------------------------------------------
for suite in $SUITES; do
  case "$suite" in
    ext-host) script="$HERE/run-ext-host.mjs"; limit=420; needs="$BUILD_OK" ;;
    ui-smoke) script="$HERE/run-ui-smoke.mjs"; limit=300; needs="$PACKAGE_OK" ;;
    neovim) script="$HERE/run-neovim.mjs"; limit=180; needs="$BUILD_OK" ;;
    *) echo "[run-all] unknown suite '$suite'"; LAST_MS=0; record "$suite" FAIL "unknown suite"; continue ;;
  esac
  if [ "$SETUP_OK" != 1 ]; then LAST_MS=0; record "$suite" FAIL "not run: setup failed"; continue; fi
  if [ "$needs" != 1 ]; then LAST_MS=0; record "$suite" FAIL "not run: build/package output missing"; continue; fi
  if step "$suite" "$limit" node "$script"; then
    record "$suite" PASS "test-results/$suite/"
  else
    record "$suite" FAIL "see test-results/$suite.log and test-results/$suite/"
  fi
done

echo
echo "=== real-editor tests: summary (total $(secs $(( $(ms_now) - T_ALL ))))"
for l in "${LINES[@]}"; do echo "$l"; done
# What failed inside the suites, from their logs: the end of the output is what a CI report keeps.
for suite in $SUITES; do
  [ -f "$RESULTS/$suite.log" ] || continue
  grep -E '^\[[a-z-]+ +[0-9.]+s\] +(FAIL|UNEXPECTED-PASS|ERROR)[ :]|^ *\[suite\] +(FAIL|UNEXPECTED-PASS) ' "$RESULTS/$suite.log" | sed "s/^/  $suite: /" | cut -c1-400
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]

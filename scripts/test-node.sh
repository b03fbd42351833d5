#!/usr/bin/env bash
# Node: npm packages, the addon (debug build), the `hullcheck` binary (debug build), the bindings'
# tests (node --test, which includes the conformance cases, the generated-declarations drift
# check, `tsc --noEmit` and the three-installs test of the command: the Rust binary, the Python
# console script from .venv, which scripts/test-python.sh builds, and bin/hullcheck.js), then the
# portal's end-to-end test in headless Chromium (Debian's package, installed when missing).
#
# The build honours CARGO_TARGET_DIR. `napi build` always passes `--target`, so the first build
# compiles the dependency tree once more into <target>/x86_64-unknown-linux-gnu/ (about 1-2
# minutes cold); later builds reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Node: npm packages"
(cd bindings-node && npm ci --no-audit --no-fund)
(cd examples/node-portal && npm ci --no-audit --no-fund)

echo "== Node: build the addon"
(cd bindings-node && node scripts/build.mjs)

echo "== Node: build the hullcheck binary (compared with the Python and Node installs)"
cargo build --locked -q -p hullcheck-cli

echo "== Node: bindings tests (node --test, tsc --noEmit)"
(cd bindings-node && node --test)

echo "== Node: portal in headless Chromium"
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "Installing Debian's chromium package (needed by the portal test)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
(cd examples/node-portal && CHROMIUM_PATH="$chromium_path" node --test)

#!/usr/bin/env bash
# The engine suite: a fleet of containers on a real Docker engine, audited through the Rust
# command, Python and Node (tests/engine/). Needs a running dockerd and Debian's busybox-static;
# .ci/run installs and starts both. Without an engine it fails when CI=true and skips visibly
# otherwise. Runs after test-python.sh and test-node.sh, which build what it calls.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Engine: a real Docker engine (tests/engine)"
[ -x .venv/bin/python ] || { echo "run scripts/test-python.sh first (it creates .venv)"; exit 1; }
cargo build -q --locked -p hullcheck-cli
.venv/bin/python -m pytest -q -p no:cacheprovider -rs tests/engine "$@"

#!/usr/bin/env bash
# Python: builds the extension into .venv (created at the repository root when missing) with
# maturin, then runs the pytest suite of bindings-python (conformance cases, API, errors,
# threads, stubs, README snippets).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
echo "== Python: environment"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check "maturin>=1.9.4,<2" pytest mypy
echo "== Python: build (maturin develop)"
VIRTUAL_ENV="$root/.venv" .venv/bin/maturin develop --locked -q -m bindings-python/Cargo.toml
echo "== Python: tests"
# pytest exits 5 when it collected no tests; treat that as a failure like any other.
.venv/bin/python -m pytest -q bindings-python/tests "$@"

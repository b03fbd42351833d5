#!/usr/bin/env bash
# Rewrites every generated file from the code, in dependency order, then shows what changed:
#   1. spec/ (schemas, rules.json, rules.md, conformance cases), the snapshots and the rule docs:
#      the core's tests with UPDATE_GENERATED=1;
#   2. bindings-node/types.d.ts from the schemas of step 1 (scripts/gen-types.mjs);
#   3. bindings-node/binding.d.ts and binding.js from the Rust signatures (`napi build`,
#      scripts/build.mjs; installs node_modules with `npm ci` when missing).
# The Python stubs (bindings-python/python/hullcheck/*.pyi) are written by hand; their tests
# (stubtest, the Literal drift test) say when they fall behind.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== spec/, snapshots, rule docs"
UPDATE_GENERATED=1 cargo test -p hullcheck --locked
echo "== bindings-node/types.d.ts"
node bindings-node/scripts/gen-types.mjs
echo "== bindings-node/binding.d.ts, binding.js"
if [ ! -x bindings-node/node_modules/.bin/napi ]; then
  (cd bindings-node && npm ci --no-audit --no-fund)
fi
(cd bindings-node && node scripts/build.mjs)
echo "== changed"
git status --short

#!/usr/bin/env bash
# Runs every test: Rust, then Python, then Node. This is README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-rust.sh
bash scripts/test-python.sh
bash scripts/test-node.sh
bash scripts/test-engine.sh

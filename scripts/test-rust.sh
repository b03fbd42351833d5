#!/usr/bin/env bash
# Rust: formatting, lints (including the core's IO ban), and every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Rust: fmt and clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
bash scripts/check-core-deps.sh
echo "== Rust: tests"
cargo test --workspace --locked

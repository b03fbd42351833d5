#!/usr/bin/env bash
# Rust: formatting, lints (including the core's IO ban), every test of the workspace, and the core
# built and unit-tested without its default features.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Rust: fmt and clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
bash scripts/check-core-deps.sh
echo "== Rust: tests"
cargo test --workspace --locked
echo "== Rust: core without default features (no yaml, no oci)"
cargo check -p hullcheck --no-default-features --locked
cargo test -p hullcheck --no-default-features --lib --locked

#!/usr/bin/env bash
# The core is IO-free: besides clippy's disallowed lists (core/clippy.toml), its dependency tree
# must contain no IO, network or async-runtime crate. Prints the tree it checked on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
banned='^(tokio|async-std|smol|async-io|mio|reqwest|hyper|ureq|curl|isahc|socket2|native-tls|openssl|rustls|notify|walkdir|tempfile|glob|dirs|home|fs-err|fs_extra|libloading|subprocess|duct|chrono-tz|iana-time-zone|getrandom)$'
tree=$(cargo tree -p hullcheck -e normal --prefix none --format '{p}' --locked | awk '{print $1}' | sort -u)
found=$(grep -E "$banned" <<<"$tree" || true)
if [ -n "$found" ]; then
  echo "core dependency tree contains IO/async crates:" >&2
  echo "$found" >&2
  exit 1
fi
echo "core dependencies ($(wc -l <<<"$tree") crates) contain no IO or async-runtime crate"

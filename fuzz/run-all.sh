#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 180), JOBS at a time (default 2), on
# stable Rust without a sanitizer, seeded from the repository's corpus and fixtures. Logs go to
# fuzz/logs/<target>.log; the last line of each is libFuzzer's "Done N runs in T second(s)".
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-180}"
jobs="${JOBS:-2}"
mkdir -p logs
seeds() {
  case "$1" in
    detect_kind) echo ../tests/corpus ;;
    container | stream) echo ../tests/corpus/container-inspect ;;
    image) echo ../tests/corpus/image-inspect ;;
    daemon) echo ../tests/corpus/daemon-json ../tests/corpus/docker-info ;;
    seccomp) echo ../tests/corpus/seccomp ;;
    oci) echo ../tests/corpus/oci-runtime ;;
    dockerfile) echo ../tests/corpus/dockerfile ;;
    compose) echo ../tests/corpus/compose ;;
    policy) echo ../examples/policies ;;
    label_schema) echo ../examples/labels ;;
    vulnerability_report) echo ../tests/corpus/vuln-trivy ../tests/corpus/vuln-grype ;;
    evaluate) echo ../tests/corpus ../core/tests/fixtures ;;
  esac
}
run() {
  local target="$1"
  mkdir -p "corpus/$target"
  # shellcheck disable=SC2046
  cargo fuzz run --sanitizer none -O "$target" "corpus/$target" $(seeds "$target") -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"logs/$target.log" 2>&1 || echo "$target: FAILED (see logs/$target.log)"
  echo "$target: $(grep -E '^Done [0-9]+ runs' "logs/$target.log" || echo 'no summary')"
}
targets="${*:-detect_kind container image daemon seccomp oci dockerfile compose policy label_schema vulnerability_report evaluate stream}"
running=0
for target in $targets; do
  run "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

#!/usr/bin/env bash
# CI under load: runs `.ci/run` on fresh clones of HEAD, RUNS times in a row (3 by default), while
# stress-ng keeps every core busy — the check that the suite is deterministic on a busy machine.
# Each clone sits beside this checkout, so `../shared` resolves as in CI. Prints one line per run
# (seconds, exit code, the test summary) and exits non-zero if any run failed.
set -euo pipefail
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
runs="${RUNS:-3}"

if ! command -v stress-ng >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
fi
stress-ng --cpu "$(nproc)" --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT

failed=0
for run in $(seq 1 "$runs"); do
  clone="$(dirname "$repo")/ci-under-load-$run"
  rm -rf "$clone"
  git clone --quiet "$repo" "$clone"
  log="$clone.log"
  started=$(date +%s)
  set +e
  (cd "$clone" && CI=true bash .ci/run </dev/null >"$log" 2>&1)
  code=$?
  set -e
  seconds=$(($(date +%s) - started))
  echo "run $run: ${seconds} s, exit $code, $(grep -E '^tests: ' "$log" | tail -1) (load $(cut -d' ' -f1-3 /proc/loadavg)) — log: $log"
  [ "$code" -eq 0 ] || failed=1
  rm -rf "$clone"
done
exit "$failed"

#!/usr/bin/env bash
# Runs a libFuzzer binary for a bounded time, seeded with the captured
# RocketMQ frames, and fails if it finds a crash.
set -euo pipefail
fuzzer=$1
seconds=${2:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(dirname "$fuzzer")/corpus-$(basename "$fuzzer")
mkdir -p "$work"
seeds="$root/tests/data/frame_seeds"
args=("$work")
[ -d "$seeds" ] && args+=("$seeds")
# Undefined behaviour fails the run too; fuzz/ubsan.supp lists the one known,
# benign report from a third-party header.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-suppressions=$root/fuzz/ubsan.supp:halt_on_error=1:print_stacktrace=1}
echo "fuzz: running $(basename "$fuzzer") for ${seconds}s"
"$fuzzer" -max_total_time="$seconds" -max_len=70000 -print_final_stats=1 \
  -artifact_prefix="$(dirname "$fuzzer")/" "${args[@]}" 2>&1 | tail -n 12

#!/usr/bin/env bash
# The full model's whole-process throughput on one thread and on every core, and the peak
# memory of a long ensemble, measured in one run on this machine.
#
# Throughput: tests/fixtures/everything.toml (every mechanism on), 1000 rounds x REPLICATES,
# --trajectories 0, with --jobs 1 and --jobs $(nproc) in turn, best of five each: rounds per
# second and the speed-up.
# Memory: 1000 replicates x 10000 rounds, then 4000 x 10000, peak resident memory of each
# (it should not grow with replicates: see docs/MODEL.md, "ensemble.csv").
#
# Usage: scripts/bench_scaling.sh [REPLICATES]   (COEXIST=path times another build)
set -euo pipefail
cd "$(dirname "$0")/.."
replicates=${1:-20000}
cores=$(nproc)
bin=${COEXIST:-target/release/coexist}
[ "$bin" = target/release/coexist ] && cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall seconds and peak resident MB of one run.
measure() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.3f} {peak_mb:.0f}")
PY
}

run() {
    measure "$bin" run tests/fixtures/everything.toml --quiet --out "$out" \
        --trajectories 0 "$@"
}

# Five runs of each, alternating so that both see the same spells of the machine; the best
# of each counts: the machine is shared, and a slower run measures the neighbours.
size=(--set rounds=1000 --set replicates="$replicates")
for _ in 1 2 3 4 5; do
    run "${size[@]}" --jobs 1 >>"$out/one"
    run "${size[@]}" --jobs "$cores" >>"$out/all"
done
read -r one _ <<<"$(sort -n "$out/one" | head -1)"
read -r all _ <<<"$(sort -n "$out/all" | head -1)"
read -r _ mem1 <<<"$(run --set rounds=10000 --set replicates=1000)"
read -r _ mem4 <<<"$(run --set rounds=10000 --set replicates=4000)"

awk -v n="$replicates" -v one="$one" -v all="$all" -v c="$cores" -v m1="$mem1" -v m4="$mem4" 'BEGIN {
    r = 1000 * n
    printf "full model, whole process, %d rounds (--trajectories 0):\n", r
    printf "  --jobs 1: %.2f s = %.1f million rounds/s\n", one, r / one / 1e6
    printf "  --jobs %d: %.2f s = %.1f million rounds/s (%.2fx on %d cores)\n", c, all, r / all / 1e6, one / all, c
    printf "peak memory, 10000 rounds: %d MB with 1000 replicates, %d MB with 4000\n", m1, m4
}'

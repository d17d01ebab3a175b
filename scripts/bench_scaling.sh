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
# Horizons: the same 10 million rounds as 1,000 x 10,000, 10,000 x 1,000 and 100,000 x 100
# (rounds x replicates), one thread, best of three each, alternating: rounds per second of
# each against the first (targets: 90% and 80%), peak memory, and the best run's user and
# system time and page faults (a long horizon's values are first-touched pages).
# Reference: the classic tournament (eight Axelrod strategies, 200 turns, benches/classic.toml)
# on one thread in the same run, so that the full model's rate can be quoted as a ratio to a
# workload every machine runs alike (docs/PERFORMANCE.md says which figure to quote).
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

# Wall seconds, peak resident MB, user and system seconds and page faults of one run.
measure() {
    python3 - "$@" <<'PY'
import os, sys, time
# posix_spawn and wait4: the figures of that one process, without a forked copy of Python's.
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{sys.argv[1]} failed")
print(f"{elapsed:.3f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime:.3f} {usage.ru_stime:.3f} {usage.ru_minflt}")
PY
}

run() {
    measure "$bin" run tests/fixtures/everything.toml --quiet --out "$out" --force \
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
read -r _ mem1 _ <<<"$(run --set rounds=10000 --set replicates=1000)"
read -r _ mem4 _ <<<"$(run --set rounds=10000 --set replicates=4000)"

awk -v n="$replicates" -v one="$one" -v all="$all" -v c="$cores" -v m1="$mem1" -v m4="$mem4" 'BEGIN {
    r = 1000 * n
    printf "full model, whole process, %d rounds (--trajectories 0):\n", r
    printf "  --jobs 1: %.2f s = %.1f million rounds/s\n", one, r / one / 1e6
    printf "  --jobs %d: %.2f s = %.1f million rounds/s (%.2fx on %d cores)\n", c, all, r / all / 1e6, one / all, c
    printf "peak memory, 10000 rounds: %d MB with 1000 replicates, %d MB with 4000\n", m1, m4
}'

# Horizons, alternating shape by shape so that all three see the same spells of the machine.
shapes=("1000 10000" "10000 1000" "100000 100")
for _ in 1 2 3; do
    for k in 0 1 2; do
        read -r rounds reps <<<"${shapes[$k]}"
        run --set rounds="$rounds" --set replicates="$reps" --jobs 1 >>"$out/horizon$k"
    done
done
classic() {
    measure "$bin" tournament benches/classic.toml --quiet --out "$out/classic" --force --jobs 1 \
        --strategies always_engage,always_retaliate,tit_for_tat,grim,pavlov,tit_for_two_tats,suspicious_tit_for_tat,random \
        --replicates 2000
}
for _ in 1 2 3; do classic >>"$out/classic.times"; done
read -r ref _ <<<"$(sort -n "$out/classic.times" | head -1)"
echo "horizons, full model, one thread, 10 million rounds each (best of 3):"
for k in 0 1 2; do
    read -r rounds reps <<<"${shapes[$k]}"
    read -r secs mem user sys faults <<<"$(sort -n "$out/horizon$k" | head -1)"
    [ "$k" -eq 0 ] && first=$secs
    awk -v r="$rounds" -v n="$reps" -v s="$secs" -v m="$mem" -v f="$first" -v u="$user" -v y="$sys" -v p="$faults" 'BEGIN {
        printf "  %6d rounds x %5d: %.2f s = %.1f million rounds/s, %3.0f%% of the first; peak %d MB\n", r, n, s, 1e7 / s / 1e6, 100 * f / s, m
        printf "                        (user %.2f s, system %.2f s, %d page faults)\n", u, y, p
    }'
done
awk -v ref="$ref" -v one="$one" -v n="$replicates" 'BEGIN {
    turns = 64 * 200 * 2000
    printf "reference: classic tournament, one thread, %.2f s = %.1f million turns/s;\n", ref, turns / ref / 1e6
    printf "  the full model at 1,000 rounds runs %.3f rounds per classic turn (quote this ratio across machines)\n", (1000 * n / one) / (turns / ref)
}'

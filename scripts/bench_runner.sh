#!/usr/bin/env bash
# The one runner's speed in each command that plays replicates: a run, one sweep point and
# one tournament pair of the same world (tests/fixtures/everything.toml, both agents
# `adaptive`), the same rounds x replicates, on one thread, whole process, measured side by
# side in one run, best of five each. Prints rounds per second and each command's ratio to
# the run's (a sweep point records summaries only and a tournament pair only payoffs, so
# theirs may be above 1).
#
# Usage: scripts/bench_runner.sh [REPLICATES] [ROUNDS] [COEXIST]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench_lib.sh
replicates=${1:-10000}
rounds=${2:-1000}
bin=${3:-target/release/coexist}
[ "$bin" = target/release/coexist ] && cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

world=(tests/fixtures/everything.toml --set agents.usa.strategy=adaptive --set agents.china.strategy=adaptive
    --set rounds="$rounds" --jobs 1 --quiet)
for _ in 1 2 3 4 5; do
    seconds "$bin" run "${world[@]}" --set replicates="$replicates" --trajectories 0 --out "$out/run" >>"$out/run.t"
    seconds "$bin" sweep "${world[@]}" --replicates "$replicates" --vary agents.usa.face_cost=0.5 \
        --out "$out/sweep" >>"$out/sweep.t"
    rm -rf "$out/sweep"
    seconds "$bin" tournament "${world[@]}" --replicates "$replicates" --strategies adaptive \
        --out "$out/tournament" >>"$out/tournament.t"
done
run=$(best "$out/run.t")
awk -v r="$((replicates * rounds))" -v run="$run" -v sweep="$(best "$out/sweep.t")" -v t="$(best "$out/tournament.t")" 'BEGIN {
    printf "%d rounds each, one thread, best of five:\n", r
    printf "  run:             %.3f s = %.2f M rounds/s\n", run, r / run / 1e6
    printf "  sweep point:     %.3f s = %.2f M rounds/s (%.2fx the run)\n", sweep, r / sweep / 1e6, run / sweep
    printf "  tournament pair: %.3f s = %.2f M rounds/s (%.2fx the run)\n", t, r / t / 1e6, run / t
}'

#!/usr/bin/env bash
# The deciding agent's cost: tests/fixtures/everything.toml (every mechanism on; generous tit
# for tat against the adaptive learner) against the same world with two `deliberate` agents
# (and a backing-down cost), whole process, one thread, --trajectories 0, measured side by
# side in one run, best of five each, alternating. Prints rounds per second and the ratio.
#
# Usage: scripts/bench_deliberate.sh [REPLICATES] [ROUNDS] [COEXIST]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench_lib.sh
replicates=${1:-10000}
rounds=${2:-1000}
bin=${3:-target/release/coexist}
[ "$bin" = target/release/coexist ] && cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

common=(tests/fixtures/everything.toml --set rounds="$rounds" --set replicates="$replicates"
    --trajectories 0 --jobs 1 --quiet --out "$out")
deliberate=()
for id in usa china; do
    deliberate+=(--set "agents.$id.strategy={ kind = \"deliberate\" }" --set "agents.$id.backing_down_cost=0.3")
done
for _ in 1 2 3 4 5; do
    seconds "$bin" run "${common[@]}" >>"$out/everything.t"
    seconds "$bin" run "${common[@]}" "${deliberate[@]}" >>"$out/deliberate.t"
done
awk -v r="$((replicates * rounds))" -v e="$(best "$out/everything.t")" -v d="$(best "$out/deliberate.t")" 'BEGIN {
    printf "%d rounds, one thread, whole process, best of five:\n", r
    printf "  everything.toml:                %.3f s = %.2f M rounds/s\n", e, r / e / 1e6
    printf "  the same, two deliberate agents: %.3f s = %.2f M rounds/s (%.0f%% of it; target 60%%)\n", d, r / d / 1e6, 100 * e / d
}'

#!/usr/bin/env bash
# How much misperception does a reciprocal relationship survive?
#
# Sweeps both sides' perception noise in the baseline world (two tit-for-tat states) and
# prints, for symmetric noise, the mean share of mutual engagement and of crisis rounds.
# Usage: scripts/misperception.sh [REPLICATES]     (run from the project root)
set -euo pipefail
replicates=${1:-500}
cargo build --release --quiet
out=output/sweep-misperception
target/release/coexist sweep scenarios/baseline.toml \
    --vary agents.usa.perception.noise=0:0.3:0.05 \
    --vary agents.china.perception.noise=0:0.3:0.05 \
    --replicates "$replicates" --out "$out" --force   # the script owns its folder

# Columns by name, so the script survives new metrics.
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$1 == $2 {
    printf "noise %-5s  mutual engagement %.3f [%.3f, %.3f]  crisis rounds %.2f\n", $1,
        $col["mutual_engagement_mean"], $col["mutual_engagement_ci_low"], $col["mutual_engagement_ci_high"],
        $col["crisis_rounds_mean"]
}' "$out/sweep.csv"
echo "heatmaps: $out/mutual_engagement.png, $out/escalation.png"

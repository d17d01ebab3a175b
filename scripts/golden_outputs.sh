#!/usr/bin/env bash
# Every kind of output the commands write, into one folder, so that a refactor can show it
# changes no byte: run it before and after, then `diff -r BEFORE AFTER`.
#
# It covers the whole scenario library (exact ensembles), a binned ensemble with kept
# trajectories, a grid and a Latin-hypercube sweep, a sharded sweep merged back, a
# tournament, and a compare of result folders and a scenario file; the library runs at
# --jobs 1 and --jobs 2, which must agree too.
#
# Usage: scripts/golden_outputs.sh DIR [COEXIST]   (COEXIST: the binary, default target/release/coexist)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/golden_outputs.sh DIR [COEXIST]}
bin=${2:-target/release/coexist}
[ "$bin" = target/release/coexist ] && cargo build --release --quiet
rm -rf "$out"
mkdir -p "$out"
c() { "$bin" "$@" --quiet; }

c run --out "$out/library" --jobs 2
c run --out "$out/library-1" --jobs 1
c run tests/fixtures/everything.toml --out "$out/binned" --set rounds=3000 --set replicates=1200 \
    --trajectories 3
c run scenarios/baseline.toml --out "$out/flags" --seed 7 --replicates 300 --rounds 20 \
    --set agents.usa.perception.noise=0.2 --trajectories 5
c sweep scenarios/baseline.toml --out "$out/grid" --replicates 30 \
    --vary agents.usa.perception.noise=0:0.3:0.1 --vary agents.china.strategy=tit_for_tat,grit
c sweep tests/fixtures/everything.toml --out "$out/lhs" --design lhs --samples 7 --replicates 20 \
    --vary agents.usa.face_cost=0:1 --vary relationship.tension_cost=0:2
for i in 1 2 3; do
    c sweep scenarios/baseline.toml --out "$out/shards/$i" --shard "$i/3" --replicates 10 \
        --vary agents.usa.audience=0:1:0.25
done
"$bin" merge "$out"/shards/1 "$out"/shards/2 "$out"/shards/3 --out "$out/merged" 2>/dev/null
c tournament benches/classic.toml --out "$out/tournament" --replicates 20 \
    --strategies tit_for_tat,grim,pavlov,random,grit,adaptive,hawk
c compare "$out/library/baseline" "$out/library/spin-cycle" scenarios/open-channels.toml \
    --out "$out/compare"
echo "wrote $out"

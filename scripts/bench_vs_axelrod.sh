#!/usr/bin/env bash
# coexist against the Axelrod library, measured in one run on this machine.
#
# The same tournament in both: eight classic strategies (cooperator, defector, tit for tat,
# grudger, win-stay lose-shift, tit for two tats, suspicious tit for tat, random), 200 turns,
# flip noise 0.05, on one core. Prints the turns per second of each and their ratio, whole
# process included (start-up, output files). The Axelrod library is installed into a cached
# virtual environment ($AXELROD_VENV, default .bench/axelrod-venv) the first time.
#
# Usage: scripts/bench_vs_axelrod.sh [AXELROD_REPETITIONS] [COEXIST_REPLICATES]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-20}
replicates=${2:-2000}
venv=${AXELROD_VENV:-.bench/axelrod-venv}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import axelrod" 2>/dev/null; then
    echo "installing the Axelrod library into $venv (once)..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet axelrod
fi
cargo build --release --quiet

axelrod=$("$venv/bin/python" - "$reps" <<'PY'
import sys, time
import axelrod as axl
reps = int(sys.argv[1])
players = [axl.Cooperator(), axl.Defector(), axl.TitForTat(), axl.Grudger(),
           axl.WinStayLoseShift(), axl.TitFor2Tats(), axl.SuspiciousTitForTat(), axl.Random()]
start = time.perf_counter()
t = axl.Tournament(players, turns=200, noise=0.05, repetitions=reps, seed=1)
t.play(processes=None, progress_bar=False, filename=None, build_results=False)  # None = serial
elapsed = time.perf_counter() - start
matches = len(players) * (len(players) + 1) // 2  # each pair once, self-play included
print(f"{axl.__version__} {matches * 200 * reps} {elapsed}")
PY
)
read -r version ax_turns ax_secs <<<"$axelrod"

out=$(mktemp -d)
start=$(date +%s.%N)
target/release/coexist tournament benches/classic.toml \
    --strategies always_engage,always_retaliate,tit_for_tat,grim,pavlov,tit_for_two_tats,suspicious_tit_for_tat,random \
    --replicates "$replicates" --jobs 1 --out "$out" --quiet
end=$(date +%s.%N)
rm -rf "$out"
co_turns=$((64 * 200 * replicates))  # every ordered pair, self-play included

awk -v v="$version" -v at="$ax_turns" -v as="$ax_secs" -v ct="$co_turns" -v s="$start" -v e="$end" 'BEGIN {
    cs = e - s; ax = at / as; co = ct / cs
    printf "Axelrod %s: %d turns in %.2f s = %.0f turns/s (serial round robin)\n", v, at, as, ax
    printf "coexist:       %d turns in %.2f s = %.0f turns/s (one thread, whole process)\n", ct, cs, co
    printf "ratio: %.0fx\n", co / ax
}'

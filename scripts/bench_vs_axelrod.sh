#!/usr/bin/env bash
# coexist against the Axelrod library, measured in one run on this machine.
#
# The same tournament in both: eight classic strategies (cooperator, defector, tit for tat,
# grudger, win-stay lose-shift, tit for two tats, suspicious tit for tat, random), 200 turns,
# flip noise 0.05, on one core. Axelrod is timed around `Tournament.play` (its import, some
# seconds, is left out), with its results built as a user's call builds them, and without;
# coexist is timed as a whole process (start-up, tournament.csv, charts). Prints the turns
# per second of each and the ratios; each time is the best of three, so that a shared,
# noisy machine penalises both alike. The Axelrod library is installed into a cached
# virtual environment ($AXELROD_VENV, default .bench/axelrod-venv) the first time.
#
# Usage: scripts/bench_vs_axelrod.sh [AXELROD_REPETITIONS] [COEXIST_REPLICATES]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-20}
replicates=${2:-5000}
venv=${AXELROD_VENV:-.bench/axelrod-venv}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import axelrod" 2>/dev/null; then
    echo "installing the Axelrod library into $venv (once)..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet axelrod
fi
cargo build --release --quiet

axelrod=$("$venv/bin/python" - "$reps" 2>/dev/null <<'PY'
import sys, time
import axelrod as axl
reps = int(sys.argv[1])

def players():
    return [axl.Cooperator(), axl.Defector(), axl.TitForTat(), axl.Grudger(),
            axl.WinStayLoseShift(), axl.TitFor2Tats(), axl.SuspiciousTitForTat(), axl.Random()]

def timed(build_results):
    best = float("inf")
    for _ in range(3):
        t = axl.Tournament(players(), turns=200, noise=0.05, repetitions=reps, seed=1)
        start = time.perf_counter()
        # processes=None is the serial round robin (processes=1 starts a pool of one worker).
        t.play(processes=None, progress_bar=False, build_results=build_results)
        best = min(best, time.perf_counter() - start)
    return best

matches = 8 * 9 // 2  # each pair once, self-play included
turns = matches * 200 * reps
print(axl.__version__, turns, timed(True), timed(False))
PY
)
read -r version ax_turns ax_full ax_play <<<"$axelrod"

out=$(mktemp -d)
co_secs=
for _ in 1 2 3; do
    start=$(date +%s.%N)
    target/release/coexist tournament benches/classic.toml \
        --strategies always_engage,always_retaliate,tit_for_tat,grim,pavlov,tit_for_two_tats,suspicious_tit_for_tat,random \
        --replicates "$replicates" --jobs 1 --out "$out" --quiet
    end=$(date +%s.%N)
    co_secs=$(awk -v s="$start" -v e="$end" -v b="$co_secs" 'BEGIN { d = e - s; print (b == "" || d < b) ? d : b }')
done
rm -rf "$out"
co_turns=$((64 * 200 * replicates))  # every ordered pair, self-play included

awk -v v="$version" -v at="$ax_turns" -v af="$ax_full" -v ap="$ax_play" -v ct="$co_turns" -v cs="$co_secs" 'BEGIN {
    full = at / af; play = at / ap; co = ct / cs
    printf "Axelrod %s, serial round robin, %d turns:\n", v, at
    printf "  play() with its results (the usual call): %.2f s = %.0f turns/s\n", af, full
    printf "  play() alone (build_results=False):       %.2f s = %.0f turns/s\n", ap, play
    printf "coexist tournament, one thread, whole process (start-up, CSV, charts), %d turns:\n", ct
    printf "  %.2f s = %.0f turns/s\n", cs, co
    printf "ratio: %.0fx the usual call, %.0fx play() alone\n", co / full, co / play
}'

"""Prints the numbers of scenarios/README.md's table from a `coexist compare` of the library.

    cargo run --release -- compare scenarios/*.toml --out output/library
    python3 scripts/scenario_table.py output/library/compare.csv

Standard library only. Each cell is the mean across replicates with its 95% CI.
"""
import csv
import sys


def cell(row, metric, digits):
    mean, low, high = (float(row[f"{metric}_{k}"]) for k in ("mean", "ci_low", "ci_high"))
    return f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


path = sys.argv[1] if len(sys.argv) > 1 else "output/library/compare.csv"
for row in csv.DictReader(open(path, newline="")):
    print(
        f"| {row['scenario']} | {cell(row, 'mutual_engagement', 3)} | {cell(row, 'spin_cycle', 3)} "
        f"| {cell(row, 'escalation', 3)} | {cell(row, 'crisis_rounds', 2)} |"
    )

"""Where does GRIT pay? Unilateral gestures against a face-saving partner.

The essay asks Washington to "draw Beijing into a serious pursuit of peaceful coexistence".
This script sweeps the GRIT initiative's length (how many unreturned engagements the United
States will risk) against China's misperception in the `unilateral-gesture` world, and
reports, for each point, whether GRIT beats the spin cycle for the United States' own
payoff, and how much mutual engagement it buys. Standard library only.

Usage (from the project root): python3 scripts/where_grit_pays.py [REPLICATES]
"""
import csv
import subprocess
import sys

replicates = sys.argv[1] if len(sys.argv) > 1 else "300"
out = "output/sweep-grit"
subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
coexist = "target/release/coexist"
subprocess.run(
    [coexist, "sweep", "scenarios/unilateral-gesture.toml",
     "--vary", "agents.usa.strategy.steps=0:6:1",
     "--vary", "agents.china.perception.noise=0:0.3:0.1",
     "--replicates", replicates, "--out", out, "--quiet", "--force"],
    check=True,
)
# The spin cycle (both face-saving) is the alternative the gesture is measured against.
subprocess.run([coexist, "run", "scenarios/spin-cycle.toml", "--replicates", replicates,
                "--trajectories", "0", "--out", out + "/reference", "--quiet", "--force"], check=True)
with open(out + "/reference/spin-cycle/summary.csv", newline="") as f:
    rows = list(csv.DictReader(f))
spin_payoff = sum(float(r["payoff_usa"]) for r in rows) / len(rows)

print(f"spin cycle: U.S. payoff {spin_payoff:.1f}")
print(f"{'steps':>5} {'noise':>6} {'U.S. payoff [95% CI]':>24} {'mutual engagement':>18}  pays?")
with open(out + "/sweep.csv", newline="") as f:
    for r in csv.DictReader(f):
        low, high = float(r["payoff_usa_ci_low"]), float(r["payoff_usa_ci_high"])
        verdict = "yes" if low > spin_payoff else ("no" if high < spin_payoff else "unclear")
        print(f"{r['agents.usa.strategy.steps']:>5} {r['agents.china.perception.noise']:>6} "
              f"{float(r['payoff_usa_mean']):>9.1f} [{low:.1f}, {high:.1f}] "
              f"{float(r['mutual_engagement_mean']):>18.3f}  {verdict}")

"""Which of the essay's levers moves mutual engagement most? Sobol indices (SALib) of the
share of rounds of mutual engagement over face cost, domestic audience, perception noise and
the diplomatic channel's noise reduction, with a bar chart.

    python python/examples/sensitivity.py --samples 256 --replicates 200

Each SALib sample is one coexist run, all on the same seed (common random numbers, so that
the indices measure the levers, not the draws).
"""
import argparse
import textwrap
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from SALib.analyze import sobol  # noqa: E402
from SALib.sample import sobol as sobol_sample  # noqa: E402

import coexist  # noqa: E402
from levers import LEVERS, SCENARIO, as_set  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=256, help="SALib's base sample size N (a power of 2)")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, default=Path("output/python"))
    args = parser.parse_args()

    problem = {
        "num_vars": len(LEVERS),
        "names": list(LEVERS),
        "bounds": [[lo, hi] for _, lo, hi in LEVERS.values()],
    }
    points = sobol_sample.sample(problem, args.samples, calc_second_order=False, seed=args.seed)
    scenario = coexist.load(SCENARIO)
    engagement = np.array([
        scenario.with_set(as_set(p)).run(replicates=args.replicates, seed=args.seed, trajectories=0)
        .summary["mutual_engagement"].mean()
        for p in points
    ])
    indices = sobol.analyze(problem, engagement, calc_second_order=False, seed=args.seed)

    total, first = indices.to_df()
    table = first.join(total)
    print(f"Sobol indices of mutual engagement ({len(points)} runs of {args.replicates} replicates):")
    print(table.round(3).to_string())

    args.out.mkdir(parents=True, exist_ok=True)
    x = np.arange(len(LEVERS))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar(x - 0.2, indices["S1"], 0.4, yerr=indices["S1_conf"], label="first order (S1)")
    ax.bar(x + 0.2, indices["ST"], 0.4, yerr=indices["ST_conf"], label="total (ST)")
    ax.set_xticks(x, [textwrap.fill(name.replace("_", " "), 14) for name in LEVERS])
    ax.set_ylabel("share of the variance of mutual engagement")
    ax.set_title(f"What moves mutual engagement in {scenario.name}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.out / "sensitivity.png", dpi=120)
    print(f"wrote {args.out / 'sensitivity.png'}")


if __name__ == "__main__":
    main()

"""Where does engagement win? The EMA Workbench's PRIM over a Latin hypercube of the essay's
levers (face cost, audience, perception noise, channel noise reduction) finds the boxes where
mutual engagement exceeds one half of the rounds.

    python python/examples/scenario_discovery.py --samples 1000 --replicates 200
"""
import argparse
import warnings

with warnings.catch_warnings():
    # The Workbench warns about optional parallel back ends at import; PRIM needs none.
    warnings.simplefilter("ignore")
    from ema_workbench.analysis import prim

import coexist
from levers import LEVERS, SCENARIO, as_vary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=1000, help="points of the Latin hypercube")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--threshold", type=float, default=0.5, help="mutual engagement that counts as winning")
    args = parser.parse_args()

    points = coexist.sweep(
        SCENARIO, vary=as_vary(), design="lhs", samples=args.samples,
        replicates=args.replicates, seed=args.seed, wide=True,
    )
    x = points[list(as_vary())].copy()
    x.columns = list(LEVERS)
    wins = (points["mutual_engagement_mean"] > args.threshold).to_numpy()
    print(f"{wins.sum()} of {len(wins)} points reach mutual engagement above {args.threshold}")
    if wins.sum() == 0:
        print("no point does: no box to find")
        return

    box = prim.Prim(x, wins, threshold=0.5).find_box()
    chosen = box.peeling_trajectory.iloc[-1]
    print(f"PRIM box: coverage {chosen['coverage']:.2f} (of the winning points, the share inside),"
          f" density {chosen['density']:.2f} (of the points inside, the share winning)")
    limits = box.box_lim.T
    limits.columns = ["lowest", "highest"]
    # A lever bounds the box when the box keeps clearly less than its whole range.
    restricted = [name for name, (_, lo, hi) in LEVERS.items()
                  if limits.loc[name, "highest"] - limits.loc[name, "lowest"] < 0.9 * (hi - lo)]
    print(limits.round(3).to_string())
    print("the levers that bound the box:", ", ".join(restricted) or "none")


if __name__ == "__main__":
    main()

"""A 10,000-point sweep from Python against the same sweep by the command line, side by side
in one run (alternating, so that both see the same machine), as a ratio of medians.

    python scripts/bench_python.py [--replicates 20] [--repeats 3]

Needs the package installed (`pip install ./python`) and a release build of the binary. The
target (issue 21): Python takes at most 1.2 times the command line's time.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import coexist

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "scenarios/baseline.toml"
VARY = {
    "agents.usa.perception.noise": (0.0, 0.297, 0.003),
    "agents.china.perception.noise": (0.0, 0.297, 0.003),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "coexist")
    args = parser.parse_args()
    cli_vary = [a for key, (lo, hi, step) in VARY.items() for a in ("--vary", f"{key}={lo}:{hi}:{step}")]
    cli, py = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [str(args.binary), "sweep", SCENARIO, *cli_vary, "--replicates", str(args.replicates),
                 "--out", out, "--quiet"],
                cwd=ROOT, check=True,
            )
            cli.append(time.perf_counter() - start)
        start = time.perf_counter()
        table = coexist.sweep(ROOT / SCENARIO, vary=VARY, replicates=args.replicates, wide=True)
        py.append(time.perf_counter() - start)
    assert len(table) == 10_000, len(table)
    ratio = statistics.median(py) / statistics.median(cli)
    print(f"10,000 points x {args.replicates} replicates: command line {statistics.median(cli):.2f} s, "
          f"Python {statistics.median(py):.2f} s (medians of {args.repeats}); Python / command line = {ratio:.2f}")
    sys.exit(0 if ratio <= 1.2 else 1)


if __name__ == "__main__":
    main()

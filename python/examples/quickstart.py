"""From a scenario file to a plot: tension round by round across 500 replicates."""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import coexist  # noqa: E402

result = coexist.run(sys.argv[1] if len(sys.argv) > 1 else "scenarios/baseline-2023.toml", replicates=500)
e = result.ensemble
plt.fill_between(e["date"], e["tension_p05"], e["tension_p95"], alpha=0.3, label="5th to 95th percentile")
plt.plot(e["date"], e["tension_mean"], label="mean")
plt.ylabel("tension"), plt.title(result.scenario.name), plt.legend()
plt.savefig(sys.argv[2] if len(sys.argv) > 2 else "quickstart.png")
print(result.summary["mutual_engagement"].describe())

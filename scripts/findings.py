"""Reruns every finding of scenarios/findings.csv and prints the table of scenarios/README.md.

    cargo build --release
    python3 scripts/findings.py                # the table, on standard output
    python3 scripts/findings.py --readme       # the table, written into scenarios/README.md

Each finding is a control and a variant that changes one thing, a metric, and the direction
the difference goes (`up`, `down`, or `none`: the 95% CI of the difference lies within
±NONE_WITHIN). Every scenario the findings name is run with `coexist run`, under the published
settings and under each robustness condition below, and each variant is compared with its
control by `coexist compare`, whose `differences.csv` pairs them replicate by replicate (same
seed, same replicates: common random numbers). A finding holds under a condition when the
difference's 95% CI lies on the stated side of zero (or within ±NONE_WITHIN). Everything is
written under --out (default output/findings), with `findings.csv` holding every difference.

Standard library only.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NONE_WITHIN = 0.02
OTHER_SEEDS = [1, 2, 3]
BOTH = ["usa", "china"]


def unbiased_noise():
    flags = []
    for a in BOTH:
        flags += ["--set", f"agents.{a}.perception.hostile_bias=0.5", "--set", f"agents.{a}.errors.towards=any"]
    return flags


CONDITIONS = [("published", [])]
CONDITIONS += [(f"seed-{s}", ["--seed", str(s)]) for s in OTHER_SEEDS]
CONDITIONS += [("unbiased-noise", unbiased_noise()), ("twice-the-rounds", None)]


def findings():
    with open(os.path.join(ROOT, "scenarios", "findings.csv"), newline="") as f:
        return list(csv.DictReader(f))


def holds(expect, low, high):
    return {"up": low > 0, "down": high < 0, "none": -NONE_WITHIN < low and high < NONE_WITHIN}[expect]


def coexist(binary, args):
    # The findings' folders are this script's own: a rerun after a change replaces them.
    done = subprocess.run([binary] + args + ["--quiet", "--force"], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"coexist {' '.join(args)} failed:\n{done.stderr}")


def rounds_of(published_runs, name):
    """The scenario's rounds, as its published run resolved them (after `extends`)."""
    with open(os.path.join(published_runs, name, "manifest.json")) as f:
        return json.load(f)["scenario"]["rounds"]


def differences(binary, rows, out, flags, published_runs):
    """(control, variant, metric) -> (difference, low, high) under one condition."""
    names = sorted({r["control"] for r in rows} | {r["variant"] for r in rows})
    runs = os.path.join(out, "runs")
    if flags is None:  # twice the rounds: each scenario's own rounds, doubled
        for n in names:
            path = os.path.join(ROOT, "scenarios", f"{n}.toml")
            coexist(binary, ["run", path, "--out", runs, "--rounds", str(2 * rounds_of(published_runs, n))])
    else:
        coexist(binary, ["run"] + [os.path.join(ROOT, "scenarios", f"{n}.toml") for n in names] + ["--out", runs] + flags)
    found = {}
    for control in sorted({r["control"] for r in rows}):
        variants = sorted({r["variant"] for r in rows if r["control"] == control})
        cmp = os.path.join(out, f"against-{control}")
        coexist(binary, ["compare", os.path.join(runs, control)] + [os.path.join(runs, v) for v in variants] + ["--out", cmp])
        with open(os.path.join(cmp, "differences.csv"), newline="") as f:
            for d in csv.DictReader(f):
                if d["paired"] != "true":
                    sys.exit(f"{cmp}: {d['scenario']} is not paired with {control}")
                found[(control, d["scenario"], d["metric"])] = tuple(float(d[k]) for k in ("difference", "ci_low", "ci_high"))
    return found


def cell(d, digits):
    return f"{d[0]:+.{digits}f} [{d[1]:+.{digits}f}, {d[2]:+.{digits}f}]"


WORDS = {"up": "rises", "down": "falls", "none": f"no effect beyond ±{NONE_WITHIN}"}


def table(rows, results):
    digits = lambda metric: 2 if metric.startswith(("payoff", "crisis")) else 3
    lines = [
        "| claim | control → variant | the one factor changed | metric | paired difference [95% CI] | finding | other seeds | unbiased noise | twice the rounds |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        key = (r["control"], r["variant"], r["metric"])
        published = results["published"][key]
        ok = lambda c: holds(r["expect"], *results[c][key][1:])
        seeds = sum(ok(f"seed-{s}") for s in OTHER_SEEDS)
        verdict = lambda c: "yes" if ok(c) else f"no: {cell(results[c][key], digits(r['metric']))}"
        stated = WORDS[r["expect"]] if ok("published") else f"NOT HOLDING: stated {r['expect']}"
        lines.append(
            f"| {r['claim']} | [{r['control']}]({r['control']}.toml) → [{r['variant']}]({r['variant']}.toml) "
            f"| {r['factor']} | `{r['metric']}` | {cell(published, digits(r['metric']))} | {stated} "
            f"| {seeds}/{len(OTHER_SEEDS)} | {verdict('unbiased-noise')} | {verdict('twice-the-rounds')} |"
        )
    return "\n".join(lines)


START, END = "<!-- findings: start -->", "<!-- findings: end -->"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--coexist", default=os.path.join(ROOT, "target", "release", "coexist"))
    p.add_argument("--out", default=os.path.join(ROOT, "output", "findings"))
    p.add_argument("--readme", action="store_true", help="write the table into scenarios/README.md")
    args = p.parse_args()
    rows = findings()
    results = {}
    for name, flags in CONDITIONS:
        # The published condition runs first; the others read what it resolved.
        published_runs = os.path.join(args.out, "published", "runs")
        results[name] = differences(args.coexist, rows, os.path.join(args.out, name), flags, published_runs)
    with open(os.path.join(args.out, "findings.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["claim", "control", "variant", "metric", "expect", "condition", "difference", "ci_low", "ci_high", "holds"])
        for r in rows:
            key = (r["control"], r["variant"], r["metric"])
            for name, _ in CONDITIONS:
                d = results[name][key]
                w.writerow([r["claim"], r["control"], r["variant"], r["metric"], r["expect"], name, *d, holds(r["expect"], *d[1:])])
    text = table(rows, results)
    if args.readme:
        path = os.path.join(ROOT, "scenarios", "README.md")
        readme = open(path).read()
        head, rest = readme.split(START)
        tail = rest.split(END)[1]
        open(path, "w").write(f"{head}{START}\n{text}\n{END}{tail}")
    else:
        print(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Renders every kind of report.html in headless Chromium and checks what a reader sees.

For the library's run reports (every scenario, a variant's comparison with its parent among
them), a compare report, a one-key and a two-key sweep and a tournament, the page is loaded in
a real browser, which measures it: the title and heading name the result, a run report shows
its scenario's question, every chart written beside the report is on the page with a caption
and a real size, no chart's text falls outside its image (a tick label cut at the edge), and no
text overflows its box or widens the page. Exit 1 lists every failure.

    python3 scripts/check_reports.py [--coexist target/release/coexist] [--chromium chromium]

Run by .ci/run (which installs Debian's chromium), after the release build.
"""

import argparse
import html
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Measures the page once it is laid out and leaves the result on <body data-check="...">,
# which --dump-dom prints.
MEASURE = r"""
<script>
(() => {
  const text = (sel) => { const e = document.querySelector(sel); return e ? e.textContent.trim() : ''; };
  const out = { title: document.title, h1: text('h1'), question: text('.question'),
                parent: !!document.getElementById('against-parent'), figures: [], overflow: [] };
  for (const f of document.querySelectorAll('figure')) {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const fig = { id: f.id, width: box.width, height: box.height,
                  caption: f.querySelector('figcaption') ? f.querySelector('figcaption').textContent.trim() : '',
                  clipped: [] };
    if (svg) {
      // On screen, after every transform (rotated axis titles included).
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        const b = t.getBoundingClientRect();
        if (b.left < box.left - 0.5 || b.top < box.top - 0.5 || b.right > box.right + 0.5 || b.bottom > box.bottom + 0.5) {
          fig.clipped.push(t.textContent.trim());
        }
      }
    }
    out.figures.push(fig);
  }
  for (const el of document.querySelectorAll('p, li, td, th, h1, h2, figcaption')) {
    if (el.scrollWidth > el.clientWidth + 1) out.overflow.push(el.tagName + ': ' + el.textContent.trim().slice(0, 80));
  }
  const page = document.documentElement.scrollWidth;
  if (page > window.innerWidth + 1) out.overflow.push('the page is ' + page + ' px wide in a ' + window.innerWidth + ' px window');
  document.body.setAttribute('data-check', JSON.stringify(out));
})();
</script>
"""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]


def measure(chromium, report, scratch):
    """The browser's measurements of one report."""
    page = scratch / (report.parent.name + "-" + report.name)
    page.write_text(report.read_text().replace("</body>", MEASURE + "</body>"))
    profile = tempfile.mkdtemp(dir=scratch)
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    found = re.search(r'data-check="([^"]*)"', dom)
    if not found:
        raise RuntimeError(f"{report}: the page did not run its measurement:\n{dom[:500]}")
    return json.loads(html.unescape(found.group(1)))


def check(report, m, name, question=None, parent=False):
    """Every failure a reader would see in `report`, as sentences."""
    charts = sorted(p.stem for p in (report.parent.glob("charts/*.svg") if (report.parent / "charts").is_dir()
                                     else report.parent.glob("*.svg")))
    bad = []
    if name not in m["title"] or name not in m["h1"]:
        bad.append(f"title {m['title']!r} / heading {m['h1']!r} do not name {name!r}")
    if question is not None and question not in m["question"]:
        bad.append(f"the question is not shown (found {m['question']!r})")
    if parent and not m["parent"]:
        bad.append("no comparison with the scenario it extends")
    shown = sorted(f["id"] for f in m["figures"])
    if shown != charts:
        bad.append(f"charts on the page {shown} are not the charts written {charts}")
    for f in m["figures"]:
        if f["width"] < 200 or f["height"] < 100:
            bad.append(f"chart {f['id']} is drawn {f['width']:.0f}x{f['height']:.0f} px")
        if len(f["caption"]) < 20:
            bad.append(f"chart {f['id']} has no caption")
        for t in f["clipped"]:
            bad.append(f"chart {f['id']}: text {t!r} falls outside the image")
    bad += [f"overflows its box: {o}" for o in m["overflow"]]
    return [f"{report}: {b}" for b in bad]


def coexist(binary, *args):
    subprocess.run([binary, *args, "--quiet"], check=True, cwd=ROOT)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--coexist", default=str(ROOT / "target/release/coexist"))
    ap.add_argument("--chromium", default="chromium")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        out, scratch = tmp / "out", tmp / "scratch"
        scratch.mkdir()
        coexist(args.coexist, "run", "--out", str(out / "runs"), "--set", "replicates=200", "--trajectories", "5")
        coexist(args.coexist, "compare", *(str(out / "runs" / n) for n in
                ["spin-cycle", "unilateral-gesture", "generous-gesture", "contrite-gesture", "unconditional-gesture"]),
                "--out", str(out / "compare"))
        coexist(args.coexist, "sweep", "scenarios/baseline.toml", "--vary", "agents.usa.perception.noise=0:0.3:0.1",
                "--replicates", "50", "--out", str(out / "sweep-one"))
        coexist(args.coexist, "sweep", "scenarios/baseline.toml", "--vary", "agents.usa.audience=0:1:0.5",
                "--vary", "agents.china.audience=0:1:0.5", "--replicates", "50", "--out", str(out / "sweep-two"))
        coexist(args.coexist, "tournament", "scenarios/baseline.toml", "--strategies",
                "deliberate,tit_for_tat,grim,pavlov,grit,contrite_tit_for_tat,generous_tit_for_tat,always_engage",
                "--replicates", "20", "--out", str(out / "tournament"))

        failures, checked = [], 0
        for run in sorted((out / "runs").iterdir()):
            manifest = json.loads((run / "manifest.json").read_text())
            sc = manifest["scenario"]
            source = ROOT / "scenarios" / f"{run.name}.toml"
            extends = source.is_file() and re.search(r'^extends\s*=', source.read_text(), re.M) is not None
            report = run / "report.html"
            failures += check(report, measure(args.chromium, report, scratch), sc["name"],
                              question=sc["question"] or None, parent=extends)
            checked += 1
        for kind, name in [("compare", "spin-cycle"), ("sweep-one", "baseline"), ("sweep-two", "baseline"),
                           ("tournament", "baseline")]:
            report = out / kind / "report.html"
            failures += check(report, measure(args.chromium, report, scratch), name)
            checked += 1
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{checked} reports rendered in Chromium, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

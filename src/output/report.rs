//! `report.html`: one self-contained page (no network, charts inlined as SVG) per scenario
//! run (its question, results in words, summary table, what happened around each event, its
//! charts) and per comparison (the differences from the reference, the means, the charts).

use std::fmt::Write;

use super::charts::Charts;
use super::run::Against;
use crate::compare::{Difference, Results};
use crate::engine::Plan;
use crate::model::Action;
use crate::record::format::num_string;
use crate::record::quantity::Quantity;
use crate::record::stats::MeanCi;
use crate::record::summary::{self, metric_names};
use crate::runner::RunResult;
use crate::sweep::{DesignKind, Spec};
use crate::tournament::Tournament;

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}\
td:first-child,th:first-child{text-align:left}figure{margin:2em 0}figure svg{max-width:100%;height:auto}\
code{background:#f4f4f4;padding:0 .3em}td.doc{text-align:left;color:#555;font-size:.9em;max-width:30em}\
.question{font-size:1.15em}figcaption{color:#333;max-width:60em}figcaption .file{color:#888;font-size:.85em}td.unclear{color:#999}";

/// The report of a scenario's run, embedding `charts` (the ones written beside it) as SVG.
pub fn scenario(plan: &Plan<'_>, result: &RunResult, charts: &Charts, against: Option<&Against>) -> String {
    let sc = plan.scenario;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} — coexist</title><style>{STYLE}</style></head><body>\n<h1>{name}</h1>\n",
        name = escape(&sc.name)
    );
    if !sc.description.is_empty() {
        let _ = writeln!(html, "<p>{}</p>", escape(&sc.description));
    }
    if !sc.question.is_empty() {
        let _ = writeln!(
            html,
            "<p class=\"question\"><strong>Question.</strong> {}</p>",
            escape(&sc.question)
        );
    }
    let [a, b] = &sc.agents;
    let _ = writeln!(
        html,
        "<p>{} ({}) and {} ({}); {} rounds, {} replicates, seed {}. Written by coexist {}.</p>",
        escape(&a.label),
        escape(a.strategy.info.name),
        escape(&b.label),
        escape(b.strategy.info.name),
        sc.rounds,
        sc.replicates,
        sc.seed,
        env!("CARGO_PKG_VERSION")
    );
    results_in_words(&mut html, sc, result, against);
    if !sc.look_at.is_empty() {
        let _ = writeln!(html, "<p><strong>Look at.</strong> {}</p>", escape(&sc.look_at));
    }
    if let Some(a) = against {
        parent_section(&mut html, sc, a);
    }
    html.push_str("<h2>Summary</h2>\n<table><tr><th>metric</th><th>mean</th><th>95% CI</th><th>replicates</th><th>what it is</th></tr>\n");
    let labels = [&sc.agents[0].label, &sc.agents[1].label];
    for (i, ((metric, k), name)) in summary::columns().zip(metric_names(sc.ids())).enumerate() {
        let cell = match result.metrics[i] {
            Some(c) => format!(
                "<td>{}</td><td>[{}, {}]</td><td>{}</td>",
                num_string(round4(c.mean)),
                num_string(round4(c.low)),
                num_string(round4(c.high)),
                c.n
            ),
            None => "<td>—</td><td></td><td>0</td>".to_string(),
        };
        let plain = metric.name.replace("_{id}", "").replace('_', " ");
        let whose = if metric.per_agent() {
            format!(" ({})", labels[k])
        } else {
            String::new()
        };
        let _ = writeln!(
            html,
            "<tr><td>{}{} <code>{}</code></td>{cell}<td class=\"doc\">{}</td></tr>",
            escape(&plain),
            escape(&whose),
            escape(&name),
            escape(metric.doc)
        );
    }
    html.push_str("</table>\n<p>Definitions: <code>docs/MODEL.md</code>. Data: <code>summary.csv</code>, <code>ensemble.csv</code>, <code>trajectories.csv</code>.</p>\n");
    events(&mut html, plan, result);
    html.push_str("<h2>Charts</h2>\n");
    figures(&mut html, charts, "charts/");
    html.push_str("</body></html>\n");
    html
}

/// A page's opening: its title and style.
fn open(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} — coexist</title><style>{STYLE}</style></head><body>\n",
        escape(title)
    )
}

/// The report of a sweep, from its `sweep.csv` (`header`, `rows`: one per point) and the
/// charts drawn from it: the design, where each charted metric is lowest and highest with
/// their CIs, the points (when few enough to read), and the charts.
pub fn sweep(spec: &Spec, header: &[String], rows: &[::csv::StringRecord], charts: &Charts) -> String {
    let keys: Vec<&str> = spec.vary.iter().map(|v| v.key.as_str()).collect();
    let mut html = open(&format!("sweep of {}", spec.name));
    let _ = writeln!(
        html,
        "<h1>Sweep of {}</h1>\n<p>{} points ({}) of <code>{}</code>, varying {}; {} replicates per point, each point with its own seed derived from seed {}. Written by coexist {}.</p>",
        escape(&spec.name),
        rows.len(),
        match spec.design {
            DesignKind::Grid => "a grid: every combination".to_string(),
            DesignKind::Lhs => "a Latin hypercube".to_string(),
        },
        escape(&spec.scenario),
        keys.iter()
            .map(|k| format!("<code>{}</code>", escape(k)))
            .collect::<Vec<_>>()
            .join(", "),
        spec.replicates,
        spec.seed,
        escape(&spec.version)
    );
    let col = |name: &str| header.iter().position(|h| h == name);
    let at = |row: &::csv::StringRecord| {
        keys.iter()
            .enumerate()
            .map(|(i, k)| format!("{k} = {}", &row[i]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let metrics: Vec<&summary::Metric> = summary::relationship_metrics().filter(|m| m.sweep_chart).collect();
    html.push_str("<h2>Results</h2>\n<ul>\n");
    for m in &metrics {
        let (Some(mean), Some(lo), Some(hi)) = (
            col(&format!("{}_mean", m.name)),
            col(&format!("{}_ci_low", m.name)),
            col(&format!("{}_ci_high", m.name)),
        ) else {
            continue;
        };
        let value = |row: &::csv::StringRecord, i: usize| row[i].parse::<f64>().ok();
        let known: Vec<&::csv::StringRecord> = rows.iter().filter(|r| value(r, mean).is_some()).collect();
        let by_mean = |a: &&&::csv::StringRecord, b: &&&::csv::StringRecord| {
            value(a, mean).unwrap_or(0.0).total_cmp(&value(b, mean).unwrap_or(0.0))
        };
        let (Some(low), Some(high)) = (known.iter().min_by(by_mean), known.iter().max_by(by_mean)) else {
            continue;
        };
        let show = |r: &::csv::StringRecord| {
            format!(
                "{:.3} (95% CI {:.3}–{:.3}) at {}",
                value(r, mean).unwrap_or(f64::NAN),
                value(r, lo).unwrap_or(f64::NAN),
                value(r, hi).unwrap_or(f64::NAN),
                at(r)
            )
        };
        let _ = writeln!(
            html,
            "<li><strong>{}</strong> ({}): lowest {}, highest {}.</li>",
            escape(&m.name.replace('_', " ")),
            escape(m.doc),
            escape(&show(low)),
            escape(&show(high))
        );
    }
    html.push_str("</ul>\n");
    /// Past this many points a table is no longer read: the CSV is.
    const TABLE_POINTS: usize = 60;
    if rows.len() <= TABLE_POINTS {
        html.push_str("<h2>Points</h2>\n<table><tr>");
        for k in &keys {
            let _ = write!(html, "<th>{}</th>", escape(k));
        }
        for m in &metrics {
            let _ = write!(html, "<th>{}</th>", escape(&m.name.replace('_', " ")));
        }
        html.push_str("</tr>\n");
        for row in rows {
            html.push_str("<tr>");
            for i in 0..keys.len() {
                let _ = write!(html, "<td>{}</td>", escape(&row[i]));
            }
            for m in &metrics {
                let cell = col(&format!("{}_mean", m.name)).and_then(|i| row[i].parse::<f64>().ok());
                let _ = write!(html, "<td>{}</td>", cell.map_or("—".into(), |x| format!("{x:.3}")));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</table>\n");
    }
    html.push_str("<p>Every metric with its CI: <code>sweep.csv</code> (one row per point), <code>sweep_long.csv</code> (one row per point and metric). Definitions: <code>docs/MODEL.md</code>.</p>\n");
    if !charts.is_empty() {
        html.push_str("<h2>Charts</h2>\n");
        figures(&mut html, charts, "");
    }
    html.push_str("</body></html>\n");
    html
}

/// The report of a tournament: the ranking against the field, the two matrices, the heatmaps.
pub fn tournament(t: &Tournament, world: &crate::scenario::Scenario, charts: &Charts) -> String {
    let mut html = open(&format!("tournament in {}", world.name));
    let n = t.names.len();
    let _ = writeln!(
        html,
        "<h1>Tournament in the world of {}</h1>\n<p>Every ordered pair of {n} strategies (self-play included) plays {} replicates of {} rounds in this scenario's world: its game, payoff terms, events and misperception, with the strategies swapped in. Written by coexist {}.</p>",
        escape(&world.name),
        t.replicates,
        t.rounds,
        env!("CARGO_PKG_VERSION")
    );
    let score = |i: usize| t.payoff[i].iter().sum::<f64>() / n as f64;
    let mut ranked: Vec<usize> = (0..n).collect();
    ranked.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(t.names[a].cmp(&t.names[b])));
    let together = |i: usize| t.engagement[i].iter().sum::<f64>() / n as f64;
    if let (Some(&best), Some(&worst)) = (ranked.first(), ranked.last()) {
        let most = (0..n)
            .max_by(|&a, &b| together(a).total_cmp(&together(b)))
            .unwrap_or(best);
        let _ = writeln!(
            html,
            "<h2>Results</h2>\n<p>Against the whole field, {} scores best ({:.3} per round on average) and {} worst ({:.3}). {} reaches mutual engagement most often, in {:.1}% of rounds across its matches.</p>",
            escape(&t.names[best]),
            score(best),
            escape(&t.names[worst]),
            score(worst),
            escape(&t.names[most]),
            100.0 * together(most)
        );
    }
    html.push_str("<h2>Ranking</h2>\n<table><tr><th>rank</th><th>strategy</th><th>mean payoff per round</th><th>mutual engagement</th></tr>\n");
    for (rank, &i) in ranked.iter().enumerate() {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td></tr>",
            rank + 1,
            escape(&t.names[i]),
            score(i),
            together(i)
        );
    }
    html.push_str("</table>\n<p>Every pair: <code>payoffs.csv</code> and <code>engagement.csv</code> (row strategy against column strategy), <code>tournament.csv</code> (one row per pair).</p>\n<h2>Charts</h2>\n");
    figures(&mut html, charts, "");
    html.push_str("</body></html>\n");
    html
}

/// The report of a `coexist compare`: each input's difference from the reference in the
/// metrics `compare` charts and each agent's payoff (paired or not, with its CI), the means
/// side by side, and the charts.
pub fn compare(results: &[Results], reference: usize, diffs: &[Difference], charts: &Charts) -> String {
    let base = &results[reference].name;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>compare against {base} — coexist</title><style>{STYLE}</style></head><body>\n<h1>{} scenarios against {base}</h1>\n",
        results.len(),
        base = escape(base)
    );
    let paired = diffs.iter().all(|d| d.paired);
    let _ = writeln!(
        html,
        "<p>Each scenario's mean minus {}'s, with its 95% CI, {}. An interval that excludes zero is a difference these replicates can tell; {} is the reference (<code>--against</code>). Written by coexist {}.</p>",
        escape(base),
        if paired {
            "paired replicate by replicate (the runs share seed and replicates: common random numbers)"
        } else {
            "paired where the runs share seed and replicates, else from the two means (Welch); <code>differences.csv</code> says which"
        },
        escape(base),
        env!("CARGO_PKG_VERSION")
    );
    html.push_str("<h2>Differences from the reference</h2>\n");
    differences_table(&mut html, results, base, diffs);
    html.push_str("<p>Greyed: the interval includes zero. Every metric, its ratio and its interval: <code>differences.csv</code>; each scenario's means: <code>compare.csv</code>. Definitions: <code>docs/MODEL.md</code>.</p>\n<h2>Means</h2>\n<table><tr><th>scenario</th>");
    let headline = headline_metrics();
    for m in &headline {
        let _ = write!(html, "<th>{}</th>", escape(&m.replace('_', " ")));
    }
    html.push_str("</tr>\n");
    for r in results {
        let _ = write!(html, "<tr><td>{}</td>", escape(&r.name));
        for m in &headline {
            match r.metric(m) {
                Some(c) => {
                    let _ = write!(
                        html,
                        "<td>{:.3}<br><small>[{:.3}, {:.3}]</small></td>",
                        c.mean, c.low, c.high
                    );
                }
                None => html.push_str("<td>—</td>"),
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n<h2>Charts</h2>\n");
    figures(&mut html, charts, "");
    html.push_str("</body></html>\n");
    html
}

/// The metrics a report leads with: those `compare` charts.
fn headline_metrics() -> Vec<&'static str> {
    summary::relationship_metrics()
        .filter(|m| m.compare_chart)
        .map(|m| m.name)
        .collect()
}

/// One row per scenario other than `base`: its difference from `base` in the headline
/// metrics and each agent's payoff, with its 95% CI, greyed where the CI includes zero.
fn differences_table(html: &mut String, results: &[Results], base: &str, diffs: &[Difference]) {
    let headline = headline_metrics();
    let payoffs = crate::compare::compared(results)
        .into_iter()
        .filter(|m| m.starts_with("payoff_"));
    let metrics: Vec<&str> = headline.iter().copied().chain(payoffs).collect();
    html.push_str("<table><tr><th>scenario</th>");
    for m in &metrics {
        let _ = write!(html, "<th>{}</th>", escape(&m.replace('_', " ")));
    }
    html.push_str("</tr>\n");
    for r in results.iter().filter(|r| r.name != *base) {
        let _ = write!(html, "<tr><td>{}</td>", escape(&r.name));
        for m in &metrics {
            let cell = match diffs.iter().find(|d| d.scenario == r.name && d.metric == **m) {
                Some(d) => {
                    let c = d.ci;
                    let sure = if c.low > 0.0 || c.high < 0.0 {
                        ""
                    } else {
                        " class=\"unclear\""
                    };
                    format!(
                        "<td{sure}>{:+.3}<br><small>[{:+.3}, {:+.3}]</small></td>",
                        c.mean, c.low, c.high
                    )
                }
                None => "<td>—</td>".into(),
            };
            html.push_str(&cell);
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

/// Every chart, inlined, with its caption and the files it was written to, under `dir`.
fn figures(html: &mut String, charts: &Charts, dir: &str) {
    for (chart, caption, rendered) in charts.iter() {
        let _ = writeln!(
            html,
            "<figure id=\"{chart}\">{}<figcaption>{} <span class=\"file\">{dir}{chart}.svg and .png</span></figcaption></figure>",
            rendered.svg,
            escape(caption)
        );
    }
}

/// "Against its parent": this run's paired differences from the scenario it extends, or why
/// there are none.
fn parent_section(html: &mut String, sc: &crate::scenario::Scenario, a: &Against) {
    let _ = writeln!(
        html,
        "<h2 id=\"against-parent\">Against {}, the scenario it extends</h2>",
        escape(&a.parent)
    );
    match &a.outcome {
        Ok((both, diffs)) => {
            let paired = diffs.iter().all(|d| d.paired);
            let _ = writeln!(
                html,
                "<p>{}'s mean minus {}'s, with its 95% CI, {}. The parent was run with this run's flags; what differs is what this file changes.</p>",
                escape(&sc.name),
                escape(&a.parent),
                if paired {
                    "paired replicate by replicate (same seed and replicates: common random numbers)"
                } else {
                    "from the two means (Welch): the runs do not share seed and replicates"
                }
            );
            differences_table(html, both, &a.parent, diffs);
            html.push_str("<p>Greyed: the interval includes zero.</p>\n");
        }
        Err(why) => {
            let _ = writeln!(html, "<p>No comparison: {}.</p>", escape(why));
        }
    }
}

/// The main results as sentences, each number with its 95% CI.
fn results_in_words(html: &mut String, sc: &crate::scenario::Scenario, result: &RunResult, against: Option<&Against>) {
    let names = metric_names(sc.ids());
    let get = |name: &str| names.iter().position(|n| n == name).and_then(|i| result.metrics[i]);
    let pct = |c: MeanCi| {
        format!(
            "{:.1}% of rounds (95% CI {:.1}–{:.1}%)",
            100.0 * c.mean,
            100.0 * c.low,
            100.0 * c.high
        )
    };
    let mut words = Vec::new();
    if let Some(c) = get("mutual_engagement") {
        words.push(format!("Both sides engaged in {}.", pct(c)));
    }
    if let Some(c) = get("spin_cycle") {
        words.push(format!(
            "Both laid down markers, the essay's spin cycle, in {}.",
            pct(c)
        ));
    }
    if let Some(c) = get("escalation") {
        words.push(format!("Both retaliated in {}.", pct(c)));
    }
    if let Some(c) = get("reached_mutual_engagement") {
        words.push(format!(
            "In {:.0}% of the replicates (95% CI {:.0}–{:.0}%) they engaged together at least once.",
            100.0 * c.mean,
            100.0 * c.low,
            100.0 * c.high
        ));
    }
    if let Some(c) = get("crisis_rounds") {
        words.push(format!(
            "Tension stood at or above the crisis threshold in {:.2} rounds of {} on average (95% CI {:.2}–{:.2}).",
            c.mean, sc.rounds, c.low, c.high
        ));
    }
    if let Some(Against {
        parent,
        outcome: Ok((_, diffs)),
    }) = against
    {
        let change = |metric: &str| diffs.iter().find(|d| d.metric == metric).map(|d| d.ci);
        if let (Some(m), Some(s)) = (change("mutual_engagement"), change("spin_cycle")) {
            words.push(format!(
                "Against {parent}, the scenario it extends, mutual engagement changes by {:+.1} points (95% CI {:+.1} to {:+.1}) and the spin cycle by {:+.1} ({:+.1} to {:+.1}).",
                100.0 * m.mean,
                100.0 * m.low,
                100.0 * m.high,
                100.0 * s.mean,
                100.0 * s.low,
                100.0 * s.high
            ));
        }
    }
    let _ = writeln!(html, "<h2>Results</h2>\n<p>{}</p>", escape(&words.join(" ")));
}

/// The table "Around each event": for every event that happens, each agent's share of
/// replicates engaging and the mean tension in the round before, the event's round and the
/// round after, so a reader sees whether the ensemble moves where the timeline says it should.
fn events(html: &mut String, plan: &Plan<'_>, result: &RunResult) {
    let sc = plan.scenario;
    let happening: Vec<_> = sc.events.iter().filter(|e| e.round <= sc.rounds).collect();
    if happening.is_empty() {
        return;
    }
    let when = |round: usize| match &sc.calendar {
        Some(c) => c.label(round).to_string(),
        None => round.to_string(),
    };
    // Before, at and after an event's round (1-based), where those rounds exist.
    let around = |round: usize, value: &dyn Fn(usize) -> f64| {
        [round.checked_sub(1), Some(round), Some(round + 1)]
            .map(|r| match r.filter(|r| (1..=sc.rounds).contains(r)) {
                Some(r) => format!("{:.2}", value(r - 1)),
                None => "—".into(),
            })
            .join(" → ")
    };
    let [a, b] = &sc.agents;
    let _ = writeln!(
        html,
        "<h2>Around each event</h2>\n<p>In the round before, the round of and the round after each event: the share of replicates in which each side engaged, and the mean tension. The forces column names the moves an event imposes, and for how many rounds.</p>\n<table><tr><th>when</th><th>event</th><th>forces</th><th>{} engages</th><th>{} engages</th><th>tension</th></tr>",
        escape(&a.label),
        escape(&b.label)
    );
    for e in happening {
        let forces: Vec<String> = e
            .force
            .iter()
            .zip(sc.ids())
            .filter_map(|(f, id)| f.map(|f| format!("{id}: {f} × {}", e.force_rounds)))
            .collect();
        let engage = |k: usize| around(e.round, &|t| result.ensemble.share(t)[k][Action::Engage.index()]);
        let tension = around(e.round, &|t| result.ensemble.mean(t, Quantity::Tension));
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{tension}</td></tr>",
            escape(&when(e.round)),
            escape(&e.name),
            escape(&forces.join(", ")),
            engage(0),
            engage(1)
        );
    }
    html.push_str("</table>\n");
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

//! The charts of one scenario's result folder, and of a tournament.

use std::path::Path;

use super::actions::ActionsChart;
use super::{BandSeries, BandsChart, Heatmap, RoundAxis, TimelineChart, palette, save};
use crate::Error;
use crate::engine::Plan;
use crate::record::ensemble::{self, Band, CUMULATIVE_PAYOFF, SECURITIZATION, TENSION, TRUST};
use crate::record::files;
use crate::run::RunResult;
use crate::tournament::Tournament;

/// The chart names written into `charts/`, each as PNG and SVG.
pub const CHARTS: [&str; 6] = ["tension", "actions", "trust", "securitization", "payoffs", "timeline"];

fn band_series(bands: &[[Band; ensemble::SERIES]], series: usize, label: &str, agent: usize) -> BandSeries {
    BandSeries {
        label: label.to_string(),
        color: palette::SERIES[agent],
        dashed: agent == 1,
        x: (1..=bands.len()).map(|t| t as f64).collect(),
        mean: bands.iter().map(|b| b[series].mean).collect(),
        low: bands.iter().map(|b| b[series].p05).collect(),
        high: bands.iter().map(|b| b[series].p95).collect(),
    }
}

/// Writes `charts/` for a scenario's run.
pub fn scenario_charts(plan: &Plan<'_>, result: &RunResult) -> Result<(), Error> {
    let sc = plan.scenario;
    let dir = result.dir.join("charts");
    files::create_dir(&dir)?;
    let axis = RoundAxis {
        dates: (1..=sc.rounds).map(|t| plan.date(t).to_string()).collect(),
        rounds: sc.rounds,
    };
    let bands = result.ensemble.bands();
    let labels = [sc.agents[0].label.clone(), sc.agents[1].label.clone()];
    let events: Vec<(f64, String)> = sc
        .events
        .iter()
        .filter(|e| e.round <= sc.rounds)
        .map(|e| (e.round as f64, e.name.clone()))
        .collect();
    let band_label = format!("5-95% of {} replicates", sc.replicates);
    let pair = |series: [usize; 2]| {
        vec![
            band_series(&bands, series[0], &labels[0], 0),
            band_series(&bands, series[1], &labels[1], 1),
        ]
    };
    let base = |title: &str, y_desc: &str| BandsChart {
        title: format!("{title} — {}", sc.name),
        y_desc: y_desc.to_string(),
        axis: Some(axis.clone()),
        x_desc: axis.description().to_string(),
        y_range: Some((0.0, 1.0)),
        series: Vec::new(),
        band_label: band_label.clone(),
        samples: Vec::new(),
        threshold: None,
        events: events.clone(),
    };

    let mut tension = base("Tension", "Tension index (0-1)");
    tension.series = vec![BandSeries {
        label: "mean tension".into(),
        ..band_series(&bands, TENSION, "", 0)
    }];
    tension.samples = result
        .ensemble
        .tension_samples()
        .iter()
        .map(|series| series.iter().enumerate().map(|(t, &y)| ((t + 1) as f64, y)).collect())
        .collect();
    tension.threshold = Some((
        sc.relationship.tension.crisis,
        format!("crisis threshold ({})", sc.relationship.tension.crisis),
    ));
    save(&tension, &dir, "tension")?;

    let actions = ActionsChart {
        title: format!("Actions — {}", sc.name),
        labels: labels.clone(),
        shares: result.ensemble.shares(),
        axis: axis.clone(),
    };
    save(&actions, &dir, "actions")?;

    let mut trust = base("Trust", "Trust in the other (0-1)");
    trust.series = pair(TRUST);
    save(&trust, &dir, "trust")?;

    let mut sec = base("Securitization", "Securitization (0-1)");
    sec.series = pair(SECURITIZATION);
    save(&sec, &dir, "securitization")?;

    let mut payoffs = base("Cumulative payoff", "Cumulative payoff (game units)");
    payoffs.series = pair(CUMULATIVE_PAYOFF);
    payoffs.y_range = None;
    payoffs.band_label = "mean ± 1.645 s.d. (about 5-95%)".into();
    save(&payoffs, &dir, "payoffs")?;

    let timeline = TimelineChart {
        title: format!("Timeline of replicate 1 — {}", sc.name),
        labels,
        timeline: &result.timeline,
        axis,
    };
    save(&timeline, &dir, "timeline")
}

/// Heatmaps of a tournament's payoff and engagement matrices.
pub fn tournament_charts(t: &Tournament, dir: &Path) -> Result<(), Error> {
    let wrap = |m: &[Vec<f64>]| m.iter().map(|r| r.iter().map(|v| Some(*v)).collect()).collect();
    let map = |title: &str, value: &str, m: &[Vec<f64>]| Heatmap {
        title: title.to_string(),
        x_desc: "Opponent (plays second)".into(),
        y_desc: "Strategy (plays first)".into(),
        value_desc: value.to_string(),
        x_labels: t.names.clone(),
        y_labels: t.names.clone(),
        values: wrap(m),
        top_down: true,
    };
    save(
        &map("Mean payoff per round of the row strategy", "payoff / round", &t.payoff),
        dir,
        "payoffs",
    )?;
    save(
        &map(
            "Share of rounds with mutual engagement",
            "share of rounds",
            &t.engagement,
        ),
        dir,
        "engagement",
    )
}

//! The charts of result folders, rendered in memory: a report embeds them as they are, and
//! [`Charts::write`] puts each into `charts/` as PNG and SVG.

use std::path::{Path, PathBuf};

use super::files;
use crate::Error;
use crate::engine::Plan;
use crate::plot::{
    ActionsChart, BandSeries, BandsChart, Chart, CompareSeries, Heatmap, MetricBars, Panels, Rendered, RoundAxis,
    TimelineChart, decimate, decimate_with, palette, render, which,
};
use crate::record::ensemble::{self, Band, CUMULATIVE_PAYOFF};
use crate::record::quantity::Quantity;
use crate::runner::RunResult;
use crate::tournament::Tournament;

/// Rendered charts by name, in the order they were added (and a report shows them).
#[derive(Default)]
pub struct Charts {
    charts: Vec<(String, &'static str, Rendered)>,
}

impl Charts {
    /// Renders `chart` under `name`, with the caption a report prints under it: what it
    /// shows and how to read it.
    pub fn add(&mut self, name: &str, caption: &'static str, chart: &impl Chart) -> Result<(), Error> {
        let rendered = render(chart).map_err(|message| Error::Plot {
            path: PathBuf::from(format!("charts/{name}")),
            message,
        })?;
        self.charts.push((name.to_string(), caption, rendered));
        Ok(())
    }

    /// Names, captions and charts, in order.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &Rendered)> {
        self.charts.iter().map(|(n, c, r)| (n.as_str(), *c, r))
    }

    /// Writes `dir/<name>.png` and `dir/<name>.svg` for every chart.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        files::create_dir(dir)?;
        for (name, _, r) in &self.charts {
            files::write(dir.join(format!("{name}.png")), &r.png)?;
            files::write(dir.join(format!("{name}.svg")), r.svg.as_bytes())?;
        }
        Ok(())
    }
}

fn band_series(bands: &[[Band; ensemble::SERIES]], series: usize, label: &str, agent: usize) -> BandSeries {
    BandSeries {
        label: label.to_string(),
        color: palette::SERIES[agent],
        dashed: agent == 1,
        x: decimate_with(bands.len(), |t| (t + 1) as f64),
        mean: decimate_with(bands.len(), |t| bands[t][series].mean),
        low: decimate_with(bands.len(), |t| bands[t][series].p05),
        high: decimate_with(bands.len(), |t| bands[t][series].p95),
    }
}

/// The charts of a scenario's run.
pub fn scenario(plan: &Plan<'_>, result: &RunResult) -> Result<Charts, Error> {
    let sc = plan.scenario;
    let mut charts = Charts::default();
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
            band_series(bands, series[0], &labels[0], 0),
            band_series(bands, series[1], &labels[1], 1),
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
        ..band_series(bands, ensemble::index(Quantity::Tension), "", 0)
    }];
    tension.samples = result
        .ensemble
        .tension_samples()
        .iter()
        .map(|series| {
            let x = decimate_with(series.len(), |t| (t + 1) as f64);
            x.into_iter().zip(decimate(series)).collect()
        })
        .collect();
    tension.threshold = Some((
        sc.relationship.tension.crisis,
        format!("crisis threshold ({})", sc.relationship.tension.crisis),
    ));
    charts.add("tension", "Tension between the two, round by round: the line is the mean across replicates, the shading where 90% of them lie, thin grey lines a few single replicates; dashed verticals are the scheduled events (numbered in the key), the red dashed line the crisis threshold.", &tension)?;

    let actions = ActionsChart {
        title: format!("Actions — {}", sc.name),
        labels: labels.clone(),
        shares: result.ensemble.shares(),
        axis: axis.clone(),
    };
    charts.add("actions", "What each side did, round by round: the share of replicates in which it engaged, laid down markers or retaliated (each column adds up to 1).", &actions)?;

    let mut trust = base("Trust", "Trust in the other (0-1)");
    trust.series = pair([0, 1].map(|k| ensemble::index(Quantity::Trust(k))));
    charts.add("trust", "Each side's trust in the other (its belief that engagement is returned): means, with the band where 90% of replicates lie; where the bands part, the two sides read the relationship differently.", &trust)?;

    let mut sec = base("Securitization", "Securitization (0-1)");
    sec.series = pair([0, 1].map(|k| ensemble::index(Quantity::Securitization(k))));
    charts.add("securitization", "How much each side treats the relationship as a matter of national security (0-1): it raises what toughness earns at home and turns ambiguous moves hostile.", &sec)?;

    let mut payoffs = base("Cumulative payoff", "Cumulative payoff (game units)");
    payoffs.series = pair(CUMULATIVE_PAYOFF);
    payoffs.y_range = None;
    payoffs.band_label = "mean ± 1.645 s.d. (about 5-95%)".into();
    charts.add("payoffs", "Each side's payoff summed from the first round: a steeper line is a side doing better; the band is the mean ± 1.645 standard deviations.", &payoffs)?;

    let shown = result.timeline.actions.len();
    let of = if shown < result.timeline.rounds {
        format!(", its first {shown} rounds of {}", result.timeline.rounds)
    } else {
        String::new()
    };
    let timeline = TimelineChart {
        title: format!("Timeline of replicate 1{of} — {}", sc.name),
        labels,
        timeline: &result.timeline,
        axis,
    };
    charts.add("timeline", "One replicate, round by round: what each side did and how the other read it; a thick outline marks a misreading, numbers the scheduled events and ! a random incident.", &timeline)?;
    Ok(charts)
}

/// Heatmaps of a tournament's payoff and engagement matrices.
pub fn tournament(t: &Tournament) -> Result<Charts, Error> {
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
    let mut charts = Charts::default();
    charts.add(
        "payoffs",
        "Each cell: the mean payoff per round of the row's strategy against the column's; read a row to see whom a strategy does well against.",
        &map("Mean payoff per round of the row strategy", "payoff / round", &t.payoff),
    )?;
    charts.add(
        "engagement",
        "Each cell: the share of rounds in which the two strategies both engaged.",
        &map(
            "Share of rounds with mutual engagement",
            "share of rounds",
            &t.engagement,
        ),
    )?;
    Ok(charts)
}

/// The charts of `coexist compare`: `tension`, `mutual_engagement` and `metrics`.
pub fn compare(series: &[CompareSeries], bars: &MetricBars) -> Result<Charts, Error> {
    let mut charts = Charts::default();
    let rounds = series.iter().map(|s| s.tension.len()).max().unwrap_or(1);
    // Dates label the axis only when every scenario shares the same calendar.
    let same_dates = series.windows(2).all(|w| w[0].dates == w[1].dates);
    let dates = if same_dates {
        series.first().map(|s| s.dates.clone()).unwrap_or_default()
    } else {
        Vec::new()
    };
    let axis = RoundAxis {
        dates: dates.into(),
        rounds,
    };
    let lines = |group: &[CompareSeries], pick: fn(&CompareSeries) -> &Vec<(f64, f64, f64)>| -> Vec<BandSeries> {
        group
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let v = pick(s);
                let (color, dashed) = palette::series(i);
                BandSeries {
                    label: s.name.clone(),
                    color,
                    dashed,
                    x: (1..=v.len()).map(|t| t as f64).collect(),
                    mean: v.iter().map(|x| x.0).collect(),
                    low: v.iter().map(|x| x.1).collect(),
                    high: v.iter().map(|x| x.2).collect(),
                }
            })
            .collect()
    };
    let chart = |title: String, y_desc: &str, band: &str, s: Vec<BandSeries>| BandsChart {
        title,
        y_desc: y_desc.to_string(),
        axis: Some(axis.clone()),
        x_desc: axis.description().to_string(),
        y_range: Some((0.0, 1.0)),
        series: s,
        band_label: band.to_string(),
        samples: Vec::new(),
        threshold: None,
        events: Vec::new(),
    };
    charts.add(
        "tension",
        "Mean tension of each scenario, round by round, on shared axes (with its 5-95% band when there are three scenarios or fewer; past eight scenarios, eight to a panel).",
        &Panels::of(series, |group, first, total| {
            chart(
                format!("Tension, by scenario{}", which(first, group.len(), total)),
                "Tension index (0-1)",
                "5-95% of replicates",
                lines(group, |s| &s.tension),
            )
        }),
    )?;
    charts.add(
        "mutual_engagement",
        "The share of replicates in which both sides engaged, round by round, for each scenario (with its 95% CI when there are three scenarios or fewer; past eight scenarios, eight to a panel).",
        &Panels::of(series, |group, first, total| {
            chart(
                format!("Mutual engagement, by scenario{}", which(first, group.len(), total)),
                "Share of replicates where both engage",
                "95% CI",
                lines(group, |s| &s.mutual),
            )
        }),
    )?;
    let scenarios: Vec<usize> = (0..bars.scenarios.len()).collect();
    charts.add(
        "metrics",
        "The main metrics side by side: each bar a scenario's mean across replicates, with its 95% CI (past eight scenarios, eight to a panel).",
        &Panels::of(&scenarios, |group, first, total| MetricBars {
            title: format!("{}{}", bars.title, which(first, group.len(), total)),
            metrics: bars.metrics.clone(),
            scenarios: group.iter().map(|&i| bars.scenarios[i].clone()).collect(),
            values: group.iter().map(|&i| bars.values[i].clone()).collect(),
        }),
    )?;
    Ok(charts)
}

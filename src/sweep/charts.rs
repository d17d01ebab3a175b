//! Charts of a finished sweep, drawn from its `sweep.csv` (so a merged sweep gets the same
//! charts): a line with its 95% CI band per metric for one varied key, a heatmap per metric
//! for a grid of two keys.

use std::path::Path;

use super::{DesignKind, Spec};
use crate::Error;
use crate::plot::{BandSeries, BandsChart, Heatmap, palette, save};

/// The metrics charted, each a share or an index in [0, 1].
pub const CHARTED: [&str; 4] = ["mutual_engagement", "spin_cycle", "escalation", "mean_tension"];

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadResults {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Draws the charts that fit the sweep's design into `dir`; other designs get none.
pub fn draw(dir: &Path) -> Result<(), Error> {
    let json = dir.join("sweep.json");
    let spec: Spec = std::fs::read_to_string(&json)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| bad(&json, "is missing or not a sweep description"))?;
    let csv_path = dir.join("sweep.csv");
    let mut r = csv::Reader::from_path(&csv_path).map_err(|e| bad(&csv_path, e.to_string()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| bad(&csv_path, e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<csv::StringRecord> = r
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| bad(&csv_path, e.to_string()))?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let value = |row: &csv::StringRecord, i: usize| row[i].parse::<f64>().ok();
    let keys: Vec<&str> = spec.vary.iter().map(|v| v.key.as_str()).collect();

    match keys.as_slice() {
        [key] => {
            let mut xs: Vec<(f64, &csv::StringRecord)> =
                rows.iter().filter_map(|row| Some((value(row, 0)?, row))).collect();
            if xs.len() != rows.len() || xs.is_empty() {
                return Ok(()); // a non-numeric key (strategy names): the CSV says it all
            }
            xs.sort_by(|a, b| a.0.total_cmp(&b.0));
            for metric in CHARTED {
                let (Some(m), Some(lo), Some(hi)) = (
                    col(&format!("{metric}_mean")),
                    col(&format!("{metric}_ci_low")),
                    col(&format!("{metric}_ci_high")),
                ) else {
                    continue;
                };
                let get = |i: usize| {
                    xs.iter()
                        .map(|(_, row)| value(row, i).unwrap_or(f64::NAN))
                        .collect::<Vec<_>>()
                };
                let chart = BandsChart {
                    title: format!("{metric} across {key} — {}", spec.name),
                    y_desc: format!("{metric} (mean across replicates)"),
                    axis: None,
                    x_desc: key.to_string(),
                    y_range: Some((0.0, 1.0)),
                    series: vec![BandSeries {
                        label: metric.to_string(),
                        color: palette::BLUE,
                        dashed: false,
                        x: xs.iter().map(|p| p.0).collect(),
                        mean: get(m),
                        low: get(lo),
                        high: get(hi),
                    }],
                    band_label: "95% CI".into(),
                    samples: Vec::new(),
                    threshold: None,
                    events: Vec::new(),
                };
                save(&chart, dir, metric)?;
            }
        }
        [ky, kx] if spec.design == DesignKind::Grid => {
            let mut ys: Vec<String> = Vec::new();
            let mut xs: Vec<String> = Vec::new();
            for row in &rows {
                if !ys.contains(&row[0].to_string()) {
                    ys.push(row[0].to_string());
                }
                if !xs.contains(&row[1].to_string()) {
                    xs.push(row[1].to_string());
                }
            }
            for metric in CHARTED {
                let Some(m) = col(&format!("{metric}_mean")) else {
                    continue;
                };
                let mut values = vec![vec![None; xs.len()]; ys.len()];
                for row in &rows {
                    let (y, x) = (
                        ys.iter().position(|v| *v == row[0]),
                        xs.iter().position(|v| *v == row[1]),
                    );
                    if let (Some(y), Some(x)) = (y, x) {
                        values[y][x] = value(row, m);
                    }
                }
                let chart = Heatmap {
                    title: format!("{metric} — {}", spec.name),
                    x_desc: kx.to_string(),
                    y_desc: ky.to_string(),
                    value_desc: "mean".into(),
                    x_labels: xs.clone(),
                    y_labels: ys.clone(),
                    values,
                    top_down: false,
                };
                save(&chart, dir, metric)?;
            }
        }
        _ => {}
    }
    Ok(())
}

//! `coexist compare`'s folder: `compare.csv` (each scenario's metrics with their CIs) and
//! the charts that overlay the scenarios.

use std::path::Path;

use super::charts;
use super::claim::Identity;
use super::files;
use crate::Error;
use crate::compare::{Difference, Results, compared, differences};
use crate::plot::{CompareSeries, MetricBars};
use crate::record::format::mean_ci_cells;
use crate::record::summary::relationship_metrics;

/// What a compare folder holds: every input's resolved scenario, seed and version, and which
/// one is the reference; recorded in `compare.json`.
pub fn identity(inputs: Vec<serde_json::Value>, reference: usize) -> Identity<'static> {
    Identity {
        file: "compare.json",
        fields: serde_json::json!({
            "tool": "coexist",
            "version": env!("CARGO_PKG_VERSION"),
            "reference": reference,
            "inputs": inputs,
        }),
        elsewhere: "--out DIR",
    }
}

/// Writes `compare.json`, `compare.csv` (each input's means, and its difference from `results[reference]`),
/// `differences.csv` (the differences and ratios at length), the charts and `report.html` into `out`.
pub fn write(results: &[Results], reference: usize, identity: &Identity<'_>, out: &Path) -> Result<(), Error> {
    files::create_dir(out)?;
    let mut json = serde_json::to_vec_pretty(&identity.fields).expect("an identity always serializes");
    json.push(b'\n');
    files::write(out.join(identity.file), &json)?;
    let diffs = differences(results, reference);
    files::write(out.join("differences.csv"), &differences_csv(&diffs))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["scenario".to_string()];
    let columns = compared(results);
    for m in &columns {
        header.extend([format!("{m}_mean"), format!("{m}_ci_low"), format!("{m}_ci_high")]);
        header.extend([
            format!("{m}_difference"),
            format!("{m}_difference_ci_low"),
            format!("{m}_difference_ci_high"),
        ]);
    }
    w.write_record(&header).expect("in memory");
    for (i, r) in results.iter().enumerate() {
        let mut row = vec![r.name.clone()];
        for m in &columns {
            row.extend(mean_ci_cells(r.metric(m)));
            // The reference's own row has no difference; every other row its difference from it.
            let d = (i != reference)
                .then(|| diffs.iter().find(|d| d.scenario == r.name && d.metric == *m))
                .flatten();
            row.extend(mean_ci_cells(d.map(|d| d.ci)));
        }
        w.write_record(&row).expect("in memory");
    }
    files::write(out.join("compare.csv"), &w.into_inner().expect("in memory"))?;
    let charted: Vec<&str> = relationship_metrics()
        .filter(|m| m.compare_chart)
        .map(|m| m.name)
        .collect();
    let bars = MetricBars {
        title: "Main metrics by scenario (mean and 95% CI across replicates)".into(),
        metrics: charted.iter().map(|m| m.to_string()).collect(),
        scenarios: results.iter().map(|r| r.name.clone()).collect(),
        values: results
            .iter()
            .map(|r| charted.iter().map(|m| r.metric(m)).collect())
            .collect(),
    };
    let series: Vec<CompareSeries> = results.iter().map(|r| r.series.clone()).collect();
    let charts = charts::compare(&series, &bars)?;
    charts.write(out)?;
    let html = super::report::compare(results, reference, &diffs, &charts);
    files::write(out.join("report.html"), html.as_bytes())
}

/// `differences.csv`: one row per scenario and metric.
pub fn differences_csv(diffs: &[Difference]) -> Vec<u8> {
    let header = [
        "scenario",
        "reference",
        "metric",
        "difference",
        "ci_low",
        "ci_high",
        "ratio",
        "ratio_ci_low",
        "ratio_ci_high",
        "paired",
    ]
    .map(String::from);
    let rows = diffs.iter().map(|d| {
        let [mean, low, high] = mean_ci_cells(Some(d.ci));
        let [ratio, ratio_low, ratio_high] = mean_ci_cells(d.ratio);
        [
            d.scenario.clone(),
            d.reference.clone(),
            d.metric.to_string(),
            mean,
            low,
            high,
            ratio,
            ratio_low,
            ratio_high,
            d.paired.to_string(),
        ]
    });
    super::csv::lines(std::iter::once(header).chain(rows))
}

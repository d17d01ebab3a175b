//! `coexist compare`: several result folders (or scenario files, run first) read back side
//! by side: tension and mutual engagement per round, the metrics with their CIs, and each
//! one's difference from a reference.

use std::path::Path;

use crate::Error;
use crate::plot::CompareSeries;
use crate::record::stats::{self, MeanCi, Range, mean_ci};
use crate::record::summary;

/// The summary columns compared: every metric of the relationship, so that any scenarios
/// compare, then each agent's metrics when every input has the same two agents.
pub fn compared(results: &[Results]) -> Vec<&str> {
    let Some(first) = results.first() else {
        return Vec::new();
    };
    let shared = results.iter().all(|r| r.ids == first.ids);
    let relationship: Vec<&str> = summary::relationship_metrics().map(|m| m.name).collect();
    let of_agents = first
        .columns
        .iter()
        .filter(|c| shared && !relationship.contains(&c.as_str()));
    relationship
        .iter()
        .copied()
        .chain(of_agents.map(String::as_str))
        .collect()
}

/// One result folder, read back.
pub struct Results {
    pub name: String,
    pub series: CompareSeries,
    /// Its two agents' ids, in the order of its columns.
    pub ids: [String; 2],
    /// Every column of its `summary.csv` after `replicate`.
    pub columns: Vec<String>,
    /// Per column, the mean and its CI.
    pub metrics: Vec<Option<MeanCi>>,
    /// Per column, each replicate's value in replicate order.
    pub values: Vec<Vec<Option<f64>>>,
    /// The seed and replicate count its manifest records, when it has one.
    pub design: Option<(u64, u64)>,
}

/// One scenario's difference from the reference in one metric: `scenario − reference`.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub scenario: String,
    pub reference: String,
    pub metric: String,
    /// The difference of the means, with its 95% CI (normal: a difference is not a share).
    pub ci: MeanCi,
    /// The ratio of the means, `scenario / reference`, with its 95% CI by the delta method;
    /// `None` unless the reference's mean is positive.
    pub ratio: Option<MeanCi>,
    /// Computed replicate by replicate on common random numbers (same seed and replicates),
    /// rather than from the two means (Welch).
    pub paired: bool,
}

impl Results {
    /// The mean and CI of column `name`.
    pub fn metric(&self, name: &str) -> Option<MeanCi> {
        self.metrics[self.index(name)?]
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// Each scenario's difference from `results[reference]` in every [`compared`] column.
///
/// Two runs with the same seed and replicate count played replicate i from the same random
/// stream, so their difference is taken replicate by replicate: the mean of the paired
/// differences ± 1.96 standard errors, on the replicates where both have a value. Otherwise
/// the difference of the means ± 1.96 Welch standard errors, √(s²_a/n_a + s²_b/n_b). The
/// ratio of the means gets the delta method's interval, with the pairs' covariance when paired.
pub fn differences(results: &[Results], reference: usize) -> Vec<Difference> {
    let base = &results[reference];
    let mut out = Vec::new();
    for r in results.iter().filter(|r| !std::ptr::eq(*r, base)) {
        let paired = r.design.is_some() && r.design == base.design;
        for metric in compared(results) {
            let (Some(m), Some(b)) = (r.index(metric), base.index(metric)) else {
                continue;
            };
            let (ci, ratio) = if paired {
                let pairs: Vec<(f64, f64)> = r.values[m]
                    .iter()
                    .zip(&base.values[b])
                    .filter_map(|(y, x)| Some(((*y)?, (*x)?)))
                    .collect();
                (
                    mean_ci(pairs.iter().map(|(y, x)| Some(y - x)), Range::Unbounded),
                    paired_ratio(&pairs),
                )
            } else {
                (
                    welch(r.metrics[m], base.metrics[b]),
                    unpaired_ratio(r.metrics[m], base.metrics[b]),
                )
            };
            if let Some(ci) = ci {
                out.push(Difference {
                    scenario: r.name.clone(),
                    reference: base.name.clone(),
                    metric: metric.to_string(),
                    ci,
                    ratio,
                    paired,
                });
            }
        }
    }
    out
}

/// The ratio ȳ/x̄ of paired values `(y, x)`, with the delta method's standard error
/// √(s²_y − 2R·s_xy + R²·s²_x) / (x̄·√n).
fn paired_ratio(pairs: &[(f64, f64)]) -> Option<MeanCi> {
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let (my, mx) = pairs.iter().fold((0.0, 0.0), |(a, b), (y, x)| (a + y / nf, b + x / nf));
    if mx <= 0.0 {
        return None;
    }
    let r = my / mx;
    let (mut syy, mut sxx, mut sxy) = (0.0, 0.0, 0.0);
    for (y, x) in pairs {
        syy += (y - my).powi(2);
        sxx += (x - mx).powi(2);
        sxy += (y - my) * (x - mx);
    }
    let var = (syy - 2.0 * r * sxy + r * r * sxx).max(0.0) / (nf - 1.0);
    Some(ratio_ci(r, var.sqrt() / (mx * nf.sqrt()), n))
}

/// The ratio of two independent means, with the delta method's standard error
/// √(se²_a + R²·se²_b) / b̄.
fn unpaired_ratio(a: Option<MeanCi>, b: Option<MeanCi>) -> Option<MeanCi> {
    let (a, b) = (a?, b?);
    if b.mean <= 0.0 {
        return None;
    }
    let r = a.mean / b.mean;
    let se = (a.se.powi(2) + r * r * b.se.powi(2)).sqrt() / b.mean;
    Some(ratio_ci(r, se, a.n.min(b.n)))
}

fn ratio_ci(r: f64, se: f64, n: usize) -> MeanCi {
    MeanCi {
        mean: r,
        low: r - stats::Z * se,
        high: r + stats::Z * se,
        se,
        n,
    }
}

/// The difference `a − b` of two means with the 95% CI of Welch's standard error.
fn welch(a: Option<MeanCi>, b: Option<MeanCi>) -> Option<MeanCi> {
    let (a, b) = (a?, b?);
    let se = (a.se.powi(2) + b.se.powi(2)).sqrt();
    let mean = a.mean - b.mean;
    Some(MeanCi {
        mean,
        low: mean - stats::Z * se,
        high: mean + stats::Z * se,
        se,
        n: a.n.min(b.n),
    })
}

/// The seed and replicate count a result folder's manifest records.
fn design(dir: &Path) -> Option<(u64, u64)> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    let m: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((m["seed"].as_u64()?, m["scenario"]["replicates"].as_u64()?))
}

type Table = (Vec<String>, Vec<csv::StringRecord>);

fn read_table(path: &Path) -> Result<Table, Error> {
    let bad = |message: String| Error::BadResults {
        path: path.to_path_buf(),
        message,
    };
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let header = r
        .headers()
        .map_err(|e| bad(format!("has no header: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(format!("is not valid CSV: {e}")))?;
    Ok((header, rows))
}

fn col(table: &Table, name: &str, path: &Path) -> Result<usize, Error> {
    table.0.iter().position(|h| h == name).ok_or_else(|| Error::BadResults {
        path: path.to_path_buf(),
        message: format!("has no column `{name}`: is it a coexist result folder of this version?"),
    })
}

/// Cell `i` of `row` as a number (empty: none); anything else, infinities and NaN included,
/// is an error naming the file and line: a result folder of coexist never holds them.
fn number(row: &csv::StringRecord, i: usize, path: &Path) -> Result<Option<f64>, Error> {
    let s = &row[i];
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(Error::BadResults {
            path: path.to_path_buf(),
            message: format!(
                "holds `{s}` at line {} where a finite number belongs",
                row.position().map_or(0, |p| p.line())
            ),
        }),
    }
}

/// Reads a result folder written by `coexist run`.
pub fn read_results(dir: &Path) -> Result<Results, Error> {
    for f in ["summary.csv", "ensemble.csv", "trajectories.csv"] {
        if !dir.join(f).is_file() {
            return Err(Error::BadResults {
                path: dir.to_path_buf(),
                message: format!(
                    "is not a result folder: it has no {f} (give a folder written by `coexist run`, or a scenario file)"
                ),
            });
        }
    }
    let name = dir
        .file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let ens_path = dir.join("ensemble.csv");
    let ens = read_table(&ens_path)?;
    let (date, mean, p05, p95) = (
        col(&ens, "date", &ens_path)?,
        col(&ens, "tension_mean", &ens_path)?,
        col(&ens, "tension_p05", &ens_path)?,
        col(&ens, "tension_p95", &ens_path)?,
    );
    let mut tension = Vec::new();
    let mut dates = Vec::new();
    for row in &ens.1 {
        let get = |i: usize| number(row, i, &ens_path).map(|x| x.unwrap_or(0.0));
        tension.push((get(mean)?, get(p05)?, get(p95)?));
        dates.push(row[date].to_string());
    }
    let rounds = tension.len();

    // Streamed, one record reused: the trajectories are the largest file by far.
    let traj_path = dir.join("trajectories.csv");
    let bad = |message: String| Error::BadResults {
        path: traj_path.clone(),
        message,
    };
    let mut reader = csv::Reader::from_path(&traj_path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("has no header: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let round = header
        .iter()
        .position(|h| h == "round")
        .ok_or_else(|| bad("has no column `round`: is it a coexist result folder of this version?".into()))?;
    let actions: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("action_"))
        .map(|(i, _)| i)
        .collect();
    if actions.len() != 2 {
        return Err(bad("does not have two action_<id> columns".into()));
    }
    let mut both = vec![0u32; rounds];
    let mut seen = vec![0u32; rounds];
    let mut row = csv::StringRecord::new();
    while reader
        .read_record(&mut row)
        .map_err(|e| bad(format!("is not valid CSV: {e}")))?
    {
        let t = number(&row, round, &traj_path)?.unwrap_or(0.0) as usize;
        if (1..=rounds).contains(&t) {
            seen[t - 1] += 1;
            both[t - 1] += u32::from(&row[actions[0]] == "engage" && &row[actions[1]] == "engage");
        }
    }
    // A share of replicates, with Wilson's 95% interval.
    let mutual = both
        .iter()
        .zip(&seen)
        .map(|(&k, &n)| {
            let n = f64::from(n.max(1));
            let p = f64::from(k) / n;
            let (low, high) = stats::wilson(p, n);
            (p, low, high)
        })
        .collect();

    let sum_path = dir.join("summary.csv");
    let summary = read_table(&sum_path)?;
    let ids = agent_ids(&summary.0).ok_or_else(|| Error::BadResults {
        path: sum_path.clone(),
        message: "does not have two engage_<id> columns".into(),
    })?;
    let columns = summary::metric_names([&ids[0], &ids[1]]);
    let mut values_by_metric = Vec::new();
    let mut replicate_values = Vec::new();
    for (name, range) in columns.iter().zip(summary::ranges(rounds)) {
        let i = col(&summary, name, &sum_path)?;
        let values = summary
            .1
            .iter()
            .map(|row| number(row, i, &sum_path))
            .collect::<Result<Vec<_>, _>>()?;
        values_by_metric.push(mean_ci(values.iter().copied(), range));
        replicate_values.push(values);
    }
    Ok(Results {
        name: name.clone(),
        series: CompareSeries {
            name,
            tension,
            mutual,
            dates,
        },
        ids,
        columns,
        metrics: values_by_metric,
        values: replicate_values,
        design: design(dir),
    })
}

/// The two agents' ids, from the first per-agent columns of a summary header.
fn agent_ids(header: &[String]) -> Option<[String; 2]> {
    let first = summary::columns().next()?.0;
    let (before, after) = first.name.split_once("{id}")?;
    let mut ids = header
        .iter()
        .filter_map(|h| h.strip_prefix(before)?.strip_suffix(after))
        .map(String::from);
    Some([ids.next()?, ids.next()?])
}

/// Whether an argument is a scenario file (to run) rather than a result folder.
pub fn is_scenario_file(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == "toml")
}

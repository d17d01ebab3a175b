//! A sweep's folder: `sweep.json` (what determines its rows), `sweep.csv`, appended to chunk
//! by chunk under a partial name so that an interrupted sweep resumes where it stopped, and
//! charts drawn from the finished file (so a merged sweep gets the same charts). Shards'
//! folders merge into exactly the folder of the whole sweep.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::charts::Charts;
use super::claim::Identity;
use super::{csv, files, progress};
use crate::Error;
use crate::plot::{BandSeries, BandsChart, Heatmap, palette};
use crate::record::summary::relationship_metrics;
use crate::sweep::{self, DesignKind, Shard, Spec, Sweep};

/// Points per chunk: each chunk's rows reach the disk (and survive an interruption) before
/// the next chunk starts, and only a chunk's scenarios are held in memory.
fn chunk_size(replicates: usize) -> usize {
    (4096 / replicates.max(1)).clamp(1, 256)
}

/// The partial file a sweep appends to until it is complete.
fn partial_path(out: &Path) -> PathBuf {
    out.join(".sweep.csv.partial")
}

/// How many rows of a previous, interrupted run of the same sweep can be kept; the partial
/// file is cut back to its last complete row.
fn resume(out: &Path, spec: &Spec, header: &[u8]) -> Result<usize, Error> {
    let partial = partial_path(out);
    let same = fs::read_to_string(out.join("sweep.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Spec>(&t).ok())
        .is_some_and(|s| s == *spec);
    let mut bytes = Vec::new();
    if same && partial.is_file() {
        fs::File::open(&partial)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| Error::Read {
                path: partial.clone(),
                source,
            })?;
    }
    if !same || !bytes.starts_with(header) {
        files::write(&partial, header)?;
        return Ok(0);
    }
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Rows never contain newlines (values are numbers and `--vary` values), so lines are rows.
    let rows = bytes[header.len()..complete].iter().filter(|&&b| b == b'\n').count();
    fs::write(&partial, &bytes[..complete]).map_err(Error::write(&partial))?;
    Ok(rows)
}

/// What a sweep's folder holds: its spec, which determines every row.
pub fn identity(spec: &Spec) -> Identity<'static> {
    Identity {
        file: "sweep.json",
        fields: serde_json::to_value(spec).expect("a spec always serializes"),
        elsewhere: "--out DIR",
    }
}

/// Runs the sweep into `out`: `sweep.json`, then `sweep.csv` and its charts.
pub fn write(sweep: &Sweep, out: &Path, quiet: bool) -> Result<(), Error> {
    files::create_dir(out)?;
    let header = csv::line(sweep.header());
    let indices = sweep.indices();
    let done = resume(out, &sweep.spec, &header)?;
    let mut json = serde_json::to_vec_pretty(&sweep.spec).expect("a spec always serializes");
    json.push(b'\n');
    files::write(out.join("sweep.json"), &json)?;

    let todo: Vec<usize> = indices.clone().skip(done).collect();
    let progress = progress::bar("sweep", indices.len(), "points", quiet);
    progress.set_position(done as u64);
    let partial = partial_path(out);
    for chunk in todo.chunks(chunk_size(sweep.spec.replicates)) {
        let rows = sweep::rows(sweep, chunk)?;
        let mut f = OpenOptions::new()
            .append(true)
            .open(&partial)
            .map_err(Error::write(&partial))?;
        f.write_all(&csv::lines(&rows))
            .and_then(|()| f.sync_data())
            .map_err(Error::write(&partial))?;
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    fs::rename(&partial, out.join("sweep.csv")).map_err(Error::write(out.join("sweep.csv")))?;
    draw(out)
}

fn header_end(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').map_or(b.len(), |i| i + 1)
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadResults {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Joins shard folders into `out`: `sweep.csv`, `sweep.json` and charts, byte for byte what
/// the unsharded sweep writes.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), Error> {
    let mut shards: Vec<(Shard, Spec, Vec<u8>, &PathBuf)> = Vec::new();
    for dir in dirs {
        let json = dir.join("sweep.json");
        let text =
            std::fs::read_to_string(&json).map_err(|_| bad(dir, "is not a sweep folder: it has no sweep.json"))?;
        let spec: Spec =
            serde_json::from_str(&text).map_err(|e| bad(&json, format!("is not a sweep description: {e}")))?;
        let shard = spec.shard.ok_or_else(|| bad(dir, "holds a whole sweep, not a shard"))?;
        let csv = dir.join("sweep.csv");
        let bytes = std::fs::read(&csv).map_err(|_| {
            bad(
                dir,
                format!(
                    "has no sweep.csv: shard {}/{} has not finished",
                    shard.index, shard.count
                ),
            )
        })?;
        shards.push((shard, spec, bytes, dir));
    }
    let Some(first) = shards.first() else {
        return Err(Error::Usage("merge needs at least one shard folder".into()));
    };
    let whole = Spec {
        shard: None,
        ..first.1.clone()
    };
    let count = first.0.count;
    let first_header = first.2[..header_end(&first.2)].to_vec();
    for (shard, spec, _, dir) in &shards {
        if (Spec {
            shard: None,
            ..spec.clone()
        }) != whole
            || shard.count != count
        {
            return Err(bad(
                dir,
                "belongs to another sweep (its sweep.json differs from the first shard's)",
            ));
        }
    }
    shards.sort_by_key(|s| s.0.index);
    for (k, (shard, _, _, dir)) in shards.iter().enumerate() {
        if shard.index != k + 1 {
            let why = if shard.index == k {
                "is a second copy of shard"
            } else {
                "follows a missing shard; expected shard"
            };
            return Err(bad(dir, format!("{why} {}/{count}", k + 1)));
        }
    }
    if shards.len() != count {
        return Err(Error::Usage(format!(
            "merge got {} of {count} shards; shards {}..={count} are missing",
            shards.len(),
            shards.len() + 1
        )));
    }
    let mut merged = first_header.clone();
    for (shard, _, bytes, dir) in &shards {
        let h = header_end(bytes);
        if bytes[..h] != first_header[..] {
            return Err(bad(dir, "has a different sweep.csv header"));
        }
        let rows = bytes[h..].iter().filter(|&&c| c == b'\n').count();
        if rows != shard.slice(whole.points).len() {
            return Err(bad(
                dir,
                format!(
                    "has {rows} rows where shard {}/{count} has {}",
                    shard.index,
                    shard.slice(whole.points).len()
                ),
            ));
        }
        merged.extend_from_slice(&bytes[h..]);
    }
    files::create_dir(out)?;
    let mut json = serde_json::to_vec_pretty(&whole).expect("a spec always serializes");
    json.push(b'\n');
    files::write(out.join("sweep.json"), &json)?;
    files::write(out.join("sweep.csv"), &merged)?;
    draw(out)
}

/// The metrics charted, each a share or an index in [0, 1].
fn charted() -> impl Iterator<Item = &'static str> {
    relationship_metrics().filter(|m| m.sweep_chart).map(|m| m.name)
}

/// Draws the charts that fit the sweep's design into `dir` from its files; other designs
/// get none.
fn draw(dir: &Path) -> Result<(), Error> {
    let mut charts = Charts::default();
    let json = dir.join("sweep.json");
    let spec: Spec = std::fs::read_to_string(&json)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| bad(&json, "is missing or not a sweep description"))?;
    let csv_path = dir.join("sweep.csv");
    let mut r = ::csv::Reader::from_path(&csv_path).map_err(|e| bad(&csv_path, e.to_string()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| bad(&csv_path, e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<::csv::StringRecord> = r
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| bad(&csv_path, e.to_string()))?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let value = |row: &::csv::StringRecord, i: usize| row[i].parse::<f64>().ok();
    let keys: Vec<&str> = spec.vary.iter().map(|v| v.key.as_str()).collect();

    match keys.as_slice() {
        [key] => {
            let mut xs: Vec<(f64, &::csv::StringRecord)> =
                rows.iter().filter_map(|row| Some((value(row, 0)?, row))).collect();
            if xs.len() != rows.len() || xs.is_empty() {
                return Ok(()); // a non-numeric key (strategy names): the CSV says it all
            }
            xs.sort_by(|a, b| a.0.total_cmp(&b.0));
            for metric in charted() {
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
                charts.add(metric, &chart)?;
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
            for metric in charted() {
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
                charts.add(metric, &chart)?;
            }
        }
        _ => {}
    }
    charts.write(dir)
}

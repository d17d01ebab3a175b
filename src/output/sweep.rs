//! A sweep's folder: `sweep.json` (what determines its rows), `sweep.csv` (wide, a row per
//! point), `sweep_long.csv` (a row per point and metric) and, with `--per-replicate`,
//! `replicates.csv`, each appended to chunk by chunk in a staging folder that outlives an
//! interruption, so that the next run resumes where it stopped, and
//! charts drawn from the finished file (so a merged sweep gets the same charts). Shards'
//! folders merge into exactly the folder of the whole sweep.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::charts::Charts;
use super::claim::Identity;
use super::folder::Staging;
use super::{csv, files, progress, report};
use crate::Error;
use crate::plot::{BandSeries, BandsChart, Heatmap, palette};
use crate::record::format::{NumBuffer, mean_ci_cells, num};
use crate::record::summary::metric_names;
use crate::record::summary::relationship_metrics;
use crate::sweep::{self, DesignKind, PointResult, Shard, Spec, Sweep};

/// Points per chunk: each chunk's rows reach the disk (and survive an interruption) before
/// the next chunk starts, and only a chunk's scenarios are held in memory.
fn chunk_size(replicates: usize) -> usize {
    (4096 / replicates.max(1)).clamp(1, 256)
}

/// One of a sweep's tables: its file and how many rows each point gives it.
struct Table {
    file: &'static str,
    header: Vec<u8>,
    rows_per_point: usize,
}

/// The tables a sweep writes: `sweep.csv` (a row per point), `sweep_long.csv` (a row per
/// point and metric) and, with `--per-replicate`, `replicates.csv` (a row per replicate).
fn tables(sweep: &Sweep) -> Vec<Table> {
    let metrics = metric_names(sweep.base.ids());
    let keys: Vec<String> = sweep.spec.vary.iter().map(|v| v.key.clone()).collect();
    let with = |lead: &[&str], tail: &[String]| {
        let fields = lead.iter().map(|s| s.to_string()).chain(keys.iter().cloned());
        csv::line(fields.chain(tail.iter().cloned()))
    };
    let mut t = vec![
        Table {
            file: "sweep.csv",
            header: csv::line(sweep.header()),
            rows_per_point: 1,
        },
        Table {
            file: "sweep_long.csv",
            header: with(
                &["point"],
                &["metric", "mean", "ci_low", "ci_high", "n", "seed"].map(String::from),
            ),
            rows_per_point: metrics.len(),
        },
    ];
    if sweep.spec.per_replicate {
        let tail: Vec<String> = ["seed", "replicate"]
            .map(String::from)
            .into_iter()
            .chain(metrics)
            .collect();
        t.push(Table {
            file: "replicates.csv",
            header: with(&["point"], &tail),
            rows_per_point: sweep.spec.replicates,
        });
    }
    t
}

/// The file in the staging folder that a table is appended to until the sweep is complete.
fn partial_path(out: &Path, table: &Table) -> PathBuf {
    out.join(table.file)
}

/// Where each complete CSV record of `body` ends (a quoted `--vary` value may hold a line
/// break, so records are parsed, not lines counted); a record cut short by a kill is not one.
fn record_ends(body: &[u8]) -> Vec<usize> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut ends = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        let end = reader.position().byte() as usize;
        if end == 0 || body.get(end - 1) != Some(&b'\n') {
            break;
        }
        ends.push(end);
    }
    ends
}

/// Cuts the partial file of `table` back to its header and `rows` complete records, if it
/// has them.
fn keep_rows(out: &Path, table: &Table, rows: usize) -> Result<bool, Error> {
    let partial = partial_path(out, table);
    let mut bytes = Vec::new();
    if partial.is_file() {
        fs::File::open(&partial)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| Error::Read {
                path: partial.clone(),
                source,
            })?;
    }
    if !bytes.starts_with(&table.header) {
        return Ok(false);
    }
    let body = &bytes[table.header.len()..];
    let end = match rows.checked_sub(1) {
        None => 0,
        Some(last) => match record_ends(body).get(last) {
            Some(&end) => end,
            None => return Ok(false),
        },
    };
    let keep = table.header.len() + end;
    fs::write(&partial, &bytes[..keep]).map_err(Error::write(&partial))?;
    Ok(true)
}

/// How many points of a previous, interrupted run of the same sweep can be kept: those
/// every table has complete. Each partial file is cut back to them, or all start afresh.
fn resume(out: &Path, spec: &Spec, tables: &[Table]) -> Result<usize, Error> {
    let same = fs::read_to_string(out.join("sweep.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Spec>(&t).ok())
        .is_some_and(|s| s == *spec);
    let main = &tables[0];
    let mut done = 0;
    if same {
        let bytes = fs::read(partial_path(out, main)).unwrap_or_default();
        if bytes.starts_with(&main.header) {
            done = record_ends(&bytes[main.header.len()..]).len();
        }
        for t in tables {
            if !keep_rows(out, t, done * t.rows_per_point)? {
                done = 0;
            }
        }
    }
    if done == 0 {
        // A fresh start: nothing of an earlier design (a chart, a table) may stay.
        for entry in fs::read_dir(out).map_err(Error::write(out))?.flatten() {
            let path = entry.path();
            let gone = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            gone.map_err(Error::write(&path))?;
        }
        for t in tables {
            files::write(partial_path(out, t), &t.header)?;
        }
    }
    Ok(done)
}

/// The rows each table gets from one point.
fn rows(sweep: &Sweep, tables: &[Table], p: &PointResult) -> Vec<Vec<u8>> {
    let keys = &sweep.points[p.index];
    let mut wide = keys.clone();
    wide.extend(p.metrics.iter().flat_map(|m| mean_ci_cells(*m)));
    let seed = p.seed.to_string();
    let point = p.index.to_string();
    let lead = || std::iter::once(point.clone()).chain(keys.iter().cloned());
    let long = metric_names(sweep.base.ids())
        .into_iter()
        .zip(&p.metrics)
        .map(|(name, m)| {
            let [mean, low, high] = mean_ci_cells(*m);
            let n = m.map_or(0, |m| m.n).to_string();
            lead()
                .chain([name, mean, low, high, n, seed.clone()])
                .collect::<Vec<_>>()
        });
    let mut out = vec![csv::line(wide), csv::lines(long)];
    if tables.len() > 2 {
        let mut buf = NumBuffer::new();
        let reps = p.replicates.iter().enumerate().map(|(r, values)| {
            let cells = values
                .iter()
                .map(|v| v.map_or_else(String::new, |x| String::from_utf8_lossy(num(x, &mut buf)).into_owned()));
            lead()
                .chain([seed.clone(), (r + 1).to_string()])
                .chain(cells)
                .collect::<Vec<_>>()
        });
        out.push(csv::lines(reps));
    }
    out
}

/// Runs the sweep into `target`: `sweep.json`, then its tables and charts, built in a
/// staging folder that an interrupted run leaves for the next one to resume.
pub fn write(sweep: &Sweep, target: &Path, quiet: bool) -> Result<(), Error> {
    let staging = Staging::resumable(target, "sweep.json")?;
    let built = build(sweep, staging.path(), quiet);
    staging.finish(built).map(|_| ())
}

fn build(sweep: &Sweep, out: &Path, quiet: bool) -> Result<(), Error> {
    let tables = tables(sweep);
    let indices = sweep.indices();
    let done = resume(out, &sweep.spec, &tables)?;
    if done > 0 && !quiet {
        eprintln!(
            "{:>12} {done} of {} points done by an interrupted run",
            "resuming",
            indices.len()
        );
    }
    let mut json = serde_json::to_vec_pretty(&sweep.spec).expect("a spec always serializes");
    json.push(b'\n');
    files::write(out.join("sweep.json"), &json)?;

    let todo: Vec<usize> = indices.clone().skip(done).collect();
    let progress = progress::bar("sweep", indices.len(), "points", quiet);
    progress.set_position(done as u64);
    for chunk in todo.chunks(chunk_size(sweep.spec.replicates)) {
        let results = sweep::results(sweep, chunk, sweep.spec.per_replicate)?;
        let mut bytes = vec![Vec::new(); tables.len()];
        for p in &results {
            for (b, r) in bytes.iter_mut().zip(rows(sweep, &tables, p)) {
                b.extend_from_slice(&r);
            }
        }
        for (t, b) in tables.iter().zip(&bytes) {
            let partial = partial_path(out, t);
            let mut f = OpenOptions::new()
                .append(true)
                .open(&partial)
                .map_err(Error::write(&partial))?;
            f.write_all(b)
                .and_then(|()| f.sync_data())
                .map_err(Error::write(&partial))?;
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    if !sweep.spec.per_replicate {
        // A replaced sweep's per-replicate table would otherwise outlive it.
        let _ = fs::remove_file(out.join("replicates.csv"));
    }
    let names: Vec<&str> = tables.iter().map(|t| t.file).collect();
    write_checksums(out, &names)?;
    draw(out)
}

/// A sweep's tables computed in memory, for a library caller: `sweep.csv` and
/// `sweep_long.csv`, byte for byte what [`write()`] writes. `progress` hears of each chunk of
/// points finished.
pub fn in_memory(sweep: &Sweep, progress: impl Fn(usize)) -> Result<[Vec<u8>; 2], Error> {
    let tables = tables(sweep);
    let [mut wide, mut long] = [tables[0].header.clone(), tables[1].header.clone()];
    let todo: Vec<usize> = sweep.indices().collect();
    for chunk in todo.chunks(chunk_size(sweep.spec.replicates)) {
        for p in sweep::results(sweep, chunk, false)? {
            let mut rows = rows(sweep, &tables, &p).into_iter();
            wide.extend(rows.next().unwrap_or_default());
            long.extend(rows.next().unwrap_or_default());
        }
        progress(chunk.len());
    }
    Ok([wide, long])
}

/// The checksum of each finished table, so that `merge` tells a shard edited after its sweep
/// wrote it.
const CHECKSUMS: &str = "checksums.json";

/// FNV-1a, 64 bits: a checksum against accidental edits, stable across platforms and versions.
fn fnv1a(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{h:016x}")
}

fn write_checksums(out: &Path, tables: &[&str]) -> Result<(), Error> {
    let mut sums = serde_json::Map::new();
    for file in tables {
        let path = out.join(file);
        let bytes = fs::read(&path).map_err(|source| Error::Read { path, source })?;
        sums.insert((*file).to_string(), fnv1a(&bytes).into());
    }
    let mut json = serde_json::to_vec_pretty(&sums).expect("a map of strings serializes");
    json.push(b'\n');
    files::write(out.join(CHECKSUMS), &json)
}

/// Largest `sweep.json` or `checksums.json` of a shard that `merge` reads: a design of the
/// most points a sweep may have, with long values, fits many times over.
const MAX_SPEC_BYTES: u64 = 256 << 20;

/// Most bytes a table row may take, a point's varied values and every metric included; a
/// shard table is refused beyond this for each row its slice can give it.
const MAX_ROW_BYTES: u64 = 64 << 10;

/// Most bytes a shard's table may hold when its slice gives it at most `rows` rows per metric
/// or replicate: a shard cannot hand `merge` more than its design can make.
fn table_limit(rows: usize) -> u64 {
    let per_point_rows = 1 + relationship_metrics().count() as u64;
    (rows as u64 + 1)
        .saturating_mul(per_point_rows)
        .saturating_mul(MAX_ROW_BYTES)
}

/// A shard's file, read only if it is a regular file within `max` bytes.
fn read_shard_file(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    crate::input::read_bounded(path, max).map_err(|why| bad(path, format!("cannot be merged: {why}")))
}

/// That every table of a shard is as its sweep wrote it (`rows`: the most rows a table of the
/// shard may have per metric or replicate).
fn verify_checksums(dir: &Path, tables: &[&str], rows: usize) -> Result<(), Error> {
    let sums: serde_json::Value = read_shard_file(&dir.join(CHECKSUMS), MAX_SPEC_BYTES)
        .ok()
        .and_then(|t| serde_json::from_slice(&t).ok())
        .ok_or_else(|| {
            bad(
                dir,
                format!("has no readable {CHECKSUMS}: its tables cannot be verified"),
            )
        })?;
    for file in tables {
        let path = dir.join(file);
        if !path.exists() {
            return Err(bad(dir, format!("has no {file}")));
        }
        let bytes = read_shard_file(&path, table_limit(rows))?;
        if sums[*file].as_str() != Some(fnv1a(&bytes).as_str()) {
            return Err(bad(
                &path,
                format!("does not match its checksum in {CHECKSUMS}: it was changed after its sweep wrote it"),
            ));
        }
    }
    Ok(())
}

/// What a sweep's folder holds: its spec, which determines every row.
pub fn identity(spec: &Spec) -> Identity<'static> {
    Identity {
        file: "sweep.json",
        fields: serde_json::to_value(spec).expect("a spec always serializes"),
        elsewhere: "--out DIR",
    }
}

/// The records of a shard's `sweep.csv` (CSV records, not lines: a value may hold a line
/// break), each checked whole, with the varied keys' values of the point it should hold
/// (`points`, in order: a row moved, edited or from another shard is caught) and a finite
/// number in every metric cell.
fn records(bytes: &[u8], points: &[sweep::design::Point], path: &Path) -> Result<usize, Error> {
    let mut r = ::csv::Reader::from_reader(bytes);
    let mut n = 0;
    for record in r.records() {
        let record = record.map_err(|e| bad(path, format!("is not a whole table: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let keys = points.first().map_or(0, Vec::len);
        let expected = points
            .get(n)
            .ok_or_else(|| bad(path, format!("has more rows than its points (line {line})")))?;
        if record.iter().take(keys).ne(expected.iter().map(String::as_str)) {
            return Err(bad(
                path,
                format!(
                    "holds at line {line} a row that is not its point {} of the sweep: was it edited, or taken from another shard?",
                    n + 1
                ),
            ));
        }
        for cell in record.iter().skip(keys) {
            if !cell.is_empty() && !cell.parse::<f64>().is_ok_and(f64::is_finite) {
                return Err(bad(
                    path,
                    format!("holds `{cell}` at line {line} where a finite number belongs"),
                ));
            }
        }
        n += 1;
    }
    Ok(n)
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

/// Joins shard folders into `out`: `sweep.json`, the tables and charts, byte for byte what
/// the unsharded sweep writes.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), Error> {
    if let Ok(target) = out.canonicalize()
        && let Some(dir) = dirs.iter().find(|d| d.canonicalize().is_ok_and(|d| d == target))
    {
        return Err(Error::Usage(format!(
            "--out `{}` is the shard folder `{}`: merging into it would overwrite that shard; give another --out",
            out.display(),
            dir.display()
        )));
    }
    let mut shards: Vec<(Shard, Spec, Vec<u8>, &PathBuf)> = Vec::new();
    for dir in dirs {
        let json = dir.join("sweep.json");
        if !json.exists() {
            return Err(bad(dir, "is not a sweep folder: it has no sweep.json"));
        }
        let text = read_shard_file(&json, MAX_SPEC_BYTES)?;
        let spec: Spec =
            serde_json::from_slice(&text).map_err(|e| bad(&json, format!("is not a sweep description: {e}")))?;
        let shard = spec.shard.ok_or_else(|| bad(dir, "holds a whole sweep, not a shard"))?;
        let csv = dir.join("sweep.csv");
        if !csv.exists() {
            return Err(bad(
                dir,
                format!(
                    "has no sweep.csv: shard {}/{} has not finished",
                    shard.index, shard.count
                ),
            ));
        }
        let bytes = read_shard_file(&csv, table_limit(shard.slice(spec.points).len()))?;
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
    let points = whole.design_points()?;
    if points.len() != whole.points {
        return Err(bad(first.3, "records a design whose points are not the ones it lists"));
    }
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
    let mut tables = vec!["sweep.csv", "sweep_long.csv"];
    if whole.per_replicate {
        tables.push("replicates.csv");
    }
    for (shard, _, _, dir) in &shards {
        verify_checksums(dir, &tables, shard.slice(whole.points).len() * whole.replicates.max(1))?;
    }
    let mut merged = vec![(String::from("sweep.csv"), first_header.clone())];
    for (shard, _, bytes, dir) in &shards {
        let h = header_end(bytes);
        if bytes[..h] != first_header[..] {
            return Err(bad(dir, "has a different sweep.csv header"));
        }
        let rows = records(bytes, &points[shard.slice(whole.points)], &dir.join("sweep.csv"))?;
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
        merged[0].1.extend_from_slice(&bytes[h..]);
    }
    // The other tables hold a fixed number of rows per point, in the same order.
    let mut others = vec!["sweep_long.csv"];
    if whole.per_replicate {
        others.push("replicates.csv");
    }
    for file in others {
        let mut joined: Option<Vec<u8>> = None;
        for (shard, _, _, dir) in &shards {
            let path = dir.join(file);
            if !path.exists() {
                return Err(bad(dir, format!("has no {file}")));
            }
            let rows = shard.slice(whole.points).len() * whole.replicates.max(1);
            let bytes = read_shard_file(&path, table_limit(rows))?;
            let h = header_end(&bytes);
            let rows = bytes[h..].iter().filter(|&&c| c == b'\n').count();
            if rows % shard.slice(whole.points).len().max(1) != 0 {
                return Err(bad(dir, format!("has a {file} cut short")));
            }
            match &mut joined {
                None => joined = Some(bytes),
                Some(j) if j[..header_end(j)] == bytes[..h] => j.extend_from_slice(&bytes[h..]),
                Some(_) => return Err(bad(dir, format!("has a different {file} header"))),
            }
        }
        merged.push((file.to_string(), joined.unwrap_or_default()));
    }
    // The merged folder is often the one that holds the shards (`merge out/shard-* --out out`),
    // so its files join what is there rather than replace the folder.
    let staging = Staging::entries(out)?;
    let built = (|| {
        let dir = staging.path();
        let mut json = serde_json::to_vec_pretty(&whole).expect("a spec always serializes");
        json.push(b'\n');
        files::write(dir.join("sweep.json"), &json)?;
        for (file, bytes) in &merged {
            files::write(dir.join(file), bytes)?;
        }
        let names: Vec<&str> = merged.iter().map(|(f, _)| f.as_str()).collect();
        write_checksums(dir, &names)?;
        draw(dir)
    })();
    staging.finish(built).map(|_| ())
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
                    // Fitted to the means and their intervals, so that a real change shows.
                    y_range: None,
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
                charts.add(metric, "The metric's mean across each point's replicates against the swept value, with its 95% CI as a band.", &chart)?;
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
                charts.add(metric, "The metric's mean across each point's replicates over the two swept keys; the colour scale beside it gives the values.", &chart)?;
            }
        }
        _ => {}
    }
    charts.write(dir)?;
    files::write(
        dir.join("report.html"),
        report::sweep(&spec, &header, &rows, &charts).as_bytes(),
    )
}

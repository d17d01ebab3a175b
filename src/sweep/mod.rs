//! Parameter sweeps: a design of points (grid or Latin hypercube), each point run for all
//! its replicates, one row of means and 95% CIs per point in `sweep.csv`.
//!
//! Points run in parallel and stream to disk in order, so memory does not grow with the
//! number of points and the file does not depend on `--jobs`. Each point's seed derives from
//! the scenario seed and the point's index alone. A sweep can be cut into shards for a
//! cluster (`--shard I/N`) and merged back into the file the whole sweep writes; an
//! interrupted sweep resumes where it stopped.

pub mod charts;
pub mod design;
pub mod shard;

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::engine::{Plan, Workspace};
use crate::record::files;
use crate::record::format::num_string;
use crate::record::stats::mean_ci;
use crate::record::summary::{SummaryRecorder, metric_names};
use crate::scenario::{self, Scenario};
pub use design::{DesignKind, Point, Vary};
pub use shard::Shard;

/// Everything that determines a sweep's rows: recorded in `sweep.json`, compared on resume and merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub tool: String,
    pub version: String,
    pub scenario: String,
    pub name: String,
    pub design: DesignKind,
    pub vary: Vec<Vary>,
    /// Latin hypercube size (absent for a grid).
    pub samples: Option<usize>,
    pub seed: u64,
    pub replicates: usize,
    /// Overrides applied before the varied keys.
    pub set: Vec<String>,
    /// Points in the whole sweep.
    pub points: usize,
    /// This slice, when sharded.
    pub shard: Option<Shard>,
}

/// A sweep ready to run: its spec, its points, and the slice of them to run here.
pub struct Sweep {
    pub spec: Spec,
    pub points: Vec<Point>,
    pub base: Scenario,
    pub path: PathBuf,
}

/// Mixes the scenario seed with a point's index (SplitMix64's finalizer), so that each point
/// has its own seed and neighbouring points share no stream.
pub fn point_seed(seed: u64, index: usize) -> u64 {
    let mut z = seed ^ (index as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Sweep {
    /// Builds the design and checks every point it will run, like a scenario file.
    pub fn new(
        path: &Path,
        set: &[String],
        vary: Vec<Vary>,
        design: DesignKind,
        samples: Option<usize>,
        shard: Option<Shard>,
    ) -> Result<Sweep, Error> {
        if vary.is_empty() {
            return Err(Error::Usage("a sweep needs at least one --vary".into()));
        }
        for (i, v) in vary.iter().enumerate() {
            if vary[..i].iter().any(|w| w.key == v.key) {
                return Err(Error::Usage(format!("--vary names `{}` twice", v.key)));
            }
        }
        let base = scenario::load_with(path, set)?;
        let points = match design {
            DesignKind::Grid => {
                if samples.is_some() {
                    return Err(Error::Usage("--samples goes with --design lhs".into()));
                }
                design::grid(&vary)?
            }
            DesignKind::Lhs => {
                let n = samples.ok_or_else(|| Error::Usage("--design lhs needs --samples N".into()))?;
                if n == 0 || n > design::MAX_POINTS {
                    return Err(Error::Usage(format!(
                        "--samples must be from 1 to {}",
                        design::MAX_POINTS
                    )));
                }
                design::latin_hypercube(&vary, n, base.seed)
            }
        };
        let spec = Spec {
            tool: "coexist".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: path.display().to_string(),
            name: base.name.clone(),
            design,
            vary,
            samples,
            seed: base.seed,
            replicates: base.replicates,
            set: set.to_vec(),
            points: points.len(),
            shard,
        };
        let sweep = Sweep {
            spec,
            points,
            base,
            path: path.to_path_buf(),
        };
        for i in sweep.indices() {
            sweep.scenario(i)?;
        }
        Ok(sweep)
    }

    /// The point indices this run covers.
    pub fn indices(&self) -> std::ops::Range<usize> {
        match self.spec.shard {
            Some(s) => s.slice(self.points.len()),
            None => 0..self.points.len(),
        }
    }

    /// The scenario of point `i`: the file, the overrides, the point's values, its own seed.
    pub fn scenario(&self, i: usize) -> Result<Scenario, Error> {
        let mut set = self.spec.set.clone();
        set.extend(
            self.spec
                .vary
                .iter()
                .zip(&self.points[i])
                .map(|(v, x)| format!("{}={x}", v.key)),
        );
        let mut sc = scenario::load_with(&self.path, &set)?;
        sc.seed = point_seed(sc.seed, i);
        Ok(sc)
    }

    /// The header of `sweep.csv`.
    pub fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.spec.vary.iter().map(|v| v.key.clone()).collect();
        for m in metric_names(self.base.ids()) {
            h.extend([format!("{m}_mean"), format!("{m}_ci_low"), format!("{m}_ci_high")]);
        }
        h
    }
}

/// Points per batch: enough to keep every thread busy with a bounded amount held in memory.
fn batch_size(replicates: usize) -> usize {
    (4096 / replicates.max(1)).clamp(1, 256)
}

/// One row of `sweep.csv` for point `i`.
fn row(sweep: &Sweep, i: usize, summaries: &[Vec<Option<f64>>]) -> Vec<String> {
    let mut r = sweep.points[i].clone();
    let metrics = summaries.first().map_or(0, Vec::len);
    for m in 0..metrics {
        match mean_ci(summaries.iter().map(|s| s[m])) {
            Some(c) => r.extend([c.mean, c.low, c.high].map(num_string)),
            None => r.extend([String::new(), String::new(), String::new()]),
        }
    }
    r
}

fn csv_bytes(records: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in records {
        w.write_record(r).expect("in memory");
    }
    w.into_inner().expect("in memory")
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

/// Runs the sweep into `out`: `sweep.json`, then `sweep.csv` and its charts.
pub fn run(sweep: &Sweep, out: &Path, quiet: bool) -> Result<(), Error> {
    files::create_dir(out)?;
    let header = csv_bytes(&[sweep.header()]);
    let indices = sweep.indices();
    let done = resume(out, &sweep.spec, &header)?;
    let mut json = serde_json::to_vec_pretty(&sweep.spec).expect("a spec always serializes");
    json.push(b'\n');
    files::write(out.join("sweep.json"), &json)?;

    let todo: Vec<usize> = indices.clone().skip(done).collect();
    let progress = if quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(indices.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} points, {per_sec}, {eta} left")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix("sweep");
        bar.set_position(done as u64);
        bar
    };
    let partial = partial_path(out);
    let reps = sweep.spec.replicates;
    for batch in todo.chunks(batch_size(reps)) {
        if crate::run::interrupted() {
            return Err(Error::Interrupted);
        }
        let scenarios: Vec<Scenario> = batch.iter().map(|&i| sweep.scenario(i)).collect::<Result<_, _>>()?;
        let plans: Vec<Plan<'_>> = scenarios.iter().map(Plan::new).collect();
        let summaries: Vec<Vec<Option<f64>>> = (0..batch.len() * reps)
            .into_par_iter()
            .map_init(Workspace::default, |ws, k| {
                let plan = &plans[k / reps];
                let mut s = SummaryRecorder::new(plan.scenario.relationship.tension.crisis);
                plan.run_with(k % reps, &mut s, ws);
                s.values()
            })
            .collect();
        let rows: Vec<Vec<String>> = batch
            .iter()
            .enumerate()
            .map(|(b, &i)| row(sweep, i, &summaries[b * reps..(b + 1) * reps]))
            .collect();
        let mut f = OpenOptions::new()
            .append(true)
            .open(&partial)
            .map_err(Error::write(&partial))?;
        f.write_all(&csv_bytes(&rows))
            .and_then(|()| f.sync_data())
            .map_err(Error::write(&partial))?;
        progress.inc(batch.len() as u64);
    }
    progress.finish_and_clear();
    fs::rename(&partial, out.join("sweep.csv")).map_err(Error::write(out.join("sweep.csv")))?;
    charts::draw(out)
}

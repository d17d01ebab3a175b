//! Parameter sweeps: a design of points (grid or Latin hypercube), each point run for all
//! its replicates, one row of means and 95% CIs per point of `sweep.csv`.
//!
//! Each point's seed derives from the scenario seed and the point's index alone, so a row
//! does not depend on `--jobs`, on the other points or on shards (`--shard I/N`, a slice of
//! the points for one cluster task). `output::sweep` writes, resumes and merges the folders.

pub mod design;
pub mod shard;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::engine::{Plan, Workspace};
use crate::record::stats::{Accumulator, MeanCi};
use crate::record::summary::{self, SummaryRecorder, metric_names};
use crate::runner::{self, Recorder};
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
    /// The scenario as resolved before any key varies (after `extends` and `--set`), so that
    /// a resumed sweep whose file changed since is seen to be another sweep.
    pub resolved: serde_json::Value,
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
    /// Whether every replicate's summary row is written too (`replicates.csv`).
    #[serde(default)]
    pub per_replicate: bool,
}

/// The points of a design, from what its spec records alone (so that `merge` can check each
/// shard's rows against the points it should hold, without the scenario file).
pub fn design_points(
    design: DesignKind,
    vary: &[Vary],
    samples: Option<usize>,
    seed: u64,
) -> Result<Vec<Point>, Error> {
    match design {
        DesignKind::Grid => {
            if samples.is_some() {
                return Err(Error::Usage("--samples goes with --design lhs".into()));
            }
            design::grid(vary)
        }
        DesignKind::Lhs => {
            let n = samples.ok_or_else(|| Error::Usage("--design lhs needs --samples N".into()))?;
            if n == 0 || n > design::MAX_POINTS {
                return Err(Error::Usage(format!(
                    "--samples must be from 1 to {}",
                    design::MAX_POINTS
                )));
            }
            Ok(design::latin_hypercube(vary, n, seed))
        }
    }
}

impl Spec {
    /// Every point of the whole sweep this spec describes.
    pub fn design_points(&self) -> Result<Vec<Point>, Error> {
        design_points(self.design, &self.vary, self.samples, self.seed)
    }
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
        let points = design_points(design, &vary, samples, base.seed)?;
        let spec = Spec {
            tool: "coexist".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: path.display().to_string(),
            name: base.name.clone(),
            resolved: serde_json::to_value(&base).expect("a scenario always serializes"),
            design,
            vary,
            samples,
            seed: base.seed,
            replicates: base.replicates,
            set: set.to_vec(),
            points: points.len(),
            shard,
            per_replicate: false,
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
        let mut set: Vec<scenario::Override> = self.spec.set.iter().map(|a| scenario::Override::set(a)).collect();
        for (v, x) in self.spec.vary.iter().zip(&self.points[i]) {
            set.extend(v.assignments(x).map(|assignment| scenario::Override {
                flag: format!("--vary {}=... at its value `{x}`", v.key),
                assignment,
            }));
        }
        let mut sc = scenario::load_with_overrides(&self.path, &set)?;
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

impl Recorder for SummaryRecorder {
    fn record(&mut self, plan: &Plan<'_>, replicate: usize, ws: &mut Workspace) {
        *self = SummaryRecorder::new(plan.scenario.relationship.tension.crisis);
        plan.run_with(replicate, self, ws);
    }
}

/// One point's results: what `sweep.csv`, `sweep_long.csv` and `replicates.csv` hold of it.
pub struct PointResult {
    /// Its index in the design.
    pub index: usize,
    /// The seed its replicates were played from.
    pub seed: u64,
    /// Each summary metric's mean and CI, in the order of [`metric_names`].
    pub metrics: Vec<Option<MeanCi>>,
    /// Each replicate's summary values, when they are kept.
    pub replicates: Vec<Vec<Option<f64>>>,
}

/// Plays points `points` (indices into the design) and returns their results, keeping each
/// replicate's values when `per_replicate`.
pub fn results(sweep: &Sweep, points: &[usize], per_replicate: bool) -> Result<Vec<PointResult>, Error> {
    let scenarios: Vec<Scenario> = points.iter().map(|&i| sweep.scenario(i)).collect::<Result<_, _>>()?;
    let plans: Vec<Plan<'_>> = scenarios.iter().map(Plan::new).collect();
    let metrics = metric_names(sweep.base.ids()).len();
    let mut out = Vec::with_capacity(points.len());
    // Each summary metric's running mean and CI over the replicates of the point being gathered.
    let mut point = vec![Accumulator::default(); metrics];
    let mut kept = Vec::new();
    runner::play(
        &plans,
        || SummaryRecorder::new(0.0),
        |tasks, summaries| {
            for (task, s) in tasks.iter().zip(summaries.iter()) {
                let values = s.finite_values(plans[task.plan].scenario, task.replicate)?;
                for (acc, v) in point.iter_mut().zip(&values) {
                    acc.push(*v);
                }
                if per_replicate {
                    kept.push(values);
                }
                let sc = plans[task.plan].scenario;
                if task.replicate + 1 == sc.replicates {
                    let ranges = summary::ranges(sc.rounds);
                    out.push(PointResult {
                        index: points[task.plan],
                        seed: sc.seed,
                        metrics: point.iter().zip(ranges).map(|(acc, r)| acc.finish(r)).collect(),
                        replicates: std::mem::take(&mut kept),
                    });
                    point.fill(Accumulator::default());
                }
            }
            Ok(())
        },
    )?;
    Ok(out)
}

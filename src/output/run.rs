//! The result folder of one scenario's run: `trajectories.csv`, `events.csv` and `summary.csv` streamed as
//! replicates finish, then `ensemble.csv`, `manifest.json`, `charts/` and `report.html`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::charts;
use super::claim::Identity;
use super::csv::{self, summary_row};
use super::files::{self, AtomicFile};
use super::folder::Staging;
use super::manifest::Manifest;
use super::{progress, report};
use crate::Error;
use crate::compare::{self, Difference, Results};
use crate::engine::Plan;
use crate::record::format::NumBuffer;
use crate::record::summary;
use crate::record::trajectory::{self, TrajectoryWriter};
use crate::runner::{RunResult, Sink, run_scenario};
use crate::scenario::Scenario;

/// How much of the trajectories to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trajectories {
    All,
    /// The first N replicates only (0: none).
    First(usize),
}

impl Trajectories {
    pub fn count(self, replicates: usize) -> usize {
        match self {
            Trajectories::All => replicates,
            Trajectories::First(n) => n.min(replicates),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The parent folder: results go to `out/<scenario name>/`.
    pub out: PathBuf,
    pub trajectories: Trajectories,
    pub quiet: bool,
    /// Recorded in the manifest.
    pub command: Vec<String>,
}

/// The tables a run streams into while it plays: files being written, or bytes in memory.
struct Streams<W: Write> {
    trajectories: W,
    events: W,
    summary: ::csv::Writer<W>,
    /// What each stream is called in errors: trajectories, events, summary.
    names: [PathBuf; 3],
    /// The first cells of every summary row: the scenario's name and seed.
    lead: [Vec<u8>; 2],
    buf: NumBuffer,
}

impl<W: Write + Send> Sink for Streams<W> {
    fn replicate(
        &mut self,
        replicate: usize,
        values: &[Option<f64>],
        trajectory: Option<&TrajectoryWriter<'_>>,
    ) -> Result<(), Error> {
        if let Some(t) = trajectory {
            self.trajectories
                .write_all(t.bytes())
                .map_err(Error::write(&self.names[0]))?;
            self.events
                .write_all(t.events())
                .map_err(Error::write(&self.names[1]))?;
        }
        summary_row(&mut self.summary, &self.lead, replicate + 1, values, &mut self.buf).map_err(|e| Error::Write {
            path: self.names[2].clone(),
            source: std::io::Error::other(e),
        })
    }
}

/// The names of the streamed tables, in the order of [`Streams::names`].
const STREAMED: [&str; 3] = ["trajectories.csv", "events.csv", "summary.csv"];

impl<W: Write> Streams<W> {
    /// Streams into `open(name)` for each table of [`STREAMED`], headers written.
    fn create(dir: &Path, sc: &Scenario, mut open: impl FnMut(PathBuf) -> Result<W, Error>) -> Result<Self, Error> {
        let ids = sc.ids();
        let names = STREAMED.map(|f| dir.join(f));
        let mut start = |i: usize, header: Vec<u8>| -> Result<W, Error> {
            let mut w = open(names[i].clone())?;
            w.write_all(&header).map_err(Error::write(&names[i]))?;
            Ok(w)
        };
        let trajectories = start(0, csv::line(trajectory::header(ids)))?;
        let events = start(1, csv::line(trajectory::EVENTS_HEADER))?;
        let summary_header = ["scenario", "seed", "replicate"]
            .map(String::from)
            .into_iter()
            .chain(summary::metric_names(ids));
        let summary = start(2, csv::line(summary_header))?;
        Ok(Self {
            trajectories,
            events,
            lead: [sc.name.clone().into_bytes(), sc.seed.to_string().into_bytes()],
            summary: ::csv::WriterBuilder::new().from_writer(summary),
            names,
            buf: NumBuffer::new(),
        })
    }

    /// The three streams, finished: trajectories, events, summary.
    fn finish(self) -> Result<[W; 3], Error> {
        let path = self.names[2].clone();
        let summary = self.summary.into_inner().map_err(|e| Error::Write {
            path,
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok([self.trajectories, self.events, summary])
    }
}

/// A run's tables in memory, byte for byte the files `coexist run` writes.
pub struct Tables {
    pub summary: Vec<u8>,
    pub trajectories: Vec<u8>,
    pub events: Vec<u8>,
    pub ensemble: Vec<u8>,
    pub manifest: Vec<u8>,
}

/// Runs every replicate of `sc` and returns its tables, without writing anything: for a
/// library caller who wants the numbers, not a folder. `progress` hears of each batch of
/// replicates finished.
pub fn tables(sc: &Scenario, trajectories: Trajectories, progress: impl Fn(usize) + Sync) -> Result<Tables, Error> {
    fits(sc, trajectories)?;
    let plan = Plan::new(sc);
    let mut streams = Streams::create(Path::new(""), sc, |_| Ok(Vec::new()))?;
    let result = run_scenario(&plan, trajectories.count(sc.replicates), &mut streams, progress)?;
    let [trajectories, events, summary] = streams.finish()?;
    let manifest = Manifest::new(sc, &[], result.trajectories, result.ensemble.percentiles());
    Ok(Tables {
        summary,
        trajectories,
        events,
        ensemble: csv::ensemble(&plan, &result.ensemble),
        manifest: manifest.to_json(),
    })
}

/// The scenario that a run's scenario `extends`, for its report's paired differences.
pub struct Parent {
    /// The parent's name, as the report names it.
    pub name: String,
    /// Its results, read back from a result folder, or why there are none.
    pub results: Result<Results, String>,
}

/// A run's differences from its parent, as its report shows them: `results` is
/// `[this run, the parent]`.
pub struct Against {
    pub parent: String,
    pub outcome: Result<(Vec<Results>, Vec<Difference>), String>,
}

/// What a run's result folder holds: the resolved scenario (its seed included) and the
/// version that played it (the command line and the trajectories kept do not change it).
pub fn identity<'a>(sc: &Scenario, elsewhere: &'a str) -> Identity<'a> {
    Identity {
        file: "manifest.json",
        fields: serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "scenario": sc,
        }),
        elsewhere,
    }
}

/// Most memory a run's per-round statistics may take: beyond, a run is refused before it starts.
const MAX_MEMORY: u128 = 4 << 30;
/// Most bytes of trajectories a run may write.
const MAX_TRAJECTORY_BYTES: u128 = 16 << 30;

/// Whether a run of `sc` keeping `trajectories` fits the limits on memory and output, said
/// before anything runs, with what to change.
pub fn fits(sc: &Scenario, trajectories: Trajectories) -> Result<(), Error> {
    let gb = |b: u128| b as f64 / 1e9;
    let kept = trajectories.count(sc.replicates);
    let memory = crate::record::ensemble::Ensemble::bytes(sc.rounds, sc.replicates, kept);
    if memory > MAX_MEMORY {
        return Err(Error::Usage(format!(
            "`{}`: {} rounds x {} replicates would hold {:.1} GB of per-round statistics in memory (at most {:.1} GB): run fewer rounds (--rounds N)",
            sc.name,
            sc.rounds,
            sc.replicates,
            gb(memory),
            gb(MAX_MEMORY)
        )));
    }
    let rows = (trajectories.count(sc.replicates) * sc.rounds) as u128;
    if rows * trajectory::ROW_BYTES > MAX_TRAJECTORY_BYTES {
        return Err(Error::Usage(format!(
            "`{}`: {} rounds x {} replicates would write about {:.0} GB of trajectories (at most {:.0} GB): keep the first few with --trajectories N (0 for none), or run fewer rounds",
            sc.name,
            sc.rounds,
            trajectories.count(sc.replicates),
            gb(rows * trajectory::ROW_BYTES),
            gb(MAX_TRAJECTORY_BYTES)
        )));
    }
    Ok(())
}

/// Runs every replicate of `sc` and writes its result folder, `opts.out/<name>/`; with the
/// results of the scenario it extends, its report leads with the differences from them.
pub fn write_run(sc: &Scenario, opts: &RunOptions, parent: Option<Parent>) -> Result<PathBuf, Error> {
    fits(sc, opts.trajectories)?;
    let staging = Staging::new(&opts.out.join(&sc.name), "manifest.json")?;
    let dir = staging.path().to_path_buf();
    let built = (|| {
        let plan = Plan::new(sc);
        let mut streams = Streams::create(&dir, sc, AtomicFile::create)?;
        let progress = progress::bar(&sc.name, sc.replicates, "replicates", opts.quiet);
        let result = run_scenario(&plan, opts.trajectories.count(sc.replicates), &mut streams, |n| {
            progress.inc(n as u64)
        })?;
        progress.finish_and_clear();
        for file in streams.finish()? {
            file.commit()?;
        }
        write_results(&dir, &plan, &result, &opts.command, parent)
    })();
    staging.finish(built)
}

/// Everything but the streamed files: `ensemble.csv`, `manifest.json`, `charts/`, `report.html`.
fn write_results(
    dir: &Path,
    plan: &Plan<'_>,
    result: &RunResult,
    command: &[String],
    parent: Option<Parent>,
) -> Result<(), Error> {
    let sc = plan.scenario;
    let mut file = AtomicFile::create(dir.join("ensemble.csv"))?;
    csv::ensemble_rows(plan, &result.ensemble, |row| file.write_all(row))?;
    file.commit()?;
    let manifest = Manifest::new(sc, command, result.trajectories, result.ensemble.percentiles());
    files::write(dir.join("manifest.json"), &manifest.to_json())?;
    let against = parent.map(|p| Against {
        parent: p.name,
        outcome: p.results.and_then(|parent| {
            let mut mine = compare::read_results(dir).map_err(|e| e.to_string())?;
            // Read from its staging folder, it is named for the result it becomes.
            mine.name = sc.name.clone();
            let both = vec![mine, parent];
            let diffs = compare::differences(&both, 1);
            Ok((both, diffs))
        }),
    });
    let charts = charts::scenario(plan, result)?;
    charts.write(&dir.join("charts"))?;
    files::write(
        dir.join("report.html"),
        report::scenario(plan, result, &charts, against.as_ref()).as_bytes(),
    )
}

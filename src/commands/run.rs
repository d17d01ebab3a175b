//! `coexist run`: scenario files in, result folders out.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::Error;
use crate::compare::read_results;
use crate::output::claim::{claim, holds};
use crate::output::run::identity;
use crate::output::{Parent, RunOptions, Trajectories, write_run};
use crate::scenario::{self, Scenario};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files; none runs every file in `scenarios/` into `output/`.
    pub scenarios: Vec<PathBuf>,
    /// The folder that receives one result folder per scenario.
    #[arg(long, short, default_value = "output")]
    pub out: PathBuf,
    #[command(flatten)]
    pub overrides: super::Overrides,
    /// Trajectories to write: `all`, or those of the first N replicates (0: none).
    #[arg(long, default_value = "all", value_parser = parse_trajectories)]
    pub trajectories: Trajectories,
    /// Names the result (its folder and the scenario's `name`): for a variant run with other
    /// flags beside the file's own results. Only with one scenario file.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub force: super::Force,
    #[command(flatten)]
    pub workers: super::Workers,
}

pub fn parse_trajectories(s: &str) -> Result<Trajectories, String> {
    if s == "all" {
        return Ok(Trajectories::All);
    }
    s.parse::<usize>()
        .map(Trajectories::First)
        .map_err(|_| format!("expected `all` or a number of replicates, found `{s}`"))
}

/// Loads every scenario first, so that one bad file stops the run before any output is written.
pub fn load_all(paths: &[PathBuf], overrides: &[String]) -> Result<Vec<Scenario>, Error> {
    let scenarios = paths
        .iter()
        .map(|p| scenario::load_with(p, overrides))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(j) = scenarios[..i].iter().position(|o| o.name == s.name) {
            return Err(Error::Usage(format!(
                "`{}` and `{}` are both named `{}`, so they would write the same output folder",
                paths[j].display(),
                paths[i].display(),
                s.name
            )));
        }
    }
    Ok(scenarios)
}

pub fn run(args: RunArgs) -> Result<(), Error> {
    run_as(args, std::env::args_os())
}

/// `coexist run` as if invoked with `argv` (the program's name first), which the manifest
/// records: for a caller that is not the command line (Python) to write the same folder.
pub fn run_as(args: RunArgs, argv: impl IntoIterator<Item = std::ffi::OsString>) -> Result<(), Error> {
    let (paths, out) = if args.scenarios.is_empty() {
        let (lib, default_out) = super::default_library();
        let out = if args.out.as_os_str() == "output" {
            default_out
        } else {
            args.out.clone()
        };
        (scenario::library(&lib)?, out)
    } else {
        (args.scenarios.clone(), args.out.clone())
    };
    if paths.is_empty() {
        return Err(Error::Usage(
            "no scenario files to run (scenarios/ has no *.toml)".into(),
        ));
    }
    let flags = args.overrides.assignments();
    let mut overrides = flags.clone();
    if let Some(name) = &args.name {
        if paths.len() != 1 {
            return Err(Error::Usage(format!(
                "--name names one result, but {} scenario files were given",
                paths.len()
            )));
        }
        overrides.push(format!("name={}", toml_string(name)));
    }
    let scenarios = load_all(&paths, &overrides)?;
    scenarios.iter().for_each(super::warn);
    let elsewhere = if paths.len() == 1 { "--name NAME" } else { "--out DIR" };
    for sc in &scenarios {
        crate::output::run::fits(sc, args.trajectories)?;
        claim(&out.join(&sc.name), &identity(sc, elsewhere), args.force.force)?;
    }
    let opts = RunOptions {
        out,
        trajectories: args.trajectories,
        quiet: args.workers.quiet,
        command: super::recorded::<RunArgs>(argv),
    };
    // A parent runs before the scenarios that extend it, so that their reports reuse its results.
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by_key(|&i| depth(&paths[i]));
    args.workers.install(|| {
        for &i in &order {
            let sc = &scenarios[i];
            let parent = parent(&paths[i], &flags, &opts);
            let dir = write_run(sc, &opts, parent)?;
            if !args.workers.quiet {
                eprintln!(
                    "{:>12} {} ({} replicates x {} rounds)",
                    "wrote",
                    dir.display(),
                    sc.replicates,
                    sc.rounds
                );
            }
        }
        Ok(())
    })?
}

/// How many files deep a scenario's `extends` chain goes (loading has ruled out cycles).
fn depth(path: &Path) -> usize {
    std::iter::successors(scenario::extends_of(path), |p| scenario::extends_of(p)).count()
}

/// The results of the scenario `path` extends, run with the same `--set` flags (at the same
/// seed and replicates, so that the differences pair): reused from `opts.out/<parent>/` when
/// that folder holds exactly them, else run for the report into a temporary folder.
fn parent(path: &Path, flags: &[String], opts: &RunOptions) -> Option<Parent> {
    let file = scenario::extends_of(path)?;
    let stem = file
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let sc = match scenario::load_with(&file, flags) {
        Ok(sc) => sc,
        Err(e) => {
            return Some(Parent {
                name: stem,
                results: Err(format!(
                    "{} does not take this run's flags ({})",
                    file.display(),
                    e.first().message
                )),
            });
        }
    };
    let here = opts.out.join(&sc.name);
    let results = if holds(&here, &identity(&sc, "")) {
        read_results(&here).map_err(|e| e.to_string())
    } else {
        run_parent(&sc, opts)
    };
    Some(Parent { name: sc.name, results })
}

fn run_parent(sc: &Scenario, opts: &RunOptions) -> Result<crate::compare::Results, String> {
    let tmp = tempfile::tempdir().map_err(|e| format!("no temporary folder to run it in: {e}"))?;
    let quiet = RunOptions {
        out: tmp.path().to_path_buf(),
        trajectories: Trajectories::First(0),
        quiet: true,
        command: opts.command.clone(),
    };
    if !opts.quiet {
        eprintln!(
            "{:>12} {} (the scenario it extends, for the report)",
            "running", sc.name
        );
    }
    let dir = write_run(sc, &quiet, None).map_err(|e| e.to_string())?;
    read_results(&dir).map_err(|e| e.to_string())
}

/// `s` as a TOML string literal, so that a name passes through `--set` as written.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

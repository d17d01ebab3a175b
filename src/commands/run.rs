//! `coexist run`: scenario files in, result folders out.

use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::output::claim::claim;
use crate::output::run::identity;
use crate::output::{RunOptions, Trajectories, write_run};
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
    let mut overrides = args.overrides.assignments();
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
    let elsewhere = if paths.len() == 1 { "--name NAME" } else { "--out DIR" };
    for sc in &scenarios {
        claim(&out.join(&sc.name), &identity(sc, elsewhere), args.force.force)?;
    }
    let opts = RunOptions {
        out,
        trajectories: args.trajectories,
        quiet: args.workers.quiet,
        command: super::recorded::<RunArgs>(std::env::args_os()),
    };
    args.workers.install(|| {
        for sc in &scenarios {
            let dir = write_run(sc, &opts)?;
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

/// `s` as a TOML string literal, so that a name passes through `--set` as written.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

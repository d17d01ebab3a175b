//! `coexist run`: scenario files in, result folders out.

use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::output::{RunOptions, Trajectories, write_run};
use crate::scenario::{self, Scenario};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files; none runs every file in `scenarios/` into `output/`.
    pub scenarios: Vec<PathBuf>,
    /// The folder that receives one result folder per scenario.
    #[arg(long, short, default_value = "output")]
    pub out: PathBuf,
    /// Overrides the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Overrides the number of replicates.
    #[arg(long)]
    pub replicates: Option<u64>,
    /// Overrides the number of rounds.
    #[arg(long)]
    pub rounds: Option<u64>,
    /// Overrides any key by its dotted path, e.g. agents.usa.perception.noise=0.1 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Trajectories to write: `all`, or those of the first N replicates (0: none).
    #[arg(long, default_value = "all", value_parser = parse_trajectories)]
    pub trajectories: Trajectories,
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

impl RunArgs {
    /// The command as recorded in manifests: what can change a result, nothing that
    /// cannot (`--jobs`, `--quiet`, `--out`), so reruns compare byte for byte.
    pub fn recorded(&self) -> Vec<String> {
        let mut c = vec!["coexist".to_string(), "run".to_string()];
        c.extend(self.scenarios.iter().map(|p| p.display().to_string()));
        for o in &self.set {
            c.extend(["--set".to_string(), o.clone()]);
        }
        for (flag, v) in [
            ("--seed", self.seed),
            ("--replicates", self.replicates),
            ("--rounds", self.rounds),
        ] {
            if let Some(v) = v {
                c.extend([flag.to_string(), v.to_string()]);
            }
        }
        if let Trajectories::First(n) = self.trajectories {
            c.extend(["--trajectories".to_string(), n.to_string()]);
        }
        c
    }

    /// `--set` overrides, then the dedicated flags, all checked like the file.
    pub fn overrides(&self) -> Vec<String> {
        let mut o = self.set.clone();
        if let Some(s) = self.seed {
            o.push(format!("seed={s}"));
        }
        if let Some(r) = self.replicates {
            o.push(format!("replicates={r}"));
        }
        if let Some(r) = self.rounds {
            o.push(format!("rounds={r}"));
        }
        o
    }
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
    let scenarios = load_all(&paths, &args.overrides())?;
    let opts = RunOptions {
        out,
        trajectories: args.trajectories,
        quiet: args.workers.quiet,
        command: args.recorded(),
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

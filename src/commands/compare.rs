//! `coexist compare`: result folders or scenario files, side by side.

use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::compare::{self, is_scenario_file};
use crate::output::claim::claim;
use crate::output::folder::Staging;
use crate::output::run;
use crate::output::{RunOptions, Trajectories, write_run};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Result folders written by `coexist run`, or scenario files (run first, into OUT/runs/).
    #[arg(required = true, num_args = 1..)]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short, default_value = "output/compare")]
    pub out: PathBuf,
    /// The input every other is compared with in `differences.csv` (default: the first).
    #[arg(long, value_name = "INPUT")]
    pub against: Option<PathBuf>,
    #[command(flatten)]
    pub force: super::Force,
    #[command(flatten)]
    pub workers: super::Workers,
}

pub fn run(args: CompareArgs) -> Result<(), Error> {
    let reference = match &args.against {
        None => 0,
        Some(a) => args.inputs.iter().position(|p| p == a).ok_or_else(|| {
            Error::Usage(format!(
                "--against {}: not one of the inputs (give it as one of them, spelled the same)",
                a.display()
            ))
        })?,
    };
    let files: Vec<PathBuf> = args.inputs.iter().filter(|p| is_scenario_file(p)).cloned().collect();
    let scenarios = super::run::load_all(&files, &[])?;
    for p in args.inputs.iter().filter(|p| !is_scenario_file(p)) {
        if !p.is_dir() {
            return Err(Error::BadResults {
                path: p.clone(),
                message: "is neither a result folder nor a scenario file (*.toml)".into(),
            });
        }
    }
    for p in args.inputs.iter().filter(|p| !is_scenario_file(p)) {
        if let (Ok(input), Ok(out)) = (p.canonicalize(), args.out.canonicalize())
            && input.starts_with(&out)
        {
            return Err(Error::Usage(format!(
                "--out `{}` holds the input `{}`: replacing it would remove that input; give another --out",
                args.out.display(),
                p.display()
            )));
        }
    }
    let mut loaded = scenarios.iter();
    let inputs: Vec<serde_json::Value> = args
        .inputs
        .iter()
        .map(|p| match is_scenario_file(p) {
            true => run::identity(loaded.next().expect("one loaded scenario per file"), "").fields,
            false => recorded_identity(p),
        })
        .collect();
    let identity = crate::output::compare::identity(inputs, reference);
    claim(&args.out, &identity, args.force.force)?;
    for sc in &scenarios {
        let runs = args.out.join("runs");
        claim(&runs.join(&sc.name), &run::identity(sc, "--out DIR"), args.force.force)?;
    }
    // The whole folder, its runs included, is built beside the old one and replaces it at once.
    let staging = Staging::new(&args.out, identity.file)?;
    let opts = RunOptions {
        out: staging.path().join("runs"),
        trajectories: Trajectories::All,
        quiet: args.workers.quiet,
        command: super::recorded::<CompareArgs>(std::env::args_os()),
    };
    let built = args.workers.install(|| {
        let mut ran = scenarios.iter();
        let results = args
            .inputs
            .iter()
            .map(|p| {
                let dir = match is_scenario_file(p) {
                    true => write_run(ran.next().expect("one loaded scenario per file"), &opts, None)?,
                    false => p.clone(),
                };
                compare::read_results(&dir)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        crate::output::compare::write(&results, reference, &identity, staging.path())
    })?;
    staging.finish(built)?;
    if !args.workers.quiet {
        eprintln!("{:>12} {}", "wrote", args.out.display());
    }
    Ok(())
}

/// The identity a result folder's manifest records (`null` where it has none: reading the
/// folder then says what is wrong with it).
fn recorded_identity(dir: &std::path::Path) -> serde_json::Value {
    let manifest: serde_json::Value = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    serde_json::json!({
        "version": manifest["version"],
        "scenario": manifest["scenario"],
    })
}

//! `coexist validate`: checks scenario files without running them.

use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::scenario;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files; none checks every file in `scenarios/`.
    pub scenarios: Vec<PathBuf>,
    /// Checked along with the files, as `run` would apply them.
    #[command(flatten)]
    pub overrides: super::Overrides,
}

pub fn run(args: ValidateArgs) -> Result<(), Error> {
    let paths = if args.scenarios.is_empty() {
        scenario::library(&super::default_library().0)?
    } else {
        args.scenarios
    };
    for path in &paths {
        let sc = scenario::load_with(path, &args.overrides.assignments())?;
        super::warn(&sc);
        println!(
            "{}: ok ({}, {} rounds x {} replicates, {} vs {})",
            path.display(),
            sc.name,
            sc.rounds,
            sc.replicates,
            sc.agents[0].strategy.info.name,
            sc.agents[1].strategy.info.name
        );
    }
    Ok(())
}

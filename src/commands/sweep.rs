//! `coexist sweep` and `coexist merge`.

use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::sweep::{DesignKind, Shard, Sweep, design};

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario to sweep.
    pub scenario: PathBuf,
    /// A key and its values: KEY=LO:HI:STEP, KEY=LO:HI (for lhs) or KEY=A,B,C (repeatable);
    /// KEY+KEY=... varies several keys together.
    #[arg(long, required = true, value_name = "KEY=VALUES")]
    pub vary: Vec<String>,
    /// How the points are placed.
    #[arg(long, value_enum, default_value = "grid")]
    pub design: DesignKind,
    /// Points of a Latin hypercube.
    #[arg(long)]
    pub samples: Option<usize>,
    /// Applied to every point before its varied keys; each point's seed derives from the
    /// seed and the point's index.
    #[command(flatten)]
    pub overrides: super::Overrides,
    /// Run only the I-th of N slices of the points (a cluster array task each).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also write every replicate's summary row of every point (`replicates.csv`).
    #[arg(long)]
    pub per_replicate: bool,
    /// Output folder (default: `output/sweep-<scenario>/`, or `.../shard-I-of-N/` with --shard).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: super::Force,
    #[command(flatten)]
    pub workers: super::Workers,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders of one sweep, all of them.
    #[arg(required = true, num_args = 1..)]
    pub shards: Vec<PathBuf>,
    /// The folder that receives the merged sweep.
    #[arg(long, short, required = true)]
    pub out: PathBuf,
}

pub fn run(args: SweepArgs) -> Result<(), Error> {
    let vary = args
        .vary
        .iter()
        .map(|v| design::parse_vary(v))
        .collect::<Result<Vec<_>, _>>()?;
    let mut sw = Sweep::new(
        &args.scenario,
        &args.overrides.assignments(),
        vary,
        args.design,
        args.samples,
        args.shard,
    )?;
    let out = args.out.clone().unwrap_or_else(|| {
        let base = PathBuf::from(format!("output/sweep-{}", sw.spec.name));
        match args.shard {
            Some(s) => base.join(format!("shard-{}-of-{}", s.index, s.count)),
            None => base,
        }
    });
    sw.spec.per_replicate = args.per_replicate;
    let identity = crate::output::sweep::identity(&sw.spec);
    crate::output::claim::claim(&out, &identity, args.force.force)?;
    // An interrupted run of another design is not resumed, nor silently thrown away.
    let partial = crate::output::folder::Staging::resumable_path(&out);
    if partial.join(identity.file).exists() && !args.force.force && !crate::output::claim::holds(&partial, &identity) {
        return Err(Error::Occupied {
            path: out,
            reason: format!(
                "has an interrupted sweep of another design or scenario (in `{}`), which this one would throw away",
                partial.display()
            ),
            elsewhere: identity.elsewhere.to_string(),
        });
    }
    args.workers
        .install(|| crate::output::sweep::write(&sw, &out, args.workers.quiet))??;
    if !args.workers.quiet {
        eprintln!(
            "{:>12} {} ({} points x {} replicates)",
            "wrote",
            out.join("sweep.csv").display(),
            sw.indices().len(),
            sw.spec.replicates
        );
    }
    Ok(())
}

pub fn merge(args: MergeArgs) -> Result<(), Error> {
    crate::output::sweep::merge(&args.shards, &args.out)?;
    eprintln!("{:>12} {}", "merged", args.out.join("sweep.csv").display());
    Ok(())
}

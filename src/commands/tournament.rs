//! `coexist tournament`: every ordered pair of named strategies in a scenario's world.

use std::path::PathBuf;

use crate::Error;
use crate::scenario::{self, diagnostic::did_you_mean};
use crate::strategy::{StrategySpec, registry};
use crate::tournament::{self, Tournament};
use clap::Args;

#[derive(Debug, Args)]
pub struct TournamentArgs {
    /// The scenario whose world the matches are played in (its agents' strategies are replaced).
    pub scenario: PathBuf,
    /// Comma-separated strategy names, each with its default parameters.
    #[arg(long, value_delimiter = ',', required = true)]
    pub strategies: Vec<String>,
    /// Applied to the scenario's world: replicates and rounds are those of each match.
    #[command(flatten)]
    pub overrides: super::Overrides,
    /// Output folder (default: `output/tournament-<scenario>/`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: super::Force,
    #[command(flatten)]
    pub workers: super::Workers,
}

/// Resolves strategy names, rejecting unknown and duplicate names and strategies that need parameters.
pub fn specs(names: &[String]) -> Result<Vec<StrategySpec>, Error> {
    let mut out: Vec<StrategySpec> = Vec::new();
    for name in names {
        let name = name.trim();
        let info = registry::find(name).ok_or_else(|| {
            let hint =
                did_you_mean(name, registry::names()).map_or(String::new(), |k| format!("; did you mean `{k}`?"));
            Error::Usage(format!(
                "--strategies: unknown strategy `{name}`{hint} (`coexist strategies` lists them)"
            ))
        })?;
        if out.iter().any(|s| s.info.name == info.name) {
            return Err(Error::Usage(format!("--strategies names `{name}` twice")));
        }
        let spec = StrategySpec::named(info.name).ok_or_else(|| {
            Error::Usage(format!(
                "--strategies: `{name}` has a required parameter; it cannot play with defaults"
            ))
        })?;
        out.push(spec);
    }
    if out.is_empty() {
        return Err(Error::Usage("--strategies needs at least one strategy".into()));
    }
    Ok(out)
}

pub fn run(args: TournamentArgs) -> Result<(), Error> {
    let world = scenario::load_with(&args.scenario, &args.overrides.assignments())?;
    super::warn(&world);
    let strategies = specs(&args.strategies)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("output/tournament-{}", world.name)));
    let names: Vec<String> = strategies.iter().map(|s| s.info.name.to_string()).collect();
    crate::output::claim::claim(
        &out,
        &crate::output::tournament::identity(&names, &world),
        args.force.force,
    )?;
    let result = args.workers.install(|| tournament::play(&world, &strategies))??;
    crate::output::tournament::write(&result, &world, &out)?;
    if !args.workers.quiet {
        eprintln!("{}", ranking(&result));
        eprintln!("{:>12} {}", "wrote", out.display());
    }
    Ok(())
}

/// Strategies by mean payoff per round across all opponents, best first.
fn ranking(t: &Tournament) -> String {
    let n = t.names.len() as f64;
    let mut rows: Vec<(f64, &str)> = t
        .names
        .iter()
        .zip(&t.payoff)
        .map(|(name, row)| (row.iter().sum::<f64>() / n, name.as_str()))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut s = String::from("mean payoff per round against the field:\n");
    for (rank, (score, name)) in rows.iter().enumerate() {
        s.push_str(&format!("  {:>2}. {name:<24} {score:.3}\n", rank + 1));
    }
    s
}

//! One function per command of the `coexist` binary, with its arguments.

pub mod compare;
pub mod run;
pub mod schema;
pub mod strategies;
pub mod sweep;
pub mod tournament;
pub mod validate;

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Error;

/// The flags that change the scenario a command plays, shared by every such command and
/// turned into `KEY=VALUE` overrides in one place, so that they are checked like the file.
#[derive(Debug, clap::Args)]
pub struct Overrides {
    /// Overrides any key by its dotted path, e.g. agents.usa.perception.noise=0.1 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Overrides the number of replicates.
    #[arg(long)]
    pub replicates: Option<u64>,
    /// Overrides the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Overrides the number of rounds.
    #[arg(long)]
    pub rounds: Option<u64>,
}

impl Overrides {
    /// `--set` overrides in order, then the dedicated flags, which therefore win.
    pub fn assignments(&self) -> Vec<String> {
        let flags = [
            ("replicates", self.replicates),
            ("seed", self.seed),
            ("rounds", self.rounds),
        ];
        let mut all = self.set.clone();
        all.extend(flags.iter().filter_map(|(key, v)| v.map(|v| format!("{key}={v}"))));
        all
    }
}

/// The command line as typed, as manifests record it: the program named `coexist`, and
/// without the options of `A` that cannot change a result (`--jobs`, `--quiet`, `--out`,
/// `--force`),
/// so that reruns compare byte for byte. Those options' spellings come from their clap
/// definitions; they are the only ones with a short form, so a cluster of short flags
/// (`-qj2`) is theirs alone.
pub fn recorded<A: clap::Args>(args: impl IntoIterator<Item = OsString>) -> Vec<String> {
    let command = A::augment_args(clap::Command::new("coexist"));
    let unrecorded: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(|a| ["jobs", "quiet", "out", "force"].contains(&a.get_id().as_str()))
        .collect();
    let takes_value = |a: &clap::Arg| a.get_action().takes_values();
    let mut out = vec!["coexist".to_string()];
    let mut args = args.into_iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            out.push(arg);
            out.extend(args);
            break;
        }
        let long = arg
            .strip_prefix("--")
            .map(|l| l.split_once('=').map_or((l, false), |(n, _)| (n, true)));
        let short = arg
            .strip_prefix('-')
            .filter(|s| !s.starts_with('-'))
            .and_then(|s| s.chars().next().map(|c| (c, s.len() > c.len_utf8())));
        let matched = unrecorded.iter().find(|a| match (long, short) {
            (Some((name, _)), _) => a.get_long() == Some(name),
            (_, Some((c, _))) => a.get_short() == Some(c),
            _ => false,
        });
        match matched {
            Some(a) => {
                let attached = long.is_some_and(|(_, eq)| eq) || short.is_some_and(|(_, rest)| rest);
                if takes_value(a) && !attached {
                    args.next();
                }
            }
            None => out.push(arg),
        }
    }
    out
}

/// The flag of every command that writes a result folder.
#[derive(Debug, clap::Args)]
pub struct Force {
    /// Replace a result folder that holds a different result (without it, that is refused).
    #[arg(long)]
    pub force: bool,
}

/// Prints what the loader noticed in a scenario but did not refuse, even under `--quiet`.
pub fn warn(sc: &crate::scenario::Scenario) {
    for w in &sc.warnings {
        eprintln!("warning: {}: {w}", sc.name);
    }
}

/// Most worker threads: far more than any machine's cores, short of what spawning costs.
const MAX_JOBS: i64 = 256;

/// The flags of every command that plays scenarios: how many threads, and how much to say.
#[derive(Debug, clap::Args)]
pub struct Workers {
    /// Worker threads, 1 to 256 (default: all cores); results do not depend on it.
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    pub jobs: Option<u16>,
    /// No progress bar and no messages.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Workers {
    /// Runs `f` on a pool of `--jobs` threads (all cores without it).
    pub fn install<T: Send>(&self, f: impl FnOnce() -> T + Send) -> Result<T, Error> {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.jobs {
            builder = builder.num_threads(usize::from(n));
        }
        let pool = builder
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", self.jobs.unwrap_or(0))))?;
        Ok(pool.install(f))
    }
}

/// The default scenario library and its output folder.
pub fn default_library() -> (PathBuf, PathBuf) {
    (PathBuf::from("scenarios"), PathBuf::from("output"))
}

#[cfg(test)]
mod tests {
    use super::recorded;
    use crate::commands::run::RunArgs;

    fn record(line: &str) -> String {
        recorded::<RunArgs>(line.split(' ').map(Into::into)).join(" ")
    }

    #[test]
    fn the_recorded_command_is_the_typed_one_less_jobs_quiet_and_out_in_every_spelling() {
        let typed = "target/release/coexist run a.toml --jobs 2 --seed 7 -q --out x --set rounds=3 -j4 \
                     --out=y -o z --quiet --jobs=1 -oq --trajectories 5";
        assert_eq!(
            record(typed),
            "coexist run a.toml --seed 7 --set rounds=3 --trajectories 5"
        );
    }

    #[test]
    fn after_a_double_dash_everything_is_recorded() {
        assert_eq!(record("coexist run -- --jobs"), "coexist run -- --jobs");
    }
}

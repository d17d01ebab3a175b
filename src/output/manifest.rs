//! `manifest.json`: what produced a result folder: version, the resolved scenario, seed, command.

use serde::Serialize;

use crate::scenario::Scenario;

#[derive(Serialize)]
pub struct Manifest<'a> {
    pub tool: &'static str,
    pub version: &'static str,
    pub seed: u64,
    /// The command line, less the options that cannot change a result (`--jobs`, `--quiet`, `--out`).
    pub command: &'a [String],
    /// Replicates whose trajectories were written.
    pub trajectories: usize,
    /// How `ensemble.csv`'s percentiles were computed: exact, or binned for large ensembles.
    pub percentiles: String,
    /// The scenario after `extends` and every override, with all defaults filled in.
    pub scenario: &'a Scenario,
}

impl<'a> Manifest<'a> {
    pub fn new(scenario: &'a Scenario, command: &'a [String], trajectories: usize, percentiles: String) -> Self {
        Self {
            tool: "coexist",
            version: env!("CARGO_PKG_VERSION"),
            seed: scenario.seed,
            command,
            trajectories,
            percentiles,
            scenario,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest always serializes");
        bytes.push(b'\n');
        bytes
    }
}

//! A tournament's folder: the payoff and engagement matrices (`payoffs.csv`,
//! `engagement.csv`), the same in long form (`tournament.csv`), `manifest.json` and heatmaps.

use std::path::Path;

use serde::Serialize;

use super::claim::Identity;
use super::folder::Staging;
use super::{charts, csv, files, report};
use crate::Error;
use crate::record::format::num_string;
use crate::scenario::Scenario;
use crate::tournament::Tournament;

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    strategies: &'a [String],
    replicates: usize,
    rounds: usize,
    scenario: &'a Scenario,
}

/// What a tournament's folder holds: the strategies, the world and the version.
pub fn identity(strategies: &[String], world: &Scenario) -> Identity<'static> {
    Identity {
        file: "manifest.json",
        fields: serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "strategies": strategies,
            "scenario": world,
        }),
        elsewhere: "--out DIR",
    }
}

/// Writes the tournament `t`, played in `world`, into `out`.
pub fn write(t: &Tournament, world: &Scenario, target: &Path) -> Result<(), Error> {
    let staging = Staging::new(target, "manifest.json")?;
    let built = write_into(t, world, staging.path());
    staging.finish(built).map(|_| ())
}

fn write_into(t: &Tournament, world: &Scenario, out: &Path) -> Result<(), Error> {
    files::write(out.join("payoffs.csv"), &csv::matrix(&t.names, &t.payoff))?;
    files::write(out.join("engagement.csv"), &csv::matrix(&t.names, &t.engagement))?;
    files::write(out.join("tournament.csv"), &long(t))?;
    let manifest = Manifest {
        tool: "coexist",
        version: env!("CARGO_PKG_VERSION"),
        strategies: &t.names,
        replicates: t.replicates,
        rounds: t.rounds,
        scenario: world,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("a manifest always serializes");
    json.push(b'\n');
    files::write(out.join("manifest.json"), &json)?;
    let charts = charts::tournament(t)?;
    charts.write(out)?;
    files::write(
        out.join("report.html"),
        report::tournament(t, world, &charts).as_bytes(),
    )
}

/// `tournament.csv`: one row per ordered pair.
pub fn long(t: &Tournament) -> Vec<u8> {
    let header = ["strategy", "opponent", "payoff", "opponent_payoff", "mutual_engagement"].map(String::from);
    let rows = t.names.iter().enumerate().flat_map(|(i, a)| {
        t.names.iter().enumerate().map(move |(j, b)| {
            let nums = [t.payoff[i][j], t.payoff_against[i][j], t.engagement[i][j]].map(num_string);
            let [p, q, e] = nums;
            [a.clone(), b.clone(), p, q, e]
        })
    });
    csv::lines(std::iter::once(header).chain(rows))
}

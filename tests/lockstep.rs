//! A long horizon's replicates played in lockstep, a block of rounds at a time, give the
//! results they give played in batches of whole replicates: the same rows in the same order,
//! the same bands, shares and samples.

mod common;

use coexist::engine::Plan;
use coexist::record::trajectory::TrajectoryWriter;
use coexist::runner::{RunResult, Schedule, Sink, run_scheduled};
use common::fixture;

/// One replicate as handed over: its index, summary row, trajectory and event rows.
#[derive(Debug, PartialEq)]
struct Row {
    replicate: usize,
    summary: Vec<Option<f64>>,
    trajectory: Option<Vec<u8>>,
    events: Option<Vec<u8>>,
}

/// Every replicate handed over, in order.
#[derive(Default)]
struct Rows(Vec<Row>);

impl Sink for Rows {
    fn replicate(
        &mut self,
        replicate: usize,
        summary: &[Option<f64>],
        trajectory: Option<&TrajectoryWriter<'_>>,
    ) -> Result<(), coexist::Error> {
        self.0.push(Row {
            replicate,
            summary: summary.to_vec(),
            trajectory: trajectory.map(|t| t.bytes().to_vec()),
            events: trajectory.map(|t| t.events().to_vec()),
        });
        Ok(())
    }
}

fn run(rounds: usize, seed: u64, kept: usize, schedule: Schedule) -> (Rows, RunResult) {
    let mut sc = coexist::scenario::load(&fixture("everything.toml")).unwrap();
    sc.rounds = rounds;
    sc.replicates = 7;
    sc.seed = seed;
    let plan = Plan::new(&sc);
    let mut rows = Rows::default();
    let result = run_scheduled(&plan, kept, &mut rows, |_| {}, schedule).unwrap();
    (rows, result)
}

#[test]
fn a_run_in_lockstep_hands_over_the_rows_of_a_run_in_batches() {
    // Three blocks, the last a partial one, with every mechanism and kept trajectories.
    for seed in [3, 4] {
        let (lockstep, _) = run(2_500, seed, 3, Schedule::Lockstep);
        let (batches, _) = run(2_500, seed, 3, Schedule::Batches);
        assert_eq!(lockstep.0, batches.0, "seed {seed}");
    }
}

#[test]
fn a_run_in_lockstep_has_the_ensemble_of_a_run_in_batches() {
    for seed in [3, 4] {
        let (_, lockstep) = run(2_500, seed, 0, Schedule::Lockstep);
        let (_, batches) = run(2_500, seed, 0, Schedule::Batches);
        let (a, b) = (&lockstep.ensemble, &batches.ensemble);
        assert_eq!(a.bands(), b.bands(), "seed {seed}");
        assert_eq!(a.shares(), b.shares(), "seed {seed}");
        assert_eq!(a.tension_samples(), b.tension_samples(), "seed {seed}");
        assert_eq!(a.percentiles(), b.percentiles(), "seed {seed}");
        assert_eq!(lockstep.metrics, batches.metrics, "seed {seed}");
        assert_eq!(format!("{:?}", lockstep.timeline), format!("{:?}", batches.timeline));
    }
}

#[test]
fn a_long_horizon_without_kept_trajectories_is_played_in_lockstep() {
    assert_eq!(Schedule::of(100_000, 100, 0), Schedule::Lockstep);
    assert_eq!(Schedule::of(100_000, 100, 5), Schedule::Lockstep);
}

#[test]
fn a_run_whose_kept_trajectories_would_take_more_than_its_values_is_played_in_batches() {
    assert_eq!(Schedule::of(100_000, 100, 100), Schedule::Batches);
}

#[test]
fn a_short_or_widely_replicated_run_is_played_in_batches() {
    assert_eq!(Schedule::of(1_000, 100, 0), Schedule::Batches);
    assert_eq!(Schedule::of(10_000, 1_000, 0), Schedule::Batches);
}

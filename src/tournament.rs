//! Round-robin tournaments: every ordered pair of strategies (self-play included) plays
//! the scenario's world, and the mean payoffs and mutual engagement form two matrices.

use crate::Error;
use crate::engine::{Observer, Plan, Round, Workspace};
use crate::model::Action;
use crate::runner::{self, Recorder};
use crate::scenario::Scenario;
use crate::strategy::StrategySpec;

/// What one match (one ordered pair, one replicate) adds up.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    payoff: [f64; 2],
    mutual: u32,
}

impl Observer for Tally {
    fn round(&mut self, r: &Round<'_>) {
        self.payoff[0] += r.payoffs[0];
        self.payoff[1] += r.payoffs[1];
        self.mutual += u32::from(matches!(r.actions, [Action::Engage, Action::Engage]));
    }
}

impl Recorder for Tally {
    fn record(&mut self, plan: &Plan<'_>, replicate: usize, ws: &mut Workspace) {
        *self = Tally::default();
        plan.run_with(replicate, self, ws);
    }
}

/// The result of a tournament; `[i][j]` is strategy i playing as `<a>` against j as `<b>`.
#[derive(Debug, Clone)]
pub struct Tournament {
    pub names: Vec<String>,
    /// Mean payoff per round of the row strategy.
    pub payoff: Vec<Vec<f64>>,
    /// Mean payoff per round of the column strategy in the same matches.
    pub payoff_against: Vec<Vec<f64>>,
    /// Mean share of rounds with mutual engagement.
    pub engagement: Vec<Vec<f64>>,
    pub replicates: usize,
    pub rounds: usize,
}

/// Plays every ordered pair of `strategies` for the scenario's replicates, in parallel.
/// Matches are gathered in a fixed order, so the result does not depend on the thread count.
pub fn play(world: &Scenario, strategies: &[StrategySpec]) -> Result<Tournament, Error> {
    let n = strategies.len();
    let reps = world.replicates;
    let scenarios: Vec<Scenario> = (0..n * n)
        .map(|k| {
            let mut sc = world.clone();
            sc.agents[0].strategy = strategies[k / n].clone();
            sc.agents[1].strategy = strategies[k % n].clone();
            sc
        })
        .collect();
    let plans: Vec<Plan<'_>> = scenarios.iter().map(Plan::new).collect();
    let per = (reps as f64) * world.rounds as f64;
    let mut payoff = vec![vec![0.0; n]; n];
    let mut payoff_against = vec![vec![0.0; n]; n];
    let mut engagement = vec![vec![0.0; n]; n];
    // The matches of the pair being gathered, summed in replicate order once all are in.
    let mut matches: Vec<Tally> = Vec::with_capacity(reps);
    runner::play(&plans, Tally::default, |tasks, tallies| {
        for (task, tally) in tasks.iter().zip(tallies.iter()) {
            matches.push(*tally);
            if task.replicate + 1 == reps {
                let (i, j) = (task.plan / n, task.plan % n);
                payoff[i][j] = matches.iter().map(|t| t.payoff[0]).sum::<f64>() / per;
                payoff_against[i][j] = matches.iter().map(|t| t.payoff[1]).sum::<f64>() / per;
                engagement[i][j] = matches.iter().map(|t| f64::from(t.mutual)).sum::<f64>() / per;
                matches.clear();
            }
        }
        Ok(())
    })?;
    Ok(Tournament {
        names: strategies.iter().map(|s| s.info.name.to_string()).collect(),
        payoff,
        payoff_against,
        engagement,
        replicates: reps,
        rounds: world.rounds,
    })
}

//! `summary.csv`: one row of metrics per replicate. Definitions are in `docs/MODEL.md`.

use crate::engine::{Observer, Round};
use crate::model::Action;

/// The metrics of the relationship as a whole, named alike in every scenario.
pub const RELATIONSHIP_METRICS: [&str; 8] = [
    "mutual_engagement",
    "spin_cycle",
    "escalation",
    "mean_tension",
    "max_tension",
    "crisis_rounds",
    "first_mutual_engagement",
    "longest_engagement_streak",
];

/// The metric columns for agents `<a>` and `<b>`, after `replicate`.
pub fn metric_names(ids: [&str; 2]) -> Vec<String> {
    let [a, b] = ids;
    let mut names = Vec::new();
    for id in [a, b] {
        for action in Action::ALL {
            names.push(format!("{action}_{id}"));
        }
    }
    names.extend(RELATIONSHIP_METRICS.map(String::from));
    names.extend([a, b].map(|id| format!("payoff_{id}")));
    names.extend([a, b].map(|id| format!("final_trust_{id}")));
    names.push("symmetry".into());
    names.extend([a, b].map(|id| format!("blame_gap_{id}")));
    names
}

/// Accumulates one replicate's metrics as its rounds go by.
#[derive(Debug, Clone)]
pub struct SummaryRecorder {
    crisis: f64,
    rounds: usize,
    /// counts[agent][action]
    counts: [[u32; 3]; 2],
    mutual: [u32; 3],
    tension_sum: f64,
    tension_max: f64,
    crisis_rounds: u32,
    first_mutual: Option<usize>,
    streak: u32,
    longest_streak: u32,
    payoff: [f64; 2],
    trust: [f64; 2],
    perceived_retaliations: [u32; 2],
}

impl SummaryRecorder {
    pub fn new(crisis: f64) -> Self {
        Self {
            crisis,
            rounds: 0,
            counts: [[0; 3]; 2],
            mutual: [0; 3],
            tension_sum: 0.0,
            tension_max: f64::NEG_INFINITY,
            crisis_rounds: 0,
            first_mutual: None,
            streak: 0,
            longest_streak: 0,
            payoff: [0.0; 2],
            trust: [0.0; 2],
            perceived_retaliations: [0; 2],
        }
    }

    /// The metrics in the order of [`metric_names`]; `None` is an empty cell.
    pub fn values(&self) -> Vec<Option<f64>> {
        let n = self.rounds.max(1) as f64;
        let share = |c: u32| Some(f64::from(c) / n);
        let mut v = Vec::with_capacity(24);
        for agent in &self.counts {
            v.extend(agent.iter().map(|&c| share(c)));
        }
        v.extend(self.mutual.iter().map(|&c| share(c)));
        v.push(Some(self.tension_sum / n));
        v.push(Some(if self.rounds == 0 { 0.0 } else { self.tension_max }));
        v.push(Some(f64::from(self.crisis_rounds)));
        v.push(self.first_mutual.map(|r| r as f64));
        v.push(Some(f64::from(self.longest_streak)));
        v.extend(self.payoff.map(Some));
        v.extend(self.trust.map(Some));
        let tvd: f64 = (0..3)
            .map(|i| (f64::from(self.counts[0][i]) - f64::from(self.counts[1][i])).abs())
            .sum::<f64>()
            / (2.0 * n);
        v.push(Some(1.0 - tvd));
        for k in 0..2 {
            let really = f64::from(self.counts[1 - k][Action::Retaliate.index()]);
            v.push(Some((f64::from(self.perceived_retaliations[k]) - really) / n));
        }
        v
    }
}

impl Observer for SummaryRecorder {
    // Counts are added as 0 or 1 rather than under `if`: they follow random actions, and a
    // branch on them would be mispredicted as often as not.
    #[inline]
    fn round(&mut self, r: &Round<'_>) {
        self.rounds += 1;
        for k in 0..2 {
            self.counts[k][r.actions[k].index()] += 1;
            self.payoff[k] += r.payoffs[k];
            self.perceived_retaliations[k] += u32::from(r.perceived[k] == Action::Retaliate);
        }
        self.trust = r.trust;
        self.mutual[r.actions[0].index()] += u32::from(r.actions[0] == r.actions[1]);
        let both_engage = (r.actions[0] == Action::Engage) & (r.actions[1] == Action::Engage);
        if self.first_mutual.is_none() && both_engage {
            self.first_mutual = Some(r.round);
        }
        self.streak = (self.streak + 1) * u32::from(both_engage);
        self.longest_streak = self.longest_streak.max(self.streak);
        self.tension_sum += r.tension;
        self.tension_max = self.tension_max.max(r.tension);
        self.crisis_rounds += u32::from(r.tension >= self.crisis);
    }
}

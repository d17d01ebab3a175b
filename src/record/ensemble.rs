//! `ensemble.csv`: per round, across replicates, the mean and 5/50/95th percentiles of
//! tension, trust and securitization, and the share of each action.
//!
//! Each agent's cumulative payoff is kept too, for the payoffs chart, but not written.
//!
//! Percentiles interpolate linearly between order statistics (numpy's default, "type 7").
//! Bounded values are kept per round and replicate (in 32-bit fixed point), so percentiles
//! are exact to 1e-9 and independent of the order in which replicates finish; means come
//! from sums taken in replicate order.

use crate::engine::{Observer, Round};
use crate::model::Action;

/// The continuous series: tension, trust (a, b), securitization (a, b), cumulative payoff (a, b).
pub const SERIES: usize = 7;
/// The series written to `ensemble.csv`, in column order.
pub const CSV_SERIES: usize = 5;
pub const TENSION: usize = 0;
pub const TRUST: [usize; 2] = [1, 2];
pub const SECURITIZATION: [usize; 2] = [3, 4];
pub const CUMULATIVE_PAYOFF: [usize; 2] = [5, 6];

pub fn series_names(ids: [&str; 2]) -> [String; CSV_SERIES] {
    let [a, b] = ids;
    [
        "tension".to_string(),
        format!("trust_{a}"),
        format!("trust_{b}"),
        format!("securitization_{a}"),
        format!("securitization_{b}"),
    ]
}

pub fn header(ids: [&str; 2]) -> Vec<String> {
    let mut h = vec!["round".to_string(), "date".to_string()];
    for s in series_names(ids) {
        for stat in ["mean", "p05", "p50", "p95"] {
            h.push(format!("{s}_{stat}"));
        }
    }
    for id in ids {
        for action in Action::ALL {
            h.push(format!("{action}_{id}"));
        }
    }
    h
}

/// One replicate's per-round series, handed to [`Ensemble::add`].
#[derive(Debug, Clone, Default)]
pub struct EnsembleRecorder {
    bounded: Vec<[u32; CSV_SERIES]>,
    payoff: Vec<[f64; 2]>,
    actions: Vec<[Action; 2]>,
    cumulative: [f64; 2],
}

impl EnsembleRecorder {
    pub fn new(rounds: usize) -> Self {
        Self {
            bounded: Vec::with_capacity(rounds),
            payoff: Vec::with_capacity(rounds),
            actions: Vec::with_capacity(rounds),
            cumulative: [0.0; 2],
        }
    }
}

/// Tension, trust and securitization lie in [0, 1]: kept as 32-bit fixed point, exact to
/// 1.2e-10, half the memory of a double.
const SCALE: f64 = u32::MAX as f64;

fn to_fixed(x: f64) -> u32 {
    (x.clamp(0.0, 1.0) * SCALE).round() as u32
}

fn from_fixed(q: u32) -> f64 {
    f64::from(q) / SCALE
}

impl Observer for EnsembleRecorder {
    fn round(&mut self, r: &Round<'_>) {
        self.cumulative[0] += r.payoffs[0];
        self.cumulative[1] += r.payoffs[1];
        let v = [
            r.tension,
            r.trust[0],
            r.trust[1],
            r.securitization[0],
            r.securitization[1],
        ];
        self.bounded.push(v.map(to_fixed));
        self.payoff.push(self.cumulative);
        self.actions.push(r.actions);
    }
}

/// Statistics of one series in one round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub mean: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Every replicate's bounded series (slot by replicate index), and running sums.
///
/// Memory: 20 bytes per round and replicate for the exact percentiles, plus O(rounds).
/// Cumulative payoffs are unbounded and only charted, so they keep running sums alone and
/// their band is the mean ± 1.645 standard deviations (5–95% for a normal spread).
pub struct Ensemble {
    rounds: usize,
    replicates: usize,
    /// values[series][round * replicates + replicate]
    values: [Vec<u32>; CSV_SERIES],
    /// Per round: sums of each series (exact means), in replicate order.
    sums: Vec<[f64; SERIES]>,
    /// Per round: sums of squared cumulative payoffs.
    squares: Vec<[f64; 2]>,
    added: usize,
    /// counts[round][agent][action]
    counts: Vec<[[u32; 3]; 2]>,
}

/// How many bytes an ensemble of this size keeps.
pub fn memory(rounds: usize, replicates: usize) -> u128 {
    rounds as u128 * replicates as u128 * (CSV_SERIES * 4) as u128 + rounds as u128 * 128
}

impl Ensemble {
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    pub fn replicates(&self) -> usize {
        self.replicates
    }

    pub fn new(rounds: usize, replicates: usize) -> Self {
        Self {
            rounds,
            replicates,
            values: std::array::from_fn(|_| vec![0; rounds * replicates]),
            sums: vec![[0.0; SERIES]; rounds],
            squares: vec![[0.0; 2]; rounds],
            added: 0,
            counts: vec![[[0; 3]; 2]; rounds],
        }
    }

    /// Adds a replicate; replicates must be added in index order, so sums never depend on threads.
    pub fn add(&mut self, replicate: usize, rec: &EnsembleRecorder) {
        debug_assert_eq!(replicate, self.added, "replicates are added in order");
        self.added += 1;
        for (t, row) in rec.bounded.iter().enumerate() {
            for (s, &q) in row.iter().enumerate() {
                self.values[s][t * self.replicates + replicate] = q;
                self.sums[t][s] += from_fixed(q);
            }
        }
        for (t, c) in rec.payoff.iter().enumerate() {
            for k in 0..2 {
                self.sums[t][CUMULATIVE_PAYOFF[k]] += c[k];
                self.squares[t][k] += c[k] * c[k];
            }
        }
        for (t, actions) in rec.actions.iter().enumerate() {
            for (counts, action) in self.counts[t].iter_mut().zip(actions) {
                counts[action.index()] += 1;
            }
        }
    }

    /// Mean and percentiles of every series in every round: `bands[round][series]`.
    pub fn bands(&self) -> Vec<[Band; SERIES]> {
        let n = self.replicates;
        let nf = n.max(1) as f64;
        let mut scratch = vec![0u32; n];
        (0..self.rounds)
            .map(|t| {
                std::array::from_fn(|s| {
                    let mean = self.sums[t][s] / nf;
                    if s < CSV_SERIES {
                        scratch.copy_from_slice(&self.values[s][t * n..(t + 1) * n]);
                        scratch.sort_unstable();
                        let sorted: Vec<f64> = scratch.iter().map(|&q| from_fixed(q)).collect();
                        Band {
                            mean,
                            p05: percentile(&sorted, 0.05),
                            p50: percentile(&sorted, 0.50),
                            p95: percentile(&sorted, 0.95),
                        }
                    } else {
                        let k = s - CUMULATIVE_PAYOFF[0];
                        let var = (self.squares[t][k] / nf - mean * mean).max(0.0);
                        let half = 1.645 * var.sqrt();
                        Band {
                            mean,
                            p05: mean - half,
                            p50: mean,
                            p95: mean + half,
                        }
                    }
                })
            })
            .collect()
    }

    /// Share of replicates in which each agent played each action, per round: `[round][agent][action]`.
    pub fn shares(&self) -> Vec<[[f64; 3]; 2]> {
        let n = self.replicates.max(1) as f64;
        self.counts
            .iter()
            .map(|c| c.map(|agent| agent.map(|k| f64::from(k) / n)))
            .collect()
    }

    /// One replicate's value of a bounded `series` in each round.
    pub fn replicate_series(&self, series: usize, replicate: usize) -> Vec<f64> {
        (0..self.rounds)
            .map(|t| from_fixed(self.values[series][t * self.replicates + replicate]))
            .collect()
    }
}

/// Linear interpolation between order statistics of sorted `values` at `p` in [0, 1].
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let h = p * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert!((percentile(&v, 0.05) - 1.2).abs() < 1e-12);
        assert!((percentile(&v, 0.95) - 4.8).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 0.95), 7.0);
    }
}

//! `ensemble.csv`: per round, across replicates, the mean and 5/50/95th percentiles of
//! tension, trust and securitization, and the share of each action.
//!
//! Each agent's cumulative payoff is kept too, for the payoffs chart, but not written.
//!
//! Percentiles interpolate linearly between order statistics (numpy's default, "type 7").
//! Values are kept per round and replicate, so the result is exact and independent of the
//! order in which replicates finish.

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
    values: Vec<[f64; SERIES]>,
    actions: Vec<[Action; 2]>,
    cumulative: [f64; 2],
}

impl EnsembleRecorder {
    pub fn new(rounds: usize) -> Self {
        Self {
            values: Vec::with_capacity(rounds),
            actions: Vec::with_capacity(rounds),
            cumulative: [0.0; 2],
        }
    }
}

impl Observer for EnsembleRecorder {
    fn round(&mut self, r: &Round<'_>) {
        self.cumulative[0] += r.payoffs[0];
        self.cumulative[1] += r.payoffs[1];
        let [c0, c1] = self.cumulative;
        self.values.push([
            r.tension,
            r.trust[0],
            r.trust[1],
            r.securitization[0],
            r.securitization[1],
            c0,
            c1,
        ]);
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

/// All replicates' series, slot by replicate index.
pub struct Ensemble {
    rounds: usize,
    replicates: usize,
    /// values[series][round * replicates + replicate]
    values: [Vec<f64>; SERIES],
    /// counts[round][agent][action]
    counts: Vec<[[u32; 3]; 2]>,
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
            values: std::array::from_fn(|_| vec![0.0; rounds * replicates]),
            counts: vec![[[0; 3]; 2]; rounds],
        }
    }

    pub fn add(&mut self, replicate: usize, rec: &EnsembleRecorder) {
        for (t, row) in rec.values.iter().enumerate() {
            for (s, &x) in row.iter().enumerate() {
                self.values[s][t * self.replicates + replicate] = x;
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
        let mut scratch = vec![0.0; n];
        (0..self.rounds)
            .map(|t| {
                std::array::from_fn(|s| {
                    scratch.copy_from_slice(&self.values[s][t * n..(t + 1) * n]);
                    band(&mut scratch)
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

    /// One replicate's value of `series` in each round.
    pub fn replicate_series(&self, series: usize, replicate: usize) -> Vec<f64> {
        (0..self.rounds)
            .map(|t| self.values[series][t * self.replicates + replicate])
            .collect()
    }
}

fn band(values: &mut [f64]) -> Band {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.sort_unstable_by(f64::total_cmp);
    Band {
        mean,
        p05: percentile(values, 0.05),
        p50: percentile(values, 0.50),
        p95: percentile(values, 0.95),
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

//! A run of independent chances of the same probability — an execution error each round,
//! a misreading, a random incident — sampled by the gaps between successes.
//!
//! Drawing the geometric number of failures before the next success gives the distribution
//! of one Bernoulli draw per trial, but touches the random stream once per success instead
//! of once per trial: a 5% error rate costs one draw every twenty rounds. Because the
//! geometric distribution is memoryless, a pending gap can be dropped when the probability
//! changes. Gaps are drawn by inversion, `⌊ln U / ln(1 − p)⌋` with U uniform on (0, 1]
//! (Devroye 1986, X.2; numpy's method for small p): one uniform draw and one logarithm,
//! several times cheaper here than the rejection sampler of `rand_distr::Geometric`.

use rand::RngExt;

use super::rng::Rng;

/// Successive Bernoulli trials of probability `p`.
#[derive(Debug, Clone)]
pub struct Trials {
    p: f64,
    /// `ln(1 − p)`: 0 when no trial can succeed, −∞ when every trial does.
    ln_miss: f64,
    /// Failures left before the next success.
    failures_left: u64,
}

impl Trials {
    /// Trials of probability `p` (a validated probability in [0, 1]), the first gap drawn now.
    pub fn new(p: f64, rng: &mut Rng) -> Self {
        let mut trials = Self {
            p,
            ln_miss: (-p).ln_1p(),
            failures_left: 0,
        };
        trials.failures_left = trials.gap(rng);
        trials
    }

    /// Changes the probability from the next trial on, drawing a fresh gap if it changed.
    pub fn set_probability(&mut self, p: f64, rng: &mut Rng) {
        if p != self.p {
            *self = Self::new(p, rng);
        }
    }

    /// Whether the next trial succeeds. Draws from `rng` only on a success, to place the next.
    #[inline]
    pub fn succeeds(&mut self, rng: &mut Rng) -> bool {
        if self.failures_left > 0 {
            self.failures_left -= 1;
            return false;
        }
        self.failures_left = self.gap(rng);
        self.p > 0.0
    }

    /// The failures before the next success; with no chance of success, more than any run holds.
    fn gap(&self, rng: &mut Rng) -> u64 {
        if self.p <= 0.0 {
            return u64::MAX;
        }
        if self.p >= 1.0 {
            return 0;
        }
        let u = 1.0 - rng.random::<f64>();
        // The quotient is ≥ 0, so truncation is the floor; it saturates at u64::MAX for the
        // tiniest p, further than any run goes.
        (u.ln() / self.ln_miss) as u64
    }
}

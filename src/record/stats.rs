//! Means with 95% confidence intervals, for summary tables, comparisons and sweeps.
//!
//! A metric that cannot leave a range (a share, an index, a count of rounds) gets an interval
//! inside that range; see [`Range`] and `docs/MODEL.md`, "Confidence intervals".

/// The two-sided 95% normal quantile.
pub const Z: f64 = 1.96;

/// Mean and 95% confidence interval of the mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCi {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// The standard error of the mean, s/√n (0 for a single value).
    pub se: f64,
    /// How many values were present (empty cells are skipped).
    pub n: usize,
}

/// The values a metric can take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// Any real number: the interval is mean ± 1.96·s/√n.
    Unbounded,
    /// Between the two bounds: the interval is Wilson's score interval of the mean rescaled to
    /// [0, 1], at the largest variance a variable in this range can have with this mean.
    Between(f64, f64),
}

/// Wilson's score interval for a proportion `p` of `n` trials, at 95%.
pub fn wilson(p: f64, n: f64) -> (f64, f64) {
    let z2n = Z * Z / n;
    let centre = (p + z2n / 2.0) / (1.0 + z2n);
    let half = Z / (1.0 + z2n) * (p * (1.0 - p) / n + z2n / (4.0 * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The mean and CI of the present values; `None` when there are none.
pub fn mean_ci(values: impl IntoIterator<Item = Option<f64>>, range: Range) -> Option<MeanCi> {
    let mut acc = Accumulator::default();
    values.into_iter().for_each(|v| acc.push(v));
    acc.finish(range)
}

/// A running mean and variance (Welford's method), for values that stream by: memory does
/// not grow with their number. Fed in the same order, it gives the same bits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Accumulator {
    n: usize,
    mean: f64,
    m2: f64,
}

impl Accumulator {
    /// Adds a value; `None` (an empty cell) is skipped.
    pub fn push(&mut self, x: Option<f64>) {
        let Some(x) = x else { return };
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// The mean and its 95% CI for values in `range`.
    ///
    /// In a bounded range, a variable with mean μ has variance at most (high − μ)(μ − low)
    /// (the Bhatia–Davis inequality), which is a Bernoulli variable's p(1 − p) once rescaled.
    /// Wilson's score interval at that variance is therefore valid for any such metric: exact
    /// in form for a 0/1 metric, conservative for a share of rounds that varies less than a
    /// coin; it never leaves the range, and it keeps a width when every replicate gave the
    /// same value (all zeros in n replicates still allow a mean up to about 3.84/n).
    pub fn finish(&self, range: Range) -> Option<MeanCi> {
        let n = self.n;
        if n == 0 {
            return None;
        }
        let se = if n > 1 {
            (self.m2 / (n - 1) as f64 / n as f64).sqrt()
        } else {
            0.0
        };
        let (low, high) = match range {
            Range::Between(lo, hi) if hi > lo => {
                let p = ((self.mean - lo) / (hi - lo)).clamp(0.0, 1.0);
                let (a, b) = wilson(p, n as f64);
                (lo + (hi - lo) * a, lo + (hi - lo) * b)
            }
            Range::Between(lo, _) => (lo, lo),
            Range::Unbounded => (self.mean - Z * se, self.mean + Z * se),
        };
        Some(MeanCi {
            mean: self.mean,
            low,
            high,
            se,
            n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbounded_interval_is_the_mean_plus_minus_1_96_standard_errors() {
        let ci = mean_ci([Some(1.0), Some(2.0), Some(3.0), None], Range::Unbounded).unwrap();
        assert_eq!((ci.mean, ci.n), (2.0, 3));
        let half = 1.96 * (1.0f64 / 3.0).sqrt();
        assert!((ci.high - 2.0 - half).abs() < 1e-12 && (2.0 - ci.low - half).abs() < 1e-12);
        assert_eq!(mean_ci([None], Range::Unbounded), None);
    }

    #[test]
    fn wilson_matches_its_textbook_value() {
        // 8 successes in 10 trials: Wilson's 95% interval is [0.4902, 0.9433].
        let (low, high) = wilson(0.8, 10.0);
        assert!(
            (low - 0.4902).abs() < 1e-4 && (high - 0.9433).abs() < 1e-4,
            "{low} {high}"
        );
    }

    #[test]
    fn a_share_that_is_always_zero_keeps_an_upper_bound_above_zero() {
        let ci = mean_ci(std::iter::repeat_n(Some(0.0), 500), Range::Between(0.0, 1.0)).unwrap();
        assert_eq!(ci.low, 0.0);
        assert!(ci.high > 0.0 && ci.high < 4.0 / 500.0, "{}", ci.high);
    }

    #[test]
    fn a_bounded_interval_never_leaves_its_range() {
        let values = [Some(0.0), Some(0.0), Some(0.01), Some(1.0)];
        let ci = mean_ci(values, Range::Between(0.0, 1.0)).unwrap();
        assert!(ci.low >= 0.0 && ci.high <= 1.0 && ci.low < ci.mean && ci.mean < ci.high);
        let unbounded = mean_ci(values, Range::Unbounded).unwrap();
        assert!(unbounded.low < 0.0, "the normal interval would have gone below zero");
    }

    #[test]
    fn a_range_other_than_the_unit_is_rescaled() {
        let values = [Some(3.0), Some(6.0), Some(9.0)];
        let unit = mean_ci(values.map(|v| v.map(|x| x / 12.0)), Range::Between(0.0, 1.0)).unwrap();
        let rounds = mean_ci(values, Range::Between(0.0, 12.0)).unwrap();
        assert!((rounds.low - 12.0 * unit.low).abs() < 1e-12);
        assert!((rounds.high - 12.0 * unit.high).abs() < 1e-12);
    }
}

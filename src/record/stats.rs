//! Means with 95% confidence intervals, for summary tables, comparisons and sweeps.

/// Mean and 95% confidence interval of the mean (normal approximation, mean ± 1.96·s/√n).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCi {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// How many values were present (empty cells are skipped).
    pub n: usize,
}

/// The mean and CI of the present values; `None` when there are none.
pub fn mean_ci(values: impl IntoIterator<Item = Option<f64>>) -> Option<MeanCi> {
    let mut acc = Accumulator::default();
    values.into_iter().for_each(|v| acc.push(v));
    acc.finish()
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

    pub fn finish(&self) -> Option<MeanCi> {
        let n = self.n;
        if n == 0 {
            return None;
        }
        let half = if n > 1 {
            1.96 * (self.m2 / (n - 1) as f64 / n as f64).sqrt()
        } else {
            0.0
        };
        Some(MeanCi {
            mean: self.mean,
            low: self.mean - half,
            high: self.mean + half,
            n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_the_mean_plus_minus_1_96_standard_errors() {
        let ci = mean_ci([Some(1.0), Some(2.0), Some(3.0), None]).unwrap();
        assert_eq!((ci.mean, ci.n), (2.0, 3));
        let half = 1.96 * (1.0f64 / 3.0).sqrt();
        assert!((ci.high - 2.0 - half).abs() < 1e-12 && (2.0 - ci.low - half).abs() < 1e-12);
        assert_eq!(mean_ci([None]), None);
    }
}

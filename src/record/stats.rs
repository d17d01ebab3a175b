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
    let xs: Vec<f64> = values.into_iter().flatten().collect();
    let n = xs.len();
    if n == 0 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let half = if n > 1 {
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        1.96 * (var / n as f64).sqrt()
    } else {
        0.0
    };
    Some(MeanCi {
        mean,
        low: mean - half,
        high: mean + half,
        n,
    })
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

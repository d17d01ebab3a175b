//! Which points a sweep visits: `--vary` specifications, full-factorial grids and Latin
//! hypercubes.

use rand::RngExt;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::record::format::num_string;

/// How one key varies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Range {
    /// `LO:HI:STEP`: every step from LO to HI inclusive.
    Steps { lo: f64, hi: f64, step: f64 },
    /// `LO:HI`: a continuous range, for Latin hypercubes.
    Interval { lo: f64, hi: f64 },
    /// `A,B,C`: these values, as written (numbers, strategy names, any TOML value).
    List { values: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vary {
    /// The dotted key, as in `--set`; several joined by `+` take the same value together
    /// (`agents.usa.face_cost+agents.china.face_cost`), one column of `sweep.csv`.
    pub key: String,
    pub range: Range,
}

impl Vary {
    /// The `--set` assignments that give every key of this `--vary` the value `x`.
    pub fn assignments<'a>(&'a self, x: &'a str) -> impl Iterator<Item = String> + 'a {
        self.key.split('+').map(move |k| format!("{}={x}", k.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    /// Every combination of the listed values and steps.
    Grid,
    /// N points, one per stratum of each key's range.
    Lhs,
}

fn usage(spec: &str, why: &str) -> Error {
    Error::Usage(format!(
        "--vary {spec}: {why} (expected KEY=LO:HI:STEP, KEY=LO:HI or KEY=A,B,C)"
    ))
}

/// Parses one `--vary` argument.
pub fn parse_vary(spec: &str) -> Result<Vary, Error> {
    let (key, values) = spec.split_once('=').ok_or_else(|| usage(spec, "no `=`"))?;
    let key = key.trim();
    if key
        .split('+')
        .any(|k| k.trim().is_empty() || k.split('.').any(|s| s.trim().is_empty()))
    {
        return Err(usage(spec, "a key is empty"));
    }
    let num = |s: &str| -> Result<f64, Error> {
        let x: f64 = s
            .trim()
            .parse()
            .map_err(|_| usage(spec, &format!("`{s}` is not a number")))?;
        if x.is_finite() {
            Ok(x)
        } else {
            Err(usage(spec, &format!("`{s}` is not finite")))
        }
    };
    let parts: Vec<&str> = values.split(':').collect();
    let range = match parts.as_slice() {
        [lo, hi, step] => {
            let (lo, hi, step) = (num(lo)?, num(hi)?, num(step)?);
            if step <= 0.0 || hi < lo {
                return Err(usage(spec, "STEP must be > 0 and HI >= LO"));
            }
            Range::Steps { lo, hi, step }
        }
        [lo, hi] => {
            let (lo, hi) = (num(lo)?, num(hi)?);
            if hi < lo {
                return Err(usage(spec, "HI must be >= LO"));
            }
            Range::Interval { lo, hi }
        }
        [list] => {
            let values: Vec<String> = list.split(',').map(|v| v.trim().to_string()).collect();
            if values.iter().any(String::is_empty) {
                return Err(usage(spec, "an empty value in the list"));
            }
            Range::List { values }
        }
        _ => return Err(usage(spec, "too many `:`")),
    };
    Ok(Vary {
        key: key.to_string(),
        range,
    })
}

impl Range {
    /// The grid values of this range.
    fn grid_values(&self, spec_key: &str) -> Result<Vec<String>, Error> {
        match self {
            Range::Steps { lo, hi, step } => {
                // In floating point first: a span or a step count beyond any integer is refused,
                // not wrapped.
                let steps = (hi - lo) / step + 1e-9;
                if !steps.is_finite() || steps >= MAX_POINTS as f64 {
                    return Err(Error::Usage(format!(
                        "--vary {spec_key}: from {lo} to {hi} by {step} is more than {MAX_POINTS} values: take a larger STEP"
                    )));
                }
                let n = steps.floor() as usize + 1;
                Ok((0..n).map(|i| num_string(lo + i as f64 * step)).collect())
            }
            Range::Interval { .. } => Err(Error::Usage(format!(
                "--vary {spec_key}=LO:HI is a continuous range: give a STEP for a grid (LO:HI:STEP), or use --design lhs"
            ))),
            Range::List { values } => Ok(values.clone()),
        }
    }

    /// The value of stratum `k` of `n`, at position `u` in [0, 1) within it.
    fn lhs_value(&self, k: usize, n: usize, u: f64) -> String {
        let q = (k as f64 + u) / n as f64;
        match self {
            Range::Steps { lo, hi, .. } | Range::Interval { lo, hi } => num_string(lo + q * (hi - lo)),
            Range::List { values } => values[((q * values.len() as f64) as usize).min(values.len() - 1)].clone(),
        }
    }
}

/// Most points one sweep may have (shard a larger study into several sweeps).
pub const MAX_POINTS: usize = 1_000_000;

/// One point of a sweep: a value for each varied key, as `--set` text.
pub type Point = Vec<String>;

/// Every point of a grid, the first key varying slowest.
pub fn grid(vary: &[Vary]) -> Result<Vec<Point>, Error> {
    let axes: Vec<Vec<String>> = vary
        .iter()
        .map(|v| v.range.grid_values(&v.key))
        .collect::<Result<_, _>>()?;
    let total = axes.iter().map(Vec::len).fold(1usize, usize::saturating_mul);
    if total > MAX_POINTS {
        return Err(Error::Usage(format!(
            "this grid has {total} points; narrow it or use --design lhs"
        )));
    }
    let mut points = vec![Vec::new()];
    for axis in &axes {
        points = points
            .into_iter()
            .flat_map(|p| axis.iter().map(move |v| [p.clone(), vec![v.clone()]].concat()))
            .collect();
    }
    Ok(points)
}

/// A Latin hypercube of `n` points: for each key, the n strata of its range are each used
/// exactly once, in an order and at positions drawn from the seed's own stream.
pub fn latin_hypercube(vary: &[Vary], n: usize, seed: u64) -> Vec<Point> {
    // A stream no replicate uses (replicates take streams from 0 up).
    let mut rng = crate::model::rng::replicate_rng(seed, usize::MAX);
    let columns: Vec<Vec<String>> = vary
        .iter()
        .map(|v| {
            let mut strata: Vec<usize> = (0..n).collect();
            strata.shuffle(&mut rng);
            strata
                .into_iter()
                .map(|k| v.range.lhs_value(k, n, rng.random::<f64>()))
                .collect()
        })
        .collect();
    (0..n).map(|i| columns.iter().map(|c| c[i].clone()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_range_includes_both_ends_without_float_drift() {
        let v = parse_vary("agents.usa.perception.noise=0:0.3:0.1").unwrap();
        assert_eq!(grid(&[v]).unwrap(), [["0"], ["0.1"], ["0.2"], ["0.3"]]);
    }

    #[test]
    fn a_grid_takes_every_combination_first_key_slowest() {
        let a = parse_vary("rounds=10,20").unwrap();
        let b = parse_vary("agents.a.strategy=grim,pavlov,tit_for_tat").unwrap();
        let g = grid(&[a, b]).unwrap();
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], ["10", "grim"]);
        assert_eq!(g[3], ["20", "grim"]);
    }

    #[test]
    fn a_latin_hypercube_puts_exactly_one_point_in_each_stratum_of_each_key() {
        let vary = [parse_vary("x=0:1").unwrap(), parse_vary("y=10:20").unwrap()];
        let n = 50;
        let points = latin_hypercube(&vary, n, 7);
        for (k, (lo, hi)) in [(0.0, 1.0), (10.0, 20.0)].into_iter().enumerate() {
            let mut strata: Vec<usize> = points
                .iter()
                .map(|p| (((p[k].parse::<f64>().unwrap() - lo) / (hi - lo)) * n as f64).floor() as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(
            points,
            latin_hypercube(&vary, n, 7),
            "the same seed gives the same design"
        );
        assert_ne!(points, latin_hypercube(&vary, n, 8));
    }

    #[test]
    fn bad_specs_are_usage_errors() {
        for bad in ["noise", "=1,2", "x=1:0:0.1", "x=0:1:0", "x=a:b", "x=1,,2", "x=1:2:3:4"] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
        assert!(grid(&[parse_vary("x=0:1").unwrap()]).is_err(), "a grid needs steps");
    }
}

//! Cutting a sweep into disjoint slices for a cluster (`output::sweep::merge` joins them).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The I-th (1-based) of N contiguous slices of the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected I/N such as 2/8, found `{s}`"))?;
        let parse = |x: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| format!("expected I/N such as 2/8, found `{s}`"))
        };
        let (index, count) = (parse(i)?, parse(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {s}: I must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The point indices of this slice of `points`; slices are contiguous, disjoint and cover all.
    pub fn slice(&self, points: usize) -> std::ops::Range<usize> {
        // In 128 bits: k × points may exceed a usize when N is huge.
        let at = |k: usize| (k as u128 * points as u128 / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_contiguous_and_cover_every_point() {
        for points in [0, 1, 7, 10, 101] {
            for count in 1..=9 {
                let mut all = Vec::new();
                for index in 1..=count {
                    all.extend(Shard { index, count }.slice(points));
                }
                assert_eq!(
                    all,
                    (0..points).collect::<Vec<_>>(),
                    "{points} points in {count} shards"
                );
            }
        }
    }

    #[test]
    fn shard_syntax_is_checked() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "1/0", "2", "a/b"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}

//! Cutting a sweep into disjoint slices for a cluster, and merging the slices back into
//! exactly the `sweep.csv` the whole sweep writes.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Spec;
use crate::Error;
use crate::record::files;

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
        let at = |k: usize| k * points / self.count;
        at(self.index - 1)..at(self.index)
    }
}

fn header_end(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').map_or(b.len(), |i| i + 1)
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadResults {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Joins shard folders into `out`: `sweep.csv`, `sweep.json` and charts, byte for byte what
/// the unsharded sweep writes.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), Error> {
    let mut shards: Vec<(Shard, Spec, Vec<u8>, &PathBuf)> = Vec::new();
    for dir in dirs {
        let json = dir.join("sweep.json");
        let text =
            std::fs::read_to_string(&json).map_err(|_| bad(dir, "is not a sweep folder: it has no sweep.json"))?;
        let spec: Spec =
            serde_json::from_str(&text).map_err(|e| bad(&json, format!("is not a sweep description: {e}")))?;
        let shard = spec.shard.ok_or_else(|| bad(dir, "holds a whole sweep, not a shard"))?;
        let csv = dir.join("sweep.csv");
        let bytes = std::fs::read(&csv).map_err(|_| {
            bad(
                dir,
                format!(
                    "has no sweep.csv: shard {}/{} has not finished",
                    shard.index, shard.count
                ),
            )
        })?;
        shards.push((shard, spec, bytes, dir));
    }
    let Some(first) = shards.first() else {
        return Err(Error::Usage("merge needs at least one shard folder".into()));
    };
    let whole = Spec {
        shard: None,
        ..first.1.clone()
    };
    let count = first.0.count;
    let first_header = first.2[..header_end(&first.2)].to_vec();
    for (shard, spec, _, dir) in &shards {
        if (Spec {
            shard: None,
            ..spec.clone()
        }) != whole
            || shard.count != count
        {
            return Err(bad(
                dir,
                "belongs to another sweep (its sweep.json differs from the first shard's)",
            ));
        }
    }
    shards.sort_by_key(|s| s.0.index);
    for (k, (shard, _, _, dir)) in shards.iter().enumerate() {
        if shard.index != k + 1 {
            let why = if shard.index == k {
                "is a second copy of shard"
            } else {
                "follows a missing shard; expected shard"
            };
            return Err(bad(dir, format!("{why} {}/{count}", k + 1)));
        }
    }
    if shards.len() != count {
        return Err(Error::Usage(format!(
            "merge got {} of {count} shards; shards {}..={count} are missing",
            shards.len(),
            shards.len() + 1
        )));
    }
    let mut merged = first_header.clone();
    for (shard, _, bytes, dir) in &shards {
        let h = header_end(bytes);
        if bytes[..h] != first_header[..] {
            return Err(bad(dir, "has a different sweep.csv header"));
        }
        let rows = bytes[h..].iter().filter(|&&c| c == b'\n').count();
        if rows != shard.slice(whole.points).len() {
            return Err(bad(
                dir,
                format!(
                    "has {rows} rows where shard {}/{count} has {}",
                    shard.index,
                    shard.slice(whole.points).len()
                ),
            ));
        }
        merged.extend_from_slice(&bytes[h..]);
    }
    files::create_dir(out)?;
    let mut json = serde_json::to_vec_pretty(&whole).expect("a spec always serializes");
    json.push(b'\n');
    files::write(out.join("sweep.json"), &json)?;
    files::write(out.join("sweep.csv"), &merged)?;
    super::charts::draw(out)
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

//! One function per command of the `coexist` binary, with its arguments.

pub mod compare;
pub mod run;
pub mod strategies;
pub mod sweep;
pub mod tournament;
pub mod validate;

use std::path::PathBuf;

use crate::Error;

/// Runs `f` on a pool of `jobs` threads (all cores when `None`).
pub fn with_jobs<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T, Error> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        if n == 0 {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", jobs.unwrap_or(0))))?;
    Ok(pool.install(f))
}

/// The default scenario library and its output folder.
pub fn default_library() -> (PathBuf, PathBuf) {
    (PathBuf::from("scenarios"), PathBuf::from("output"))
}

//! One function per command of the `coexist` binary, with its arguments.

pub mod compare;
pub mod run;
pub mod strategies;
pub mod sweep;
pub mod tournament;
pub mod validate;

use std::path::PathBuf;

use crate::Error;

/// The flags of every command that plays scenarios: how many threads, and how much to say.
#[derive(Debug, clap::Args)]
pub struct Workers {
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// No progress bar and no messages.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Workers {
    /// Runs `f` on a pool of `--jobs` threads (all cores without it).
    pub fn install<T: Send>(&self, f: impl FnOnce() -> T + Send) -> Result<T, Error> {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.jobs {
            if n == 0 {
                return Err(Error::Usage("--jobs must be at least 1".into()));
            }
            builder = builder.num_threads(n);
        }
        let pool = builder
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", self.jobs.unwrap_or(0))))?;
        Ok(pool.install(f))
    }
}

/// The default scenario library and its output folder.
pub fn default_library() -> (PathBuf, PathBuf) {
    (PathBuf::from("scenarios"), PathBuf::from("output"))
}

//! One function per command of the `coexist` binary, with its arguments.

pub mod run;
pub mod strategies;
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

/// The command line as recorded in manifests: everything that can change a result,
/// nothing that cannot (`--jobs`, `--quiet`, `--out`), so reruns compare byte for byte.
pub fn recorded_command() -> Vec<String> {
    let mut out = vec!["coexist".to_string()];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let flag = a.split('=').next().unwrap_or("");
        if ["--jobs", "-j", "--out", "-o"].contains(&flag) {
            if !a.contains('=') {
                args.next();
            }
            continue;
        }
        if a == "--quiet" || a == "-q" {
            continue;
        }
        out.push(a);
    }
    out
}

/// The default scenario library and its output folder.
pub fn default_library() -> (PathBuf, PathBuf) {
    (PathBuf::from("scenarios"), PathBuf::from("output"))
}

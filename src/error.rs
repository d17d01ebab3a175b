//! The library's errors, and which exit code each maps to: 2 for bad input, 1 for a run that
//! failed, 130 for a run stopped by Ctrl-C.

use std::io;
use std::path::PathBuf;

use crate::scenario::{Diagnostic, Diagnostics};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file or override is wrong: the diagnostics say where and why.
    #[error("{0}")]
    Scenario(Diagnostics),
    /// A command-line argument is wrong in a way the argument parser cannot see.
    #[error("error: {0}")]
    Usage(String),
    #[error("error: cannot write `{}`: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("error: cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// A result folder given to a command that reads results is not one.
    #[error("error: `{}` {message}", path.display())]
    BadResults { path: PathBuf, message: String },
    /// A result folder would be replaced by a different result.
    #[error("error: `{}` {reason}\n  = help: give {elsewhere} to write this result elsewhere, or --force to replace that one", path.display())]
    Occupied {
        path: PathBuf,
        reason: String,
        elsewhere: String,
    },
    #[error("error: cannot draw `{}`: {message}", path.display())]
    Plot { path: PathBuf, message: String },
    /// A result overflowed although every input is bounded: a defect, and never written.
    #[error(
        "error: replicate {replicate} of `{scenario}` gave a `{metric}` that is not a finite number, so nothing was written\n  = note: every input is bounded so that this cannot happen: please report it with the scenario file"
    )]
    NotFinite {
        scenario: String,
        replicate: usize,
        metric: String,
    },
    #[error("error: interrupted; no result was replaced (a sweep run again resumes where it stopped)")]
    Interrupted,
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Scenario(_) | Error::Usage(_) | Error::BadResults { .. } | Error::Occupied { .. } => 2,
            Error::Write { .. } | Error::Read { .. } | Error::Plot { .. } | Error::NotFinite { .. } => 1,
            // As a shell reports a process stopped by SIGINT.
            Error::Interrupted => 130,
        }
    }

    pub fn write(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Scenario(d.into())
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Scenario(d)
    }
}

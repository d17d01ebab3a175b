//! Result folders: everything the commands write to disk (CSVs, manifests, charts and
//! reports), made from what the runner and the analyses return. Every file is written under
//! a temporary name and renamed into place once complete, and a run's folder as a whole is
//! built beside its target and renamed into place (`folder`).

pub mod charts;
pub mod claim;
pub mod compare;
pub mod csv;
pub mod files;
pub mod folder;
pub mod manifest;
pub mod progress;
pub mod report;
pub mod run;
pub mod sweep;
pub mod tournament;

pub use run::{Against, Parent, RunOptions, Trajectories, write_run};

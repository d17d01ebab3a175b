//! Turning rounds into files: per-round trajectories, per-replicate summaries,
//! per-round ensembles across replicates, and the manifest that says how they were made.

pub mod ensemble;
pub mod format;
pub mod stats;
pub mod summary;
pub mod timeline;
pub mod trajectory;

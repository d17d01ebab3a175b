//! Recorders: turning rounds into per-round trajectory rows, per-replicate summaries and
//! per-round ensembles across replicates, each output's columns declared once here.

pub mod ensemble;
pub mod format;
pub mod quantity;
pub mod stats;
pub mod summary;
pub mod timeline;
pub mod trajectory;

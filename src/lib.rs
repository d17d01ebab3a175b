//! coexist: an agent-based simulator of competitive/cooperative coexistence between two states.
//!
//! A scenario file ([`scenario`]) describes the world; the [`engine`] plays one replicate round
//! by round with [`strategy`] choices in the [`model`]'s world; [`record`] turns rounds into
//! trajectories, summaries and ensembles; [`run`] runs whole scenarios in parallel and writes them.

pub mod commands;
pub mod compare;
pub mod engine;
pub mod error;
pub mod model;
pub mod plot;
pub mod record;
pub mod report;
pub mod run;
pub mod scenario;
pub mod strategy;
pub mod sweep;
pub mod tournament;

pub use error::Error;

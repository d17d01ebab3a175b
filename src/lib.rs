//! coexist: an agent-based simulator of competitive/cooperative coexistence between two states.
//!
//! The layers, bottom to top (each imports only from those below it; `docs/ARCHITECTURE.md`
//! draws them): the [`model`] (actions, the game, the dynamics) and the [`strategy`] choices
//! made in it; a [`scenario`] file validated into a world; the [`engine`] playing one
//! replicate round by round; [`record`]ers turning rounds into rows and ensembles; the
//! [`runner`] playing many replicates in parallel, in order; the analyses built on it
//! ([`tournament`], [`sweep`], [`compare`]); [`plot`]'s charts; and [`output`], which writes
//! result folders. [`commands`] is the command line's glue; [`error`] and [`input`] (reading
//! what a user hands the program, bounded) serve every layer.

pub mod commands;
pub mod compare;
pub mod engine;
pub mod error;
pub mod input;
pub mod interrupt;
pub mod model;
pub mod output;
pub mod plot;
pub mod record;
pub mod runner;
pub mod scenario;
pub mod strategy;
pub mod sweep;
pub mod tournament;

pub use error::Error;

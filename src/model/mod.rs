//! The world the two states live in: actions, the base game, the relationship's
//! shared state, how each side reads the other, and what events do.

pub mod action;
pub mod belief;
pub mod calendar;
pub mod params;
pub mod payoff;
pub mod perception;
pub mod relationship;
pub mod rng;
pub mod trials;

pub use action::Action;
pub use belief::Belief;
pub use payoff::{Game, Stakes};
pub use rng::Rng;

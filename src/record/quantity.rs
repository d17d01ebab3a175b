//! The per-round quantities that output columns are made of, each named and read off a
//! [`Round`] in one place: `trajectories.csv` writes them, `ensemble.csv` bands them.

use crate::engine::Round;
use crate::model::Action;

/// A number recorded every round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Agent k's payoff this round.
    Payoff(usize),
    /// End-of-round tension.
    Tension,
    /// Agent k's end-of-round trust in the other.
    Trust(usize),
    /// Agent k's end-of-round securitization.
    Securitization(usize),
}

impl Quantity {
    /// The column name for agents `ids`.
    pub fn name(self, ids: [&str; 2]) -> String {
        match self {
            Quantity::Payoff(k) => format!("payoff_{}", ids[k]),
            Quantity::Tension => "tension".to_string(),
            Quantity::Trust(k) => format!("trust_{}", ids[k]),
            Quantity::Securitization(k) => format!("securitization_{}", ids[k]),
        }
    }

    #[inline(always)]
    pub fn read(self, r: &Round<'_>) -> f64 {
        match self {
            Quantity::Payoff(k) => r.payoffs[k],
            Quantity::Tension => r.tension,
            Quantity::Trust(k) => r.trust[k],
            Quantity::Securitization(k) => r.securitization[k],
        }
    }
}

/// An action recorded every round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// What agent k really played.
    Played(usize),
    /// What agent k perceived of the other's action.
    PerceivedBy(usize),
}

impl Move {
    pub fn name(self, ids: [&str; 2]) -> String {
        match self {
            Move::Played(k) => format!("action_{}", ids[k]),
            Move::PerceivedBy(k) => format!("perceived_by_{}", ids[k]),
        }
    }

    #[inline(always)]
    pub fn read(self, r: &Round<'_>) -> Action {
        match self {
            Move::Played(k) => r.actions[k],
            Move::PerceivedBy(k) => r.perceived[k],
        }
    }
}

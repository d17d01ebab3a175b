//! The base game: what each pair of actions pays before audiences, face and tension.

use serde::Serialize;

use super::action::Action;

/// `payoffs[mine][theirs]`, rows and columns in the order engage, markers, retaliate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Game {
    pub payoffs: [[f64; 3]; 3],
}

impl Default for Game {
    /// The prisoner's dilemma of Axelrod's tournaments on engage/retaliate
    /// (R = 3, S = 0, T = 5, P = 1), with markers in between.
    fn default() -> Self {
        Self {
            payoffs: [[3.0, 1.0, 0.0], [4.0, 2.0, 0.5], [5.0, 2.5, 1.0]],
        }
    }
}

/// One agent's own payoff terms beyond the base game (see [`crate::model::relationship::payoff`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stakes {
    /// Domestic reward for markers or retaliation, scaled by (1 + securitization).
    pub audience: f64,
    /// Cost of engaging when the other did not engage in the previous round.
    pub face_cost: f64,
    /// Retaliation's own cost.
    pub retaliation_cost: f64,
}

impl Game {
    pub fn payoff(&self, mine: Action, theirs: Action) -> f64 {
        self.payoffs[mine.index()][theirs.index()]
    }

    /// Reward for mutual engagement (R).
    pub fn reward(&self) -> f64 {
        self.payoff(Action::Engage, Action::Engage)
    }

    /// Sucker's payoff: I engage, they retaliate (S).
    pub fn sucker(&self) -> f64 {
        self.payoff(Action::Engage, Action::Retaliate)
    }

    /// Temptation: I retaliate, they engage (T).
    pub fn temptation(&self) -> f64 {
        self.payoff(Action::Retaliate, Action::Engage)
    }

    /// Punishment for mutual retaliation (P).
    pub fn punishment(&self) -> f64 {
        self.payoff(Action::Retaliate, Action::Retaliate)
    }

    /// Molander's (1985) optimal generosity for generous tit-for-tat,
    /// `min(1 − (T−R)/(R−S), (R−P)/(T−P))`, clamped to [0, 1]; 1/3 for (5, 3, 1, 0).
    pub fn molander_generosity(&self) -> f64 {
        let (t, r, p, s) = (self.temptation(), self.reward(), self.punishment(), self.sucker());
        let g = (1.0 - (t - r) / (r - s)).min((r - p) / (t - p));
        if g.is_finite() { g.clamp(0.0, 1.0) } else { 0.0 }
    }
}

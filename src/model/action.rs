//! The three moves of the engagement game, from the friendliest to the harshest.

use std::fmt;

use serde::Serialize;

/// What a state does in one round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Substantive engagement: visits, dialogue, concrete cooperation (C in the classic game).
    Engage,
    /// Laying down markers: talking points and grievances for one's own audience.
    Markers,
    /// Retributive action: sanctions, export controls, arms packages (D in the classic game).
    Retaliate,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Engage, Action::Markers, Action::Retaliate];

    /// Position in payoff tables and count arrays: engage 0, markers 1, retaliate 2.
    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn from_index(i: usize) -> Action {
        match i {
            0 => Action::Engage,
            1 => Action::Markers,
            _ => Action::Retaliate,
        }
    }

    /// How cooperative the move reads, the target that trust moves towards:
    /// engage 1, markers 0.5, retaliate 0.
    pub const fn score(self) -> f64 {
        match self {
            Action::Engage => 1.0,
            Action::Markers => 0.5,
            Action::Retaliate => 0.0,
        }
    }

    /// One step harsher, or `None` for retaliate.
    pub const fn harsher(self) -> Option<Action> {
        match self {
            Action::Engage => Some(Action::Markers),
            Action::Markers => Some(Action::Retaliate),
            Action::Retaliate => None,
        }
    }

    /// One step softer, or `None` for engage.
    pub const fn softer(self) -> Option<Action> {
        match self {
            Action::Engage => None,
            Action::Markers => Some(Action::Engage),
            Action::Retaliate => Some(Action::Markers),
        }
    }

    /// Toughness towards the other side, rewarded by a domestic audience.
    pub const fn is_tough(self) -> bool {
        !matches!(self, Action::Engage)
    }

    /// The harsher of two actions.
    pub fn harsher_of(self, other: Action) -> Action {
        if other.index() > self.index() { other } else { self }
    }

    /// The milder of two actions.
    pub fn milder_of(self, other: Action) -> Action {
        if other.index() < self.index() { other } else { self }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Action::Engage => "engage",
            Action::Markers => "markers",
            Action::Retaliate => "retaliate",
        }
    }

    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

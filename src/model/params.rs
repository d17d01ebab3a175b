//! The parameters of the world's dynamics, as validated from a scenario: tension and what
//! moves it, and each agent's trust, securitization, perception and execution errors.
//! Definitions are in `docs/MODEL.md`.

use serde::Serialize;

use super::action::Action;

#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    pub tension: TensionParams,
    /// Tension added by each action of either side: engage, markers, retaliate.
    pub effects: Effects,
    /// Payoff lost per unit of tension, by both sides, every round.
    pub tension_cost: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TensionParams {
    pub initial: f64,
    pub floor: f64,
    pub decay: f64,
    pub crisis: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Effects {
    pub engage: f64,
    pub markers: f64,
    pub retaliate: f64,
}

impl Effects {
    pub fn of(&self, action: Action) -> f64 {
        match action {
            Action::Engage => self.engage,
            Action::Markers => self.markers,
            Action::Retaliate => self.retaliate,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustParams {
    pub initial: f64,
    pub learning: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecuritizationParams {
    pub initial: f64,
    /// Added every round.
    pub drift: f64,
    /// Added after each round in which the agent perceived a retaliation.
    pub response: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerceptionParams {
    pub noise: f64,
    pub hostile_bias: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorParams {
    pub rate: f64,
    pub towards: ErrorMode,
}

/// Where an execution error sends an intended action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorMode {
    /// One step harsher (retaliate stays retaliate).
    Escalation,
    /// Uniformly one of the two other actions.
    Any,
    /// Engage and retaliate swap; markers stays (the classic prisoner's dilemma noise).
    Flip,
}

impl ErrorMode {
    pub const NAMES: [&'static str; 3] = ["escalation", "any", "flip"];

    pub fn parse(name: &str) -> Option<ErrorMode> {
        [ErrorMode::Escalation, ErrorMode::Any, ErrorMode::Flip]
            .into_iter()
            .zip(Self::NAMES)
            .find_map(|(mode, n)| (n == name).then_some(mode))
    }
}

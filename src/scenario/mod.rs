//! Scenarios: the validated description of one simulated world, and how it is
//! loaded from TOML files (`extends`, `--set` overrides, validation with spans).
//!
//! Past [`load()`], nothing reads raw TOML: the engine sees only these types.

pub mod diagnostic;
mod fields;
pub mod load;
pub mod source;
pub mod tree;
mod validate;

use serde::Serialize;

use crate::model::calendar::Calendar;
use crate::model::{Action, Game};
use crate::strategy::StrategySpec;
pub use diagnostic::Diagnostic;
pub use load::{load, load_with};

/// A complete, validated scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub rounds: usize,
    pub replicates: usize,
    pub seed: u64,
    pub calendar: Option<Calendar>,
    pub game: Game,
    pub relationship: Relationship,
    /// Exactly two, in file order: `<a>` and `<b>` of the output columns.
    pub agents: [AgentSpec; 2],
    pub channels: Vec<Channel>,
    pub issues: Vec<Issue>,
    /// Scheduled events, sorted by round (file order within a round).
    pub events: Vec<Event>,
    pub random_events: RandomEvents,
}

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
pub struct AgentSpec {
    pub id: String,
    pub label: String,
    pub strategy: StrategySpec,
    /// Domestic reward for markers or retaliation, scaled by (1 + securitization).
    pub audience: f64,
    /// Cost of engaging when the other did not engage in the previous round.
    pub face_cost: f64,
    /// Retaliation's own cost.
    pub retaliation_cost: f64,
    pub trust: TrustParams,
    pub securitization: SecuritizationParams,
    pub perception: PerceptionParams,
    pub errors: ErrorParams,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub name: String,
    pub open: bool,
    pub noise_reduction: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub name: String,
    pub salience: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// The round it happens in (1-based); an event after the last round never happens.
    pub round: usize,
    pub name: String,
    /// The tension shock before the issue's salience.
    pub tension: f64,
    pub issue: Option<String>,
    /// The issue's salience, or 1 without an issue.
    pub salience: f64,
    /// Trust shocks, by agent in file order.
    pub trust: [f64; 2],
    pub securitization: [f64; 2],
    /// Forced actions, by agent in file order, for `force_rounds` rounds from `round`.
    pub force: [Option<Action>; 2],
    pub force_rounds: usize,
    /// Channels opened (true) or closed (false), by index into `Scenario::channels`.
    pub channels: Vec<(usize, bool)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RandomEvents {
    /// Chance of an incident in each round.
    pub rate: f64,
    pub tension_min: f64,
    pub tension_max: f64,
    pub issue: Option<String>,
    pub salience: f64,
}

impl Scenario {
    /// The two agents' ids, `<a>` and `<b>`.
    pub fn ids(&self) -> [&str; 2] {
        [&self.agents[0].id, &self.agents[1].id]
    }
}

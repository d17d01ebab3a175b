//! Scenarios: the validated description of one simulated world, and how it is
//! loaded from TOML files (`extends`, `--set` overrides, validation with spans).
//!
//! Past [`load()`], nothing reads raw TOML: the engine sees only these types.

pub mod diagnostic;
mod fields;
pub mod load;
pub mod reference;
pub mod schema;
pub mod source;
pub mod tree;
mod validate;

use serde::Serialize;

use crate::model::calendar::Calendar;
use crate::model::params::{ErrorParams, PerceptionParams, Relationship, SecuritizationParams, TrustParams};
use crate::model::payoff::Stakes;
use crate::model::{Action, Game};
use crate::strategy::StrategySpec;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::{Override, extends_of, library, load, load_with, load_with_overrides};

/// Between the names of one round's events wherever they share a cell (`trajectories.csv`'s
/// `event`, chart labels); names may not contain `|`, so the list always splits back.
pub const NAME_SEPARATOR: &str = " | ";

/// A complete, validated scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The question the scenario asks, which its report opens with (empty if none).
    pub question: String,
    /// Where to look in its outputs, shown in its report (empty if none).
    pub look_at: String,
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
    /// What the loader noticed but did not refuse (an event cut off by `--set rounds=`), for
    /// commands to print; not part of the result.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentSpec {
    pub id: String,
    pub label: String,
    pub strategy: StrategySpec,
    /// The agent's own payoff terms beyond the base game.
    #[serde(flatten)]
    pub stakes: Stakes,
    pub trust: TrustParams,
    pub securitization: SecuritizationParams,
    pub perception: PerceptionParams,
    pub errors: ErrorParams,
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
    /// Whether this event's force replaces one still in effect (otherwise that is an error).
    pub force_overrides: bool,
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

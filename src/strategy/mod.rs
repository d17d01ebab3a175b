//! How a state chooses its intended action.
//!
//! A strategy sees only its agent's [`View`]: its own realised moves, what it
//! *perceived* of the other's moves (never their true moves), its trust, its
//! securitization and the shared tension. Each strategy lives in its own file and
//! declares its traits in a [`StrategyInfo`], the way the Axelrod library's
//! classifier does, and is registered once, in the `strategies!` list below.

pub mod params;
#[macro_use]
pub mod player;
pub mod registry;

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

pub use crate::model::Rng;
use crate::model::params::Relationship;
use crate::model::payoff::{Context, Incentives};
use crate::model::{Action, Belief, Game, Stakes};
pub use params::{ParamDefault, ParamInfo, ParamKind, ParamValue, Params};

/// What an agent knows when it chooses, in round `round` (1-based).
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub round: usize,
    /// My realised actions in rounds 1..round-1 (after my execution errors).
    pub mine: &'a [Action],
    /// The other's actions in rounds 1..round-1, as I perceived them.
    pub theirs: &'a [Action],
    /// What I believe the other will do, learned from what I perceived.
    pub belief: &'a Belief,
    /// The tension in force this round.
    pub tension: f64,
    pub securitization: f64,
    /// The game, my own payoff terms and the tension's dynamics: one reference, so that the
    /// view stays small enough to live in registers.
    pub incentives: &'a Incentives,
}

impl View<'_> {
    /// What the round's payoff depends on besides the actions, as I know it: my realised and
    /// the other's perceived last move.
    pub fn context(&self) -> Context {
        Context {
            my_previous: self.my_last(),
            their_previous: self.their_last(),
            securitization: self.securitization,
            tension: self.tension,
        }
    }

    /// The base game.
    pub fn game(&self) -> &Game {
        &self.incentives.game
    }

    /// My own payoff terms beyond the base game.
    pub fn stakes(&self) -> &Stakes {
        &self.incentives.stakes
    }

    /// The tension's dynamics and cost.
    pub fn relationship(&self) -> &Relationship {
        &self.incentives.relationship
    }

    /// The other's last perceived action, if any round has been played.
    pub fn their_last(&self) -> Option<Action> {
        self.theirs.last().copied()
    }

    /// My last realised action, if any round has been played.
    pub fn my_last(&self) -> Option<Action> {
        self.mine.last().copied()
    }
}

// Each strategy once, in the order `coexist strategies` lists them (see `player`).
strategies! {
    always_engage::AlwaysEngage,
    always_retaliate::AlwaysRetaliate,
    tit_for_tat::TitForTat,
    suspicious_tit_for_tat::SuspiciousTitForTat,
    tit_for_two_tats::TitForTwoTats,
    two_tits_for_tat::TwoTitsForTat,
    grim::Grim,
    pavlov::Pavlov,
    alternator::Alternator,
    random::Random(out_of_line),
    generous_tit_for_tat::Generous(out_of_line),
    contrite_tit_for_tat::ContriteTitForTat,
    always_markers::AlwaysMarkers,
    proportional::Proportional,
    face_saving::FaceSaving,
    grit::Grit(out_of_line),
    hawk::Hawk(out_of_line),
    memory_one::MemoryOne(out_of_line),
    adaptive::Adaptive(out_of_line),
    deliberate::Deliberate(out_of_line),
}

/// A decision rule with whatever memory it keeps between rounds.
pub trait Strategy: Send {
    /// The action this agent intends to play in `view.round`.
    fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action;

    /// Whether this strategy ever announces anything: the round loop asks [`Strategy::announces`]
    /// only of those that may.
    const MAY_ANNOUNCE: bool = false;

    /// Whether the choice just made comes with a public announcement of conciliatory intent
    /// (GRIT's), which the other may perceive and learn from.
    fn announces(&self) -> bool {
        false
    }
}

/// How far back a strategy looks, as in the Axelrod library's classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memory {
    /// Looks back this many rounds.
    Rounds(usize),
    /// Depends on the whole history (e.g. a grudge, learning).
    Unbounded,
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Memory::Rounds(n) => write!(f, "{n}"),
            Memory::Unbounded => f.write_str("inf"),
        }
    }
}

/// What in the [`View`] a strategy reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    OwnMoves,
    PerceivedMoves,
    Trust,
    Tension,
    Securitization,
    Payoffs,
    Beliefs,
}

impl Input {
    pub fn name(self) -> &'static str {
        match self {
            Input::OwnMoves => "own moves",
            Input::PerceivedMoves => "perceived moves",
            Input::Trust => "trust",
            Input::Tension => "tension",
            Input::Securitization => "securitization",
            Input::Payoffs => "payoffs",
            Input::Beliefs => "beliefs",
        }
    }
}

/// A strategy's name, rule, source, traits and parameters.
pub struct StrategyInfo {
    pub name: &'static str,
    /// The rule in one sentence.
    pub rule: &'static str,
    /// The published source.
    pub source: &'static str,
    pub memory: Memory,
    pub stochastic: bool,
    pub reads: &'static [Input],
    pub params: &'static [ParamInfo],
    /// Builds a fresh instance for one replicate; the params are already validated.
    pub build: fn(&Params, &Game) -> Player,
}

impl fmt::Debug for StrategyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A validated choice of strategy for one agent: which one and its parameters.
#[derive(Debug, Clone)]
pub struct StrategySpec {
    pub info: &'static StrategyInfo,
    pub params: Params,
}

impl StrategySpec {
    /// A spec with every parameter at its default.
    pub fn named(name: &str) -> Option<StrategySpec> {
        let info = registry::find(name)?;
        Some(StrategySpec {
            info,
            params: Params::defaults(info.params)?,
        })
    }

    pub fn build(&self, game: &Game) -> Player {
        (self.info.build)(&self.params, game)
    }
}

impl Serialize for StrategySpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + self.params.len()))?;
        map.serialize_entry("kind", self.info.name)?;
        for (name, value) in self.params.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Draws an action with probability proportional to `weights` (engage, markers, retaliate).
pub fn sample(weights: [f64; 3], rng: &mut Rng) -> Action {
    use rand::RngExt;
    let total: f64 = weights.iter().sum();
    let u = rng.random::<f64>() * total;
    // Without branches on `u`: a random choice defeats the branch predictor. The same
    // comparisons as walking the weights and subtracting each one passed.
    let past_engage = u >= weights[0];
    let past_markers = past_engage & (u - weights[0] >= weights[1]);
    let pick = usize::from(past_engage) + usize::from(past_markers);
    // Rounding can carry u past the last weight: never go beyond the last action that has
    // weight (engage when none has).
    let last = if weights[2] > 0.0 {
        2
    } else {
        usize::from(weights[1] > 0.0)
    };
    Action::ALL[pick.min(last)]
}

#[cfg(test)]
mod tests {
    use super::sample;
    use crate::model::Action;
    use crate::model::rng::replicate_rng;

    fn counts(weights: [f64; 3], draws: usize) -> [usize; 3] {
        let mut rng = replicate_rng(7, 0);
        let mut counts = [0; 3];
        for _ in 0..draws {
            counts[sample(weights, &mut rng).index()] += 1;
        }
        counts
    }

    #[test]
    fn sample_never_picks_an_action_without_weight() {
        assert_eq!(counts([1.0, 2.0, 0.0], 10_000)[Action::Retaliate.index()], 0);
        assert_eq!(counts([0.0, 1.0, 0.0], 1_000), [0, 1_000, 0]);
    }

    #[test]
    fn sample_with_no_weight_at_all_picks_engage() {
        assert_eq!(counts([0.0; 3], 100), [100, 0, 0]);
    }

    #[test]
    fn sample_picks_in_proportion_to_the_weights() {
        let [e, m, r] = counts([1.0, 1.0, 2.0], 40_000).map(|c| c as f64 / 40_000.0);
        assert!(
            (e - 0.25).abs() < 0.01 && (m - 0.25).abs() < 0.01 && (r - 0.5).abs() < 0.01,
            "{e} {m} {r}"
        );
    }
}

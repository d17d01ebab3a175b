//! Always markers: recites talking points every round, neither engaging nor retaliating.
//! Source: the essay's "laying down markers" for one's own team (Campbell, quoted in "The Slow, Bumpy Road of U.S.-China Diplomacy", 2023).

use super::{Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "always_markers",
    rule: "Lays down markers every round.",
    source: "the essay's \"laying down markers\"; Sartori 2002 on diplomacy as cheap talk",
    memory: Memory::Rounds(0),
    stochastic: false,
    reads: &[],
    params: &[],
    build: |_, _| AlwaysMarkers.into(),
};

pub struct AlwaysMarkers;

impl Strategy for AlwaysMarkers {
    fn choose(&mut self, _view: &View<'_>, _rng: &mut Rng) -> Action {
        Action::Markers
    }
}

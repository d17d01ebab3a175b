//! Alternator: engages first, then alternates its own realised moves.
//! Source: the Axelrod library's `Alternator`; markers count as not engaging.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "alternator",
    rule: "Engages first, then retaliates after its own engagement and engages after anything else.",
    source: "Axelrod library Alternator",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::OwnMoves],
    params: &[],
    build: |_, _| Alternator.into(),
};

pub struct Alternator;

impl Strategy for Alternator {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        match v.my_last() {
            Some(Action::Engage) => Action::Retaliate,
            _ => Action::Engage,
        }
    }
}

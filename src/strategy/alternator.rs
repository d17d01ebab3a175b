//! Alternator: engages first, then alternates its own realised moves.
//! Source: the Axelrod library's `Alternator`; markers count as not engaging.

use super::{Input, Memory, Stateless, StrategyInfo};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "alternator",
    rule: "Engages first, then retaliates after its own engagement and engages after anything else.",
    source: "Axelrod library Alternator",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::OwnMoves],
    params: &[],
    build: |_, _| {
        Box::new(Stateless(|v| match v.my_last() {
            Some(Action::Engage) => Action::Retaliate,
            _ => Action::Engage,
        }))
    },
};

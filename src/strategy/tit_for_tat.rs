//! Tit for tat: engages first, then plays what it perceived the other play last round.
//! Source: Rapoport's entry in Axelrod (1980, 1984); the Axelrod library's `TitForTat`.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "tit_for_tat",
    rule: "Engages first, then copies the other's last perceived action.",
    source: "Axelrod 1984 (Rapoport's TitForTat)",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| TitForTat.into(),
};

pub struct TitForTat;

impl Strategy for TitForTat {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        v.their_last().unwrap_or(Action::Engage)
    }
}

//! Tit for two tats: answers only two hostile moves in a row, with the milder of the two.
//! Source: Axelrod (1984), the entry that would have won the first tournament;
//! the Axelrod library's `TitForTwoTats` (D iff the opponent's last two moves were D, D).

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "tit_for_two_tats",
    rule: "Engages unless the other was hostile in both of the last two rounds; then plays the milder of those two moves.",
    source: "Axelrod 1984; Axelrod library TitForTwoTats",
    memory: Memory::Rounds(2),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| TitForTwoTats.into(),
};

pub struct TitForTwoTats;

impl Strategy for TitForTwoTats {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        match v.theirs {
            [.., a, b] if a.is_tough() && b.is_tough() => a.milder_of(*b),
            _ => Action::Engage,
        }
    }
}

//! Two tits for tat: answers each hostile move twice, with the harshest move of the last two rounds.
//! Source: Axelrod (1984); the Axelrod library's `TwoTitsForTat` (D iff D among the opponent's last two moves).

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "two_tits_for_tat",
    rule: "Plays the harshest of the other's last two perceived actions (engages first).",
    source: "Axelrod 1984; Axelrod library TwoTitsForTat",
    memory: Memory::Rounds(2),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| TwoTitsForTat.into(),
};

pub struct TwoTitsForTat;

impl Strategy for TwoTitsForTat {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        {
            let recent = &v.theirs[v.theirs.len().saturating_sub(2)..];
            recent.iter().copied().fold(Action::Engage, Action::harsher_of)
        }
    }
}

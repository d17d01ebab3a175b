//! Suspicious tit for tat: retaliates first, then plays what it perceived the other play last round.
//! Source: Beaufils, Delahaye & Mathieu (1997); the Axelrod library's `SuspiciousTitForTat`.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "suspicious_tit_for_tat",
    rule: "Retaliates first, then copies the other's last perceived action.",
    source: "Beaufils, Delahaye & Mathieu 1997; Axelrod library SuspiciousTitForTat",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| SuspiciousTitForTat.into(),
};

pub struct SuspiciousTitForTat;

impl Strategy for SuspiciousTitForTat {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        v.their_last().unwrap_or(Action::Retaliate)
    }
}

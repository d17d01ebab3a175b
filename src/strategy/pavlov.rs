//! Pavlov (win-stay, lose-shift): engages iff both sides played the same action last round.
//! Source: Nowak & Sigmund (1993), *Nature* 364:56–58; the Axelrod library's `WinStayLoseShift`.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "pavlov",
    rule: "Engages first, then engages iff its own last action equals the other's last perceived action, else retaliates.",
    source: "Nowak & Sigmund 1993; Axelrod library WinStayLoseShift",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::OwnMoves, Input::PerceivedMoves],
    params: &[],
    build: |_, _| Pavlov.into(),
};

pub struct Pavlov;

impl Strategy for Pavlov {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        match (v.my_last(), v.their_last()) {
            (Some(mine), Some(theirs)) if mine != theirs => Action::Retaliate,
            _ => Action::Engage,
        }
    }
}

//! Grim trigger (Grudger): engages until the other is ever perceived to retaliate, then retaliates forever.
//! Source: Friedman (1971); the Axelrod library's `Grudger`. Markers alone do not pull the trigger.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "grim",
    rule: "Engages until the other is ever perceived to retaliate, then retaliates forever.",
    source: "Friedman 1971; Axelrod library Grudger",
    memory: Memory::Unbounded,
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| Grim { triggered: false }.into(),
};

pub struct Grim {
    triggered: bool,
}

impl Strategy for Grim {
    fn choose(&mut self, view: &View<'_>, _rng: &mut Rng) -> Action {
        self.triggered |= view.their_last() == Some(Action::Retaliate);
        if self.triggered {
            Action::Retaliate
        } else {
            Action::Engage
        }
    }
}

//! Proportional response: answers a first retaliation with markers and escalates to retaliation only if it repeats.
//! Source: the essay's call for proportionate, non-escalatory answers; Osgood (1962) on
//! proportionate response; Fearon (1997) on markers as cheap signals before costly ones.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "proportional",
    rule: "Engages after engagement, answers markers with markers, a first retaliation with markers and a repeated one with retaliation.",
    source: "Osgood 1962 (proportionate response); the essay",
    memory: Memory::Rounds(2),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| Proportional.into(),
};

pub struct Proportional;

impl Strategy for Proportional {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        match v.theirs {
            [.., Action::Retaliate, Action::Retaliate] => Action::Retaliate,
            [.., Action::Retaliate] | [.., Action::Markers] => Action::Markers,
            _ => Action::Engage,
        }
    }
}

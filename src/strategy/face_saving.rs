//! Face saving: never engages first; engages only right after the other engaged, else lays down markers.
//! Source: the essay's symmetric "spin cycle", where each side wants engagement but casts the
//! other as the supplicant; Fearon (1994) on the audience costs of backing down.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "face_saving",
    rule: "Opens with markers; engages only after the other engaged, answers retaliation in kind and anything else with markers.",
    source: "the essay (the other as the supplicant); Fearon 1994",
    memory: Memory::Rounds(1),
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[],
    build: |_, _| FaceSaving.into(),
};

pub struct FaceSaving;

impl Strategy for FaceSaving {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        match v.their_last() {
            Some(Action::Engage) => Action::Engage,
            Some(Action::Retaliate) => Action::Retaliate,
            _ => Action::Markers,
        }
    }
}

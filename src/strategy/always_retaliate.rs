//! Always retaliate (ALLD, Defector): retaliates every round whatever happens.
//! Source: Axelrod (1984), *The Evolution of Cooperation*; the Axelrod library's `Defector`.

use super::{Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "always_retaliate",
    rule: "Retaliates every round.",
    source: "Axelrod 1984, The Evolution of Cooperation (Defector)",
    memory: Memory::Rounds(0),
    stochastic: false,
    reads: &[],
    params: &[],
    build: |_, _| AlwaysRetaliate.into(),
};

pub struct AlwaysRetaliate;

impl Strategy for AlwaysRetaliate {
    fn choose(&mut self, _view: &View<'_>, _rng: &mut Rng) -> Action {
        Action::Retaliate
    }
}

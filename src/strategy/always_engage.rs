//! Always engage (ALLC, Cooperator): engages every round whatever happens.
//! Source: Axelrod (1984), *The Evolution of Cooperation*; the Axelrod library's `Cooperator`.

use super::{Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "always_engage",
    rule: "Engages every round.",
    source: "Axelrod 1984, The Evolution of Cooperation (Cooperator)",
    memory: Memory::Rounds(0),
    stochastic: false,
    reads: &[],
    params: &[],
    build: |_, _| AlwaysEngage.into(),
};

pub struct AlwaysEngage;

impl Strategy for AlwaysEngage {
    fn choose(&mut self, _view: &View<'_>, _rng: &mut Rng) -> Action {
        Action::Engage
    }
}

//! Random: plays each action with a fixed probability, uniform unless `weights` are given.
//! Source: Axelrod (1980)'s RANDOM entry; the Axelrod library's `Random`.

use super::{Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View, sample};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "random",
    rule: "Draws each action independently with probabilities proportional to `weights`.",
    source: "Axelrod 1980 (RANDOM); Axelrod library Random",
    memory: Memory::Rounds(0),
    stochastic: true,
    reads: &[],
    params: &[ParamInfo {
        name: "weights",
        kind: ParamKind::Weights,
        default: ParamDefault::Vector([1.0, 1.0, 1.0]),
        doc: "relative weights of [engage, markers, retaliate]; [1, 0, 1] is the classic coin flip",
    }],
    build: |params, _| {
        Random {
            weights: params.vector("weights"),
        }
        .into()
    },
};

pub struct Random {
    weights: [f64; 3],
}

impl Strategy for Random {
    fn choose(&mut self, _view: &View<'_>, rng: &mut Rng) -> Action {
        sample(self.weights, rng)
    }
}

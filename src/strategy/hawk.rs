//! Hawk: retaliates with a probability that grows with its securitization, else plays tit for tat.
//! Source: the essay's "expanding definition of national security"; Jervis (1976, 1978) on
//! the spiral model, where threat perception drives hostile moves.

use rand::RngExt;

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "hawk",
    rule: "Retaliates with probability min(1, base + sensitivity * securitization); otherwise copies the other's last perceived action.",
    source: "Jervis 1976/1978 (spiral model); the essay's securitization",
    memory: Memory::Rounds(1),
    stochastic: true,
    reads: &[Input::PerceivedMoves, Input::Securitization],
    params: &[
        ParamInfo {
            name: "base",
            kind: ParamKind::Probability,
            default: ParamDefault::Number(0.05),
            doc: "chance of retaliating with no securitization",
        },
        ParamInfo {
            name: "sensitivity",
            kind: ParamKind::NonNegative,
            default: ParamDefault::Number(1.0),
            doc: "added chance of retaliating per unit of securitization",
        },
    ],
    build: |params, _| {
        Hawk {
            base: params.number("base"),
            sensitivity: params.number("sensitivity"),
        }
        .into()
    },
};

pub struct Hawk {
    base: f64,
    sensitivity: f64,
}

impl Strategy for Hawk {
    fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
        let p = (self.base + self.sensitivity * view.securitization).min(1.0);
        if rng.random::<f64>() < p {
            Action::Retaliate
        } else {
            view.their_last().unwrap_or(Action::Engage)
        }
    }
}

//! Generous tit for tat: tit for tat that answers a hostile move with engagement anyway with probability `generosity`.
//! Source: Nowak & Sigmund (1992), *Nature* 355:250; default generosity is Molander's (1985)
//! optimum `min(1 − (T−R)/(R−S), (R−P)/(T−P))` from the scenario's payoffs; the Axelrod library's `GTFT`.

use rand::RngExt;

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "generous_tit_for_tat",
    rule: "Engages first and after engagement; after a hostile move engages with probability `generosity`, else copies it.",
    source: "Nowak & Sigmund 1992; Molander 1985; Axelrod library GTFT",
    memory: Memory::Rounds(1),
    stochastic: true,
    reads: &[Input::PerceivedMoves, Input::Payoffs],
    params: &[ParamInfo {
        name: "generosity",
        kind: ParamKind::Probability,
        default: ParamDefault::Derived,
        doc: "chance of engaging after a hostile move; default min(1 - (T-R)/(R-S), (R-P)/(T-P)) from the payoffs (1/3 for 5,3,1,0)",
    }],
    build: |params, game| {
        Generous {
            generosity: params
                .optional_number("generosity")
                .unwrap_or_else(|| game.molander_generosity()),
        }
        .into()
    },
};

pub struct Generous {
    generosity: f64,
}

impl Strategy for Generous {
    fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
        match view.their_last() {
            None | Some(Action::Engage) => Action::Engage,
            Some(hostile) => {
                if rng.random::<f64>() < self.generosity {
                    Action::Engage
                } else {
                    hostile
                }
            }
        }
    }
}

//! Memory one: plays from a 3×3 table, one row of action probabilities for each perceived last action of the other.
//! Source: Nowak & Sigmund (1990, 1993) memory-one strategies, here over three actions;
//! Press & Dyson (2012) on what such tables can enforce.

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View, sample};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "memory_one",
    rule: "Draws its action from row k of `table`, where k is the other's last perceived action; opens from `first`.",
    source: "Nowak & Sigmund 1990, 1993 (memory-one strategies)",
    memory: Memory::Rounds(1),
    stochastic: true,
    reads: &[Input::PerceivedMoves],
    params: &[
        ParamInfo {
            name: "table",
            kind: ParamKind::StochasticTable,
            default: ParamDefault::Required,
            doc: "rows: the other's last perceived action (engage, markers, retaliate); columns: my probabilities of engage, markers, retaliate",
        },
        ParamInfo {
            name: "first",
            kind: ParamKind::Weights,
            default: ParamDefault::Vector([1.0, 0.0, 0.0]),
            doc: "weights of my first action",
        },
    ],
    build: |params, _| {
        MemoryOne {
            table: params.table("table"),
            first: params.vector("first"),
        }
        .into()
    },
};

pub struct MemoryOne {
    table: [[f64; 3]; 3],
    first: [f64; 3],
}

impl Strategy for MemoryOne {
    fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
        let weights = match view.their_last() {
            Some(last) => self.table[last.index()],
            None => self.first,
        };
        sample(weights, rng)
    }
}

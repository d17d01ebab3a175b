//! Contrite tit for tat: tit for tat that, after its own accidental harsher move against an
//! engaging other, does not answer the retaliation it provoked and engages until it has.
//! Source: Wu & Axelrod (1995), "How to Cope with Noise in the Iterated Prisoner's Dilemma",
//! *JCR* 39:183–189; the Axelrod library's `ContriteTitForTat`.

use super::{Input, Memory, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "contrite_tit_for_tat",
    rule: "Tit for tat, except that after its own move came out harsher than meant while the other engaged, it engages until one of its engagements has been played.",
    source: "Wu & Axelrod 1995; Axelrod library ContriteTitForTat",
    memory: Memory::Rounds(3),
    stochastic: false,
    reads: &[Input::OwnMoves, Input::PerceivedMoves],
    params: &[],
    build: |_, _| {
        ContriteTitForTat {
            contrite: false,
            intended: None,
        }
        .into()
    },
};

pub struct ContriteTitForTat {
    contrite: bool,
    /// What it meant to play last round.
    intended: Option<Action>,
}

impl ContriteTitForTat {
    fn rule(&mut self, v: &View<'_>) -> Action {
        let (Some(mine), Some(theirs)) = (v.my_last(), v.their_last()) else {
            return Action::Engage;
        };
        // Contrite but managed to engage: the apology is made.
        if self.contrite && mine == Action::Engage {
            self.contrite = false;
            return Action::Engage;
        }
        let accident = self.intended.is_some_and(|meant| mine.index() > meant.index());
        if accident && theirs == Action::Engage {
            self.contrite = true;
        }
        theirs
    }
}

impl Strategy for ContriteTitForTat {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        let action = self.rule(v);
        self.intended = Some(action);
        action
    }
}

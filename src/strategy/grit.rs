//! GRIT: opens a conciliatory initiative of up to `steps` unreturned engagements, reciprocates engagement,
//! answers retaliation proportionately (once), and after an unreturned initiative waits `pause` rounds of
//! markers before announcing the next one.
//! Source: Osgood (1962), *An Alternative to War or Surrender* (graduated reciprocation in
//! tension-reduction); Lindskold (1978) on its laboratory tests. No standard formal definition
//! exists; this one is documented in `docs/MODEL.md`.

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "grit",
    rule: "Engages unilaterally for up to `steps` unreturned rounds, reciprocates engagement, answers each retaliation once in kind, then pauses `pause` rounds of markers before a new initiative.",
    source: "Osgood 1962 (GRIT); Lindskold 1978",
    memory: Memory::Unbounded,
    stochastic: false,
    reads: &[Input::PerceivedMoves],
    params: &[
        ParamInfo {
            name: "steps",
            kind: ParamKind::Count,
            default: ParamDefault::Number(3.0),
            doc: "unreturned engagements in one initiative before pausing",
        },
        ParamInfo {
            name: "pause",
            kind: ParamKind::Count,
            default: ParamDefault::Number(2.0),
            doc: "rounds of markers between an unreturned initiative and the next",
        },
    ],
    build: |params, _| {
        Grit {
            steps: params.number("steps") as u32,
            pause: params.number("pause") as u32,
            unreturned: 0,
            paused: 0,
        }
        .into()
    },
};

pub struct Grit {
    steps: u32,
    pause: u32,
    /// Engagements of the current initiative that the other has not returned.
    unreturned: u32,
    /// Rounds of markers left before the next initiative.
    paused: u32,
}

impl Grit {
    fn conciliate(&mut self) -> Action {
        if self.paused > 0 {
            self.paused -= 1;
            return Action::Markers;
        }
        if self.unreturned >= self.steps {
            // The initiative went unreturned: pause, then announce a new one.
            self.unreturned = 0;
            if self.pause > 0 {
                self.paused = self.pause - 1;
                return Action::Markers;
            }
        }
        if self.steps == 0 {
            return Action::Markers;
        }
        self.unreturned += 1;
        Action::Engage
    }
}

impl Strategy for Grit {
    fn choose(&mut self, view: &View<'_>, _rng: &mut Rng) -> Action {
        match view.their_last() {
            Some(Action::Retaliate) => Action::Retaliate,
            Some(Action::Engage) => {
                self.unreturned = 0;
                self.paused = 0;
                Action::Engage
            }
            None | Some(Action::Markers) => self.conciliate(),
        }
    }
}

//! GRIT: announces a conciliatory initiative and engages unilaterally for up to `steps`
//! unreturned rounds, each returned initiative making the next one a step longer; returns
//! engagement; answers retaliation in kind (an exploited step once, then a pause of `pause`
//! rounds of markers before the next announced initiative).
//! Source: Osgood (1962), *An Alternative to War or Surrender* (graduated reciprocation in
//! tension-reduction); Lindskold (1978) on its laboratory tests. No standard formal definition
//! exists; this one is documented in `docs/MODEL.md`.

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View};
use crate::model::Action;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "grit",
    rule: "Announces an initiative and engages for up to `steps` unreturned rounds (one more after each returned initiative), returns engagement, answers retaliation in kind, and after an unreturned or exploited initiative lays down markers for `pause` rounds before announcing the next.",
    source: "Osgood 1962 (GRIT); Lindskold 1978",
    memory: Memory::Unbounded,
    stochastic: false,
    reads: &[Input::OwnMoves, Input::PerceivedMoves],
    params: &[
        ParamInfo {
            name: "steps",
            kind: ParamKind::Count,
            default: ParamDefault::Number(3.0),
            doc: "unreturned engagements the first initiative offers before pausing",
        },
        ParamInfo {
            name: "pause",
            kind: ParamKind::Count,
            default: ParamDefault::Number(2.0),
            doc: "rounds of markers between an unreturned or exploited initiative and the next",
        },
    ],
    build: |params, _| {
        Grit {
            steps: params.number("steps") as u32,
            pause: params.number("pause") as u32,
            unreturned: 0,
            paused: 0,
            open: false,
            announcing: false,
        }
        .into()
    },
};

pub struct Grit {
    /// Unreturned engagements the current initiative offers.
    steps: u32,
    pause: u32,
    /// Engagements of the current initiative really played and not returned.
    unreturned: u32,
    /// Rounds of markers left before the next initiative.
    paused: u32,
    /// Whether an announced initiative awaits its first return.
    open: bool,
    /// Whether this round's choice starts an initiative, announced.
    announcing: bool,
}

impl Grit {
    /// Starts a new, announced initiative.
    fn announce(&mut self) -> Action {
        if self.steps == 0 {
            return Action::Markers;
        }
        self.announcing = true;
        self.open = true;
        self.unreturned = 0;
        Action::Engage
    }

    /// Lays down markers for the rest of a pause, or starts the next initiative.
    fn wait_or_announce(&mut self) -> Action {
        if self.paused > 0 {
            self.paused -= 1;
            return Action::Markers;
        }
        self.announce()
    }

    /// Pauses after a failed initiative, this round included.
    fn pause_now(&mut self) {
        self.unreturned = 0;
        self.open = false;
        self.paused = self.pause.saturating_sub(1);
    }
}

impl Strategy for Grit {
    fn choose(&mut self, v: &View<'_>, _rng: &mut Rng) -> Action {
        self.announcing = false;
        let (Some(mine), Some(theirs)) = (v.my_last(), v.their_last()) else {
            return self.announce();
        };
        let stepped = mine == Action::Engage;
        match theirs {
            Action::Engage => {
                // Returned: the next initiative may offer one step more.
                if stepped && self.open {
                    self.steps = self.steps.saturating_add(1);
                }
                self.open = false;
                self.unreturned = 0;
                self.paused = 0;
                Action::Engage
            }
            Action::Retaliate => {
                if stepped {
                    // Exploited: answer once in kind, then pause.
                    self.pause_now();
                    self.paused = self.pause;
                }
                Action::Retaliate
            }
            Action::Markers if stepped && self.open => {
                // Only steps really taken count (not rounds an event forced).
                self.unreturned += 1;
                if self.unreturned >= self.steps {
                    self.pause_now();
                    if self.pause > 0 {
                        return Action::Markers;
                    }
                    return self.announce();
                }
                Action::Engage
            }
            Action::Markers => self.wait_or_announce(),
        }
    }

    const MAY_ANNOUNCE: bool = true;

    fn announces(&self) -> bool {
        self.announcing
    }
}

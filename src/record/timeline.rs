//! The full story of one replicate, for the timeline chart: what each side did, how the
//! other read it, and what happened.

use crate::engine::{Observer, Round};
use crate::model::Action;
use crate::record::trajectory::event_label;

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Rounds played, of which the first [`TIMELINE_ROUNDS`] are kept.
    pub rounds: usize,
    pub actions: Vec<[Action; 2]>,
    /// `perceived[t][0]`: what `<a>` read of `<b>`; `[1]`: what `<b>` read of `<a>`.
    pub perceived: Vec<[Action; 2]>,
    /// The `event` column of each round.
    pub events: Vec<String>,
}

/// Most rounds a timeline keeps: a cell per round stops being readable long before, and a
/// long run's timeline stays small.
pub const TIMELINE_ROUNDS: usize = 240;

impl Observer for Timeline {
    fn round(&mut self, r: &Round<'_>) {
        self.rounds += 1;
        if self.actions.len() >= TIMELINE_ROUNDS {
            return;
        }
        self.actions.push(r.actions);
        self.perceived.push(r.perceived);
        let mut label = String::new();
        event_label(&mut label, r.scheduled, r.incident);
        self.events.push(label);
    }
}

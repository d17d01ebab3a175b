//! The full story of one replicate, for the timeline chart: what each side did, how the
//! other read it, and what happened.

use crate::engine::{Observer, Round};
use crate::model::Action;
use crate::record::trajectory::event_label;

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub actions: Vec<[Action; 2]>,
    /// `perceived[t][0]`: what `<a>` read of `<b>`; `[1]`: what `<b>` read of `<a>`.
    pub perceived: Vec<[Action; 2]>,
    /// The `event` column of each round.
    pub events: Vec<String>,
}

impl Observer for Timeline {
    fn round(&mut self, r: &Round<'_>) {
        self.actions.push(r.actions);
        self.perceived.push(r.perceived);
        let mut label = String::new();
        event_label(&mut label, r.scheduled, r.incident);
        self.events.push(label);
    }
}

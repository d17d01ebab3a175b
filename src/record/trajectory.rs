//! `trajectories.csv`: one row per round of each recorded replicate.

use crate::engine::{Observer, Plan, Round};
use crate::record::format::num;

/// The header row for agents `<a>` and `<b>`.
pub fn header(ids: [&str; 2]) -> Vec<String> {
    let pair = |prefix: &str| ids.map(|id| format!("{prefix}_{id}"));
    let mut h: Vec<String> = ["replicate", "round", "date"].map(String::from).to_vec();
    h.extend(["action", "perceived_by", "payoff"].iter().flat_map(|p| pair(p)));
    h.push("tension".into());
    h.extend(["trust", "securitization"].iter().flat_map(|p| pair(p)));
    h.push("event".into());
    h
}

/// Writes the rows of one replicate as CSV into a buffer.
pub struct TrajectoryWriter<'p> {
    plan: &'p Plan<'p>,
    replicate: String,
    out: csv::Writer<Vec<u8>>,
    ryu: ryu::Buffer,
    itoa: itoa::Buffer,
    event: String,
}

impl<'p> TrajectoryWriter<'p> {
    pub fn new(plan: &'p Plan<'p>, replicate: usize) -> Self {
        Self {
            plan,
            replicate: replicate.to_string(),
            out: csv::WriterBuilder::new().from_writer(Vec::with_capacity(plan.scenario.rounds * 96)),
            ryu: ryu::Buffer::new(),
            itoa: itoa::Buffer::new(),
            event: String::new(),
        }
    }

    /// The CSV bytes of every round seen so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_inner().expect("writing to memory cannot fail")
    }
}

/// The `event` column: the round's scheduled events, then `incident` for a random one.
pub fn event_label(out: &mut String, scheduled: &str, incident: bool) {
    out.clear();
    out.push_str(scheduled);
    if incident {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str("incident");
    }
}

impl Observer for TrajectoryWriter<'_> {
    fn round(&mut self, r: &Round<'_>) {
        let w = &mut self.out;
        // Writing to a Vec cannot fail, so the results are ignored.
        let _ = w.write_field(&self.replicate);
        let _ = w.write_field(self.itoa.format(r.round));
        let _ = w.write_field(self.plan.date(r.round));
        for a in r.actions.iter().chain(&r.perceived) {
            let _ = w.write_field(a.name());
        }
        for x in [
            r.payoffs[0],
            r.payoffs[1],
            r.tension,
            r.trust[0],
            r.trust[1],
            r.securitization[0],
            r.securitization[1],
        ] {
            let _ = w.write_field(num(x, &mut self.ryu));
        }
        event_label(&mut self.event, r.scheduled, r.incident);
        let _ = w.write_field(&self.event);
        let _ = w.write_record(None::<&[u8]>);
    }
}

//! `trajectories.csv`: one row per round of each recorded replicate.

use crate::engine::{Observer, Plan, Round};
use crate::record::format::{NumBuffer, num};

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

/// The per-round text fields (date, event) of a scenario, CSV-encoded once for all its
/// replicates; every other field is a number or an action name, which never needs quoting.
pub struct Encoded {
    dates: Vec<Vec<u8>>,
    /// For each round: the event field without and with a random incident.
    events: Vec<[Vec<u8>; 2]>,
}

/// One field, encoded (quoted where needed) by the csv crate.
fn field(text: &str) -> Vec<u8> {
    if text.is_empty() {
        // Alone in a record, csv would quote an empty field; within a row it is just empty.
        return Vec::new();
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([text]).expect("in memory");
    let mut bytes = w.into_inner().expect("in memory");
    bytes.pop(); // the record's terminator, `\n`
    bytes
}

impl Encoded {
    pub fn new(plan: &Plan<'_>) -> Self {
        let rounds = 1..=plan.scenario.rounds;
        let mut label = String::new();
        Self {
            dates: rounds.clone().map(|t| field(plan.date(t))).collect(),
            events: rounds
                .map(|t| {
                    [false, true].map(|incident| {
                        event_label(&mut label, plan.events(t), incident);
                        field(&label)
                    })
                })
                .collect(),
        }
    }
}

/// Writes the rows of one replicate as CSV into a buffer.
pub struct TrajectoryWriter<'p> {
    encoded: &'p Encoded,
    replicate: String,
    out: Vec<u8>,
    ryu: NumBuffer,
    itoa: itoa::Buffer,
}

impl<'p> TrajectoryWriter<'p> {
    pub fn new(encoded: &'p Encoded, rounds: usize, replicate: usize) -> Self {
        Self {
            encoded,
            replicate: replicate.to_string(),
            out: Vec::with_capacity(rounds * 96),
            ryu: NumBuffer::new(),
            itoa: itoa::Buffer::new(),
        }
    }

    /// The CSV bytes of every round seen so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
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
        let out = &mut self.out;
        out.extend_from_slice(self.replicate.as_bytes());
        out.push(b',');
        out.extend_from_slice(self.itoa.format(r.round).as_bytes());
        out.push(b',');
        out.extend_from_slice(&self.encoded.dates[r.round - 1]);
        for a in r.actions.iter().chain(&r.perceived) {
            out.push(b',');
            out.extend_from_slice(a.name().as_bytes());
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
            out.push(b',');
            out.extend_from_slice(num(x, &mut self.ryu).as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(&self.encoded.events[r.round - 1][usize::from(r.incident)]);
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_field_with_a_comma_and_quotes_is_quoted_whole() {
        assert_eq!(
            super::field("Yellen, Kerry \"visit\""),
            b"\"Yellen, Kerry \"\"visit\"\"\""
        );
        assert_eq!(super::field("Bali summit"), b"Bali summit");
    }
}

//! `trajectories.csv`: one row per round of each recorded replicate; and `events.csv`: one
//! row per event of each recorded replicate, scheduled or random.

use crate::engine::{Observer, Plan, Round};
use crate::model::Action;
use crate::record::format::{Digits, NUM_MAX, field, write_num};
use crate::record::quantity::{Move, Quantity};

/// The action columns, after `replicate,round,date`.
pub const MOVES: [Move; 4] = [
    Move::Played(0),
    Move::Played(1),
    Move::PerceivedBy(0),
    Move::PerceivedBy(1),
];

/// The number columns, after the actions and before `event`.
pub const NUMBERS: [Quantity; 7] = [
    Quantity::Payoff(0),
    Quantity::Payoff(1),
    Quantity::Tension,
    Quantity::Trust(0),
    Quantity::Trust(1),
    Quantity::Securitization(0),
    Quantity::Securitization(1),
];

/// The header row for agents `<a>` and `<b>`.
pub fn header(ids: [&str; 2]) -> Vec<String> {
    let mut h: Vec<String> = ["replicate", "round", "date"].map(String::from).to_vec();
    h.extend(MOVES.map(|m| m.name(ids)));
    h.extend(NUMBERS.map(|q| q.name(ids)));
    h.push("event".into());
    h
}

/// The name a random incident goes by in the `event` column and `events.csv`.
pub const INCIDENT: &str = "incident";

/// The header row of `events.csv`.
pub const EVENTS_HEADER: [&str; 5] = ["replicate", "round", "date", "name", "kind"];

/// The per-round text of a scenario's rows, CSV-encoded once for all its replicates; every
/// other field is a number or an action name, which never needs quoting.
pub struct Encoded {
    /// For each round: `round,date`.
    rounds: Vec<Vec<u8>>,
    /// For each round: `,event\n` without and with a random incident.
    events: Vec<[Vec<u8>; 2]>,
    /// For each round: the `events.csv` rows of its scheduled events, after `replicate,`.
    scheduled: Vec<Vec<Vec<u8>>>,
    /// For each round: the `events.csv` row of a random incident, after `replicate,`.
    incident: Vec<Vec<u8>>,
    /// `,name` of each action, padded to one size so that it is copied as a fixed block.
    actions: [([u8; ACTION_FIELD], usize); 3],
}

const ACTION_FIELD: usize = 16;

/// About what one trajectory row takes in `trajectories.csv`, and so in memory until its
/// replicate is written (measured: 100 bytes on the library's scenarios, longer with long
/// event names).
pub const ROW_BYTES: u128 = 120;

impl Encoded {
    pub fn new(plan: &Plan<'_>) -> Self {
        let sc = plan.scenario;
        // Each round's date is encoded once for its three uses; a round without scheduled
        // events (most of a long horizon) shares the encoded labels of every other.
        let dates: Vec<_> = (1..=sc.rounds).map(|t| field(plan.date(t))).collect();
        let mut label = String::new();
        let mut labels = |scheduled: &str| {
            [false, true].map(|incident| {
                event_label(&mut label, scheduled, incident);
                [&b","[..], &field(&label), b"\n"].concat()
            })
        };
        let quiet = labels("");
        let row = |t: usize, name: &[u8], kind: &str| {
            [
                t.to_string().as_bytes(),
                b",",
                &dates[t - 1],
                b",",
                name,
                b",",
                kind.as_bytes(),
                b"\n",
            ]
            .concat()
        };
        let mut scheduled = vec![Vec::new(); sc.rounds];
        for e in &sc.events {
            if let Some(rows) = scheduled.get_mut(e.round - 1) {
                rows.push(row(e.round, &field(&e.name), "scheduled"));
            }
        }
        let incident = field(INCIDENT);
        Self {
            incident: (1..=sc.rounds).map(|t| row(t, &incident, "random")).collect(),
            rounds: dates
                .iter()
                .enumerate()
                .map(|(i, date)| [(i + 1).to_string().as_bytes(), b",", date].concat())
                .collect(),
            events: (1..=sc.rounds)
                .map(|t| match plan.events(t) {
                    "" => quiet.clone(),
                    names => labels(names),
                })
                .collect(),
            scheduled,
            actions: Action::ALL.map(|a| {
                let mut block = [0; ACTION_FIELD];
                block[0] = b',';
                block[1..=a.name().len()].copy_from_slice(a.name().as_bytes());
                (block, 1 + a.name().len())
            }),
        }
    }
}

/// Room for the middle of a row: the actions and the numbers, each with its comma, plus a
/// last fixed-size block's overhang.
const MIDDLE: usize = MOVES.len() * ACTION_FIELD + NUMBERS.len() * (1 + NUM_MAX) + NUM_MAX;

/// Writes the rows of one replicate as CSV into a buffer.
pub struct TrajectoryWriter<'p> {
    encoded: &'p Encoded,
    /// `replicate,`.
    replicate: Vec<u8>,
    out: Vec<u8>,
    /// `events.csv`'s rows of this replicate.
    events: Vec<u8>,
    middle: [u8; MIDDLE],
    digits: Digits,
}

impl<'p> TrajectoryWriter<'p> {
    pub fn new(encoded: &'p Encoded, rounds: usize, replicate: usize) -> Self {
        Self {
            encoded,
            replicate: format!("{replicate},").into_bytes(),
            out: Vec::with_capacity(rounds * 96),
            events: Vec::new(),
            middle: [0; MIDDLE],
            digits: Digits::default(),
        }
    }

    /// The CSV bytes of every round seen so far.
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// The `events.csv` bytes of every event seen so far.
    pub fn events(&self) -> &[u8] {
        &self.events
    }
}

/// The `event` column: the round's scheduled events, then `incident` for a random one,
/// separated by [`NAME_SEPARATOR`](crate::scenario::NAME_SEPARATOR).
pub fn event_label(out: &mut String, scheduled: &str, incident: bool) {
    out.clear();
    out.push_str(scheduled);
    if incident {
        if !out.is_empty() {
            out.push_str(crate::scenario::NAME_SEPARATOR);
        }
        out.push_str(INCIDENT);
    }
}

impl Observer for TrajectoryWriter<'_> {
    fn round(&mut self, r: &Round<'_>) {
        // The middle of the row goes through a fixed array: every field is copied as a
        // fixed-size block and the cursor moved by its true length, so that only the four
        // pieces of the row below cost a variable-length copy.
        let m = &mut self.middle;
        let mut at = 0;
        for mv in MOVES {
            let (block, len) = &self.encoded.actions[mv.read(r).index()];
            m[at..at + ACTION_FIELD].copy_from_slice(block);
            at += len;
        }
        for q in NUMBERS {
            let x = q.read(r);
            m[at] = b',';
            let slot: &mut [u8; NUM_MAX] = (&mut m[at + 1..at + 1 + NUM_MAX]).try_into().expect("in bounds");
            at += 1 + write_num(x, slot, &mut self.digits);
        }
        let out = &mut self.out;
        out.extend_from_slice(&self.replicate);
        out.extend_from_slice(&self.encoded.rounds[r.round - 1]);
        out.extend_from_slice(&m[..at]);
        out.extend_from_slice(&self.encoded.events[r.round - 1][usize::from(r.incident)]);
        let incident = r.incident.then_some(&self.encoded.incident[r.round - 1]);
        for row in self.encoded.scheduled[r.round - 1].iter().chain(incident) {
            self.events.extend_from_slice(&self.replicate);
            self.events.extend_from_slice(row);
        }
    }
}

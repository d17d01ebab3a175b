//! Every key a scenario file may hold, declared once with its type, default and meaning.
//!
//! The loader reads each key through this table (its bound and default come from here), so
//! `docs/SCENARIO.md` and `coexist schema`'s JSON Schema, both generated from it, describe
//! exactly what the loader accepts.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::Game;
use crate::model::calendar::Step;
use crate::model::params::ErrorMode;

/// Most rounds a scenario may ask for: far beyond any study, short of exhausting memory.
pub const MAX_ROUNDS: i64 = 1_000_000;
/// Most replicates a scenario may ask for.
pub const MAX_REPLICATES: i64 = 100_000_000;

/// The three actions, as scenario files name them.
pub const ACTIONS: [&str; 3] = ["engage", "markers", "retaliate"];

/// The largest magnitude of a payoff, cost, weight or salience: a million times the standard
/// game's largest payoff is still far from where sums over a million rounds lose precision
/// or overflow.
pub const MAX_MAGNITUDE: f64 = 1e6;

/// The values a number may take.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    /// [-1e6, 1e6]: a payoff.
    Any,
    /// [0, 1e6]: a cost, a reward, a salience, a rate of a strategy.
    NonNegative,
    /// [0, 1]
    Probability,
    /// [-1, 1]: a change to a quantity that lives in [0, 1].
    Signed,
}

impl Bound {
    pub fn admits(self, x: f64) -> bool {
        match self {
            Bound::Any => (-MAX_MAGNITUDE..=MAX_MAGNITUDE).contains(&x),
            Bound::NonNegative => (0.0..=MAX_MAGNITUDE).contains(&x),
            Bound::Probability => (0.0..=1.0).contains(&x),
            Bound::Signed => (-1.0..=1.0).contains(&x),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Bound::Any => "a number in [-1e6, 1e6]",
            Bound::NonNegative => "a number in [0, 1e6]",
            Bound::Probability => "a number in [0, 1]",
            Bound::Signed => "a number in [-1, 1]",
        }
    }
}

/// What a key's value is.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Number(Bound),
    Integer {
        min: i64,
        max: i64,
    },
    /// A seed: any u64, given as an integer or, past TOML's largest integer, as a string of digits.
    Seed,
    /// Free text.
    Text,
    /// The scenario's name, which is also its output folder's: `[a-z0-9_-]+`.
    FolderName,
    /// An element's name: non-empty, without `|`.
    ElementName,
    /// A path to another scenario file, relative to this one.
    Path,
    Bool,
    Date,
    OneOf(&'static [&'static str]),
    /// A 3×3 table of numbers.
    Payoffs,
    /// A strategy's name, or a table `{ kind = "...", <parameter> = ... }`.
    Strategy,
    /// A round number, or a date when the scenario has a `[calendar]`.
    RoundOrDate,
    /// The name of an issue declared in `[[issues]]`.
    IssueName,
    /// A table of the keys below it.
    Table,
    /// An array of tables (`[[key]]`), whose elements merge by `name` under `extends`.
    Tables,
    /// `remove = true`: takes the element of the same name out of the extended scenario.
    Remove,
}

/// What a key is when the file does not give it.
#[derive(Debug, Clone, Copy)]
pub enum KeyDefault {
    /// The file must give it.
    Required,
    /// Absent means none (no calendar, no parent, no issue).
    Absent,
    Number(f64),
    Integer(i64),
    Bool(bool),
    Text(&'static str),
    /// The standard game, [`Game::default`].
    Payoffs,
    /// Another key's value, or a value derived from the scenario, in words.
    Derived(&'static str),
}

/// One key of the format. Paths are dotted; `[]` marks an array of tables' elements and
/// `<id>`, `<name>` a key the file chooses (an agent's id, a channel's name).
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub path: &'static str,
    pub kind: Kind,
    pub default: KeyDefault,
    pub meaning: &'static str,
}

const fn key(path: &'static str, kind: Kind, default: KeyDefault, meaning: &'static str) -> Key {
    Key {
        path,
        kind,
        default,
        meaning,
    }
}

use Bound::{NonNegative, Probability, Signed};
use KeyDefault::{Absent, Required};

/// The format, in the order `docs/SCENARIO.md` lists it.
pub static KEYS: &[Key] = &[
    key(
        "name",
        Kind::FolderName,
        Required,
        "The scenario's name: its output folder's name and its label in comparisons.",
    ),
    key(
        "description",
        Kind::Text,
        KeyDefault::Text(""),
        "A one-line summary, shown under the report's title.",
    ),
    key(
        "question",
        Kind::Text,
        KeyDefault::Text(""),
        "The question the scenario asks; the report opens with it.",
    ),
    key(
        "look_at",
        Kind::Text,
        KeyDefault::Text(""),
        "Where to look in the outputs for the answer; shown in the report.",
    ),
    key(
        "extends",
        Kind::Path,
        Absent,
        "A scenario file this one varies: its keys are the defaults, tables merge key by key, and `[[events]]`, `[[channels]]` and `[[issues]]` merge element by element by `name`.",
    ),
    key(
        "rounds",
        Kind::Integer {
            min: 1,
            max: MAX_ROUNDS,
        },
        Required,
        "Rounds each replicate plays.",
    ),
    key(
        "replicates",
        Kind::Integer {
            min: 1,
            max: MAX_REPLICATES,
        },
        KeyDefault::Integer(1),
        "Independent replicates, each with its own random stream.",
    ),
    key(
        "seed",
        Kind::Seed,
        KeyDefault::Integer(0),
        "The seed every replicate's stream derives from, with the replicate's index.",
    ),
    key(
        "calendar",
        Kind::Table,
        Absent,
        "Dates for rounds: events may then be placed by date, and charts and CSVs show dates.",
    ),
    key(
        "calendar.start",
        Kind::Date,
        Required,
        "The date of round 1: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn.",
    ),
    key(
        "calendar.step",
        Kind::OneOf(&Step::NAMES),
        KeyDefault::Text("month"),
        "How long a round is.",
    ),
    key(
        "game",
        Kind::Table,
        Absent,
        "The base game, before audiences, face and tension.",
    ),
    key(
        "game.payoffs",
        Kind::Payoffs,
        KeyDefault::Payoffs,
        "`payoffs[mine][theirs]`, rows and columns in the order engage, markers, retaliate.",
    ),
    key(
        "relationship",
        Kind::Table,
        Absent,
        "What the two states share: tension and what it costs.",
    ),
    key(
        "relationship.tension",
        Kind::Table,
        Absent,
        "The shared tension index, kept in [floor, 1].",
    ),
    key(
        "relationship.tension.initial",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "Tension in round 1 (at least `floor`).",
    ),
    key(
        "relationship.tension.floor",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "The level tension decays towards and never falls below.",
    ),
    key(
        "relationship.tension.decay",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "The share of the distance to the floor that tension loses each round.",
    ),
    key(
        "relationship.tension.crisis",
        Kind::Number(Probability),
        KeyDefault::Number(1.0),
        "Rounds ending at or above this tension are crisis rounds.",
    ),
    key(
        "relationship.effects",
        Kind::Table,
        Absent,
        "How each action moves tension, for each of the two agents who plays it.",
    ),
    key(
        "relationship.effects.engage",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "Tension change when an agent engages (negative: engagement calms).",
    ),
    key(
        "relationship.effects.markers",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "Tension change when an agent lays down markers.",
    ),
    key(
        "relationship.effects.retaliate",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "Tension change when an agent retaliates.",
    ),
    key(
        "relationship.tension_cost",
        Kind::Number(NonNegative),
        KeyDefault::Number(0.0),
        "What each agent pays per round per unit of tension.",
    ),
    key(
        "agents",
        Kind::Table,
        Required,
        "Exactly two agent tables, `[agents.<id>]`, in the order of the output columns.",
    ),
    key(
        "agents.<id>",
        Kind::Table,
        Required,
        "One state; its id (letters, digits, `_`, `-`) names its output columns.",
    ),
    key(
        "agents.<id>.label",
        Kind::Text,
        KeyDefault::Derived("the agent's id"),
        "The agent's name in charts and reports.",
    ),
    key(
        "agents.<id>.strategy",
        Kind::Strategy,
        Required,
        "How the agent chooses: a strategy's name, or `{ kind = \"...\", <parameter> = ... }` (see Strategies below; `coexist strategies` lists them).",
    ),
    key(
        "agents.<id>.audience",
        Kind::Number(NonNegative),
        KeyDefault::Number(0.0),
        "Domestic reward for markers or retaliation, scaled by (1 + securitization).",
    ),
    key(
        "agents.<id>.face_cost",
        Kind::Number(NonNegative),
        KeyDefault::Number(0.0),
        "Cost of engaging when the other did not engage in the previous round.",
    ),
    key(
        "agents.<id>.retaliation_cost",
        Kind::Number(NonNegative),
        KeyDefault::Number(0.0),
        "Retaliation's own cost.",
    ),
    key(
        "agents.<id>.backing_down_cost",
        Kind::Number(NonNegative),
        KeyDefault::Number(0.0),
        "Cost of stepping down from retaliation while the other still retaliates.",
    ),
    key(
        "agents.<id>.trust",
        Kind::Table,
        Absent,
        "The agent's belief that the other engages.",
    ),
    key(
        "agents.<id>.trust.initial",
        Kind::Number(Probability),
        KeyDefault::Number(0.5),
        "The believed chance that the other engages, before any round.",
    ),
    key(
        "agents.<id>.trust.learning",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "How fast trust follows what the agent perceives.",
    ),
    key(
        "agents.<id>.securitization",
        Kind::Table,
        Absent,
        "How far security frames the relationship for this agent, in [0, 1].",
    ),
    key(
        "agents.<id>.securitization.initial",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "Securitization in round 1.",
    ),
    key(
        "agents.<id>.securitization.drift",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "Change in securitization every round.",
    ),
    key(
        "agents.<id>.securitization.response",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "Rise after each perceived retaliation, and per unit of each tension shock.",
    ),
    key(
        "agents.<id>.perception",
        Kind::Table,
        Absent,
        "How the agent reads the other's actions.",
    ),
    key(
        "agents.<id>.perception.noise",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "Chance of misreading the other's action by one step, before open channels reduce it.",
    ),
    key(
        "agents.<id>.perception.hostile_bias",
        Kind::Number(Probability),
        KeyDefault::Number(0.5),
        "Share of misreadings that read harsher; securitization pushes it towards 1.",
    ),
    key(
        "agents.<id>.errors",
        Kind::Table,
        Absent,
        "Execution errors: the action taken is not the one intended.",
    ),
    key(
        "agents.<id>.errors.rate",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "Chance that the intended action is replaced.",
    ),
    key(
        "agents.<id>.errors.towards",
        Kind::OneOf(&ErrorMode::NAMES),
        KeyDefault::Text("escalation"),
        "The replacement: one step harsher, either other action, or engage and retaliate swapped.",
    ),
    key(
        "channels",
        Kind::Tables,
        Absent,
        "Channels of communication; an open one cuts both agents' misreadings.",
    ),
    key(
        "channels[].name",
        Kind::ElementName,
        Required,
        "The channel's name, by which events open and close it.",
    ),
    key(
        "channels[].open",
        Kind::Bool,
        KeyDefault::Bool(true),
        "Whether it is open in round 1.",
    ),
    key(
        "channels[].noise_reduction",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "The share of misreadings it prevents while open.",
    ),
    key(
        "channels[].remove",
        Kind::Remove,
        Absent,
        "In a file that `extends` another: takes out the parent's channel of this name.",
    ),
    key(
        "issues",
        Kind::Tables,
        Absent,
        "Issues events can be about; an issue's salience scales their tension shocks.",
    ),
    key(
        "issues[].name",
        Kind::ElementName,
        Required,
        "The issue's name, by which events name it.",
    ),
    key(
        "issues[].salience",
        Kind::Number(NonNegative),
        KeyDefault::Number(1.0),
        "The factor on the tension shock of events about this issue.",
    ),
    key(
        "issues[].remove",
        Kind::Remove,
        Absent,
        "In a file that `extends` another: takes out the parent's issue of this name.",
    ),
    key(
        "events",
        Kind::Tables,
        Absent,
        "Scheduled events; those of a round apply in file order before the agents choose.",
    ),
    key(
        "events[].at",
        Kind::RoundOrDate,
        Required,
        "When: a round number, or a date when the scenario has a `[calendar]` (an event after the last round never happens).",
    ),
    key(
        "events[].name",
        Kind::ElementName,
        Required,
        "The event's name, shown in charts, reports and `events.csv`.",
    ),
    key(
        "events[].tension",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "The tension shock, before the issue's salience.",
    ),
    key(
        "events[].issue",
        Kind::IssueName,
        Absent,
        "The issue the event is about, whose salience scales its shock.",
    ),
    key(
        "events[].trust",
        Kind::Table,
        Absent,
        "Trust shocks: `{ <id> = shock }`.",
    ),
    key(
        "events[].trust.<id>",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "The change to that agent's believed chance that the other engages.",
    ),
    key(
        "events[].securitization",
        Kind::Table,
        Absent,
        "Securitization shocks: `{ <id> = shock }`.",
    ),
    key(
        "events[].securitization.<id>",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "The change to that agent's securitization.",
    ),
    key(
        "events[].force",
        Kind::Table,
        Absent,
        "Forced actions: `{ <id> = \"action\", rounds = n }`.",
    ),
    key(
        "events[].force.<id>",
        Kind::OneOf(&ACTIONS),
        Absent,
        "The action that agent takes, whatever its strategy chooses.",
    ),
    key(
        "events[].force.rounds",
        Kind::Integer {
            min: 1,
            max: MAX_ROUNDS,
        },
        KeyDefault::Integer(1),
        "For how many rounds, from the event's.",
    ),
    key(
        "events[].force.overrides",
        Kind::Bool,
        KeyDefault::Bool(false),
        "Whether this force replaces one still in effect from its round on (otherwise two forces of one agent in one round are an error).",
    ),
    key(
        "events[].channels",
        Kind::Table,
        Absent,
        "Channels opened or closed from this round on: `{ <name> = true | false }`.",
    ),
    key(
        "events[].channels.<name>",
        Kind::Bool,
        Absent,
        "`true` opens the channel of that name, `false` closes it.",
    ),
    key(
        "events[].remove",
        Kind::Remove,
        Absent,
        "In a file that `extends` another: takes out the parent's event of this name.",
    ),
    key(
        "random_events",
        Kind::Table,
        Absent,
        "Random incidents, drawn from each replicate's own stream.",
    ),
    key(
        "random_events.rate",
        Kind::Number(Probability),
        KeyDefault::Number(0.0),
        "Chance of an incident in each round.",
    ),
    key(
        "random_events.tension",
        Kind::Table,
        Absent,
        "The range of an incident's tension shock.",
    ),
    key(
        "random_events.tension.min",
        Kind::Number(Signed),
        KeyDefault::Number(0.0),
        "The smallest shock.",
    ),
    key(
        "random_events.tension.max",
        Kind::Number(Signed),
        KeyDefault::Derived("`min`"),
        "The largest shock (shocks are uniform in [min, max)).",
    ),
    key(
        "random_events.issue",
        Kind::IssueName,
        Absent,
        "The issue incidents are about, whose salience scales their shocks.",
    ),
];

/// The key at `path` (a pattern such as `agents.<id>.trust.initial`).
///
/// # Panics
/// When the loader reads a key the table does not declare: a bug, which the tests that load
/// every key find.
pub fn get(path: &str) -> &'static Key {
    find(path).unwrap_or_else(|| panic!("the scenario schema declares no key `{path}`"))
}

pub fn find(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

/// The schema pattern of a concrete dotted path: element indices become `[]`, an agent's id
/// `<id>` (`agents.usa.trust` → `agents.<id>.trust`, `events[3].force` → `events[].force`).
pub fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        let bare = segment.find('[').map_or(segment, |at| &segment[..at]);
        if i == 1 && out == "agents." {
            out.push_str("<id>");
        } else if bare.len() < segment.len() {
            out.push_str(bare);
            out.push_str("[]");
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// The standard payoffs, for documents.
pub fn default_payoffs() -> [[f64; 3]; 3] {
    Game::default().payoffs
}

/// The keys directly below a table's pattern, each with its leaf, indexed once: the loader
/// looks them up for every table of every point of a sweep.
static BY_TABLE: LazyLock<HashMap<&'static str, Vec<(&'static str, &'static Key)>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<(&'static str, &'static Key)>> = HashMap::new();
    for k in KEYS {
        map.entry(parent_of(k.path)).or_default().push((leaf(k.path), k));
    }
    map
});

/// The keys of the table at `pattern`, with their leaves, in declaration order.
pub fn table_keys(pattern: &str) -> &'static [(&'static str, &'static Key)] {
    BY_TABLE.get(pattern).map_or(&[], Vec::as_slice)
}

/// The keys directly below `parent` (`""` for the top level).
pub fn children(parent: &str) -> impl Iterator<Item = &'static Key> + '_ {
    KEYS.iter().filter(move |k| parent_of(k.path) == parent)
}

/// The pattern of the table a key is in.
pub fn parent_of(path: &str) -> &str {
    path.rfind('.').map_or("", |at| &path[..at])
}

/// The last segment of a key's path, as it is written in a file.
pub fn leaf(path: &str) -> &str {
    let last = path.rfind('.').map_or(path, |at| &path[at + 1..]);
    last.strip_suffix("[]").unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concrete_path_maps_to_its_pattern() {
        assert_eq!(pattern("agents.usa.trust"), "agents.<id>.trust");
        assert_eq!(pattern("events[3].force"), "events[].force");
        assert_eq!(pattern("relationship.tension.decay"), "relationship.tension.decay");
        assert_eq!(pattern("agents"), "agents");
    }

    #[test]
    fn every_key_is_declared_once() {
        for (i, k) in KEYS.iter().enumerate() {
            assert!(
                KEYS[..i].iter().all(|o| o.path != k.path),
                "`{}` is declared twice",
                k.path
            );
        }
    }

    #[test]
    fn every_key_sits_in_a_declared_table() {
        for k in KEYS {
            let parent = parent_of(k.path);
            if parent.is_empty() {
                continue;
            }
            let table =
                find(parent.trim_end_matches("[]")).unwrap_or_else(|| panic!("`{}` has no table `{parent}`", k.path));
            assert!(
                matches!(table.kind, Kind::Table | Kind::Tables),
                "`{parent}` holds `{}` but is not a table",
                k.path
            );
        }
    }
}

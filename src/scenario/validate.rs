//! From a merged, overridden scenario tree to a validated [`Scenario`].
//!
//! Every key is read here once, through the schema (`schema.rs`), which gives its bound and
//! default; any other key is an error. A wrong value is recorded and read as its default, so
//! that one load reports every independent error; what depends on a part that failed (the
//! events of a scenario whose agents are wrong) is not checked.

use super::Scenario;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::fields::{self, Errors, Fields, expected};
use super::schema::{self, Bound, Kind};
use super::source::Origin;
use super::tree::{Node, Table, Value};
use super::{AgentSpec, Channel, Event, Issue, RandomEvents};
use crate::model::calendar::{Calendar, Date, Step};
use crate::model::params::{
    Effects, ErrorMode, ErrorParams, PerceptionParams, Relationship, SecuritizationParams, TensionParams, TrustParams,
};
use crate::model::{Action, Game, Stakes};
use crate::strategy::{ParamDefault, ParamKind, ParamValue, Params, StrategySpec, registry};

/// Validates a whole scenario tree whose root table came from `origin`: the scenario, or
/// every error found, in the order they were found.
pub fn scenario(root: &Table, origin: Origin) -> Result<Scenario, Vec<Diagnostic>> {
    let errors = Errors::default();
    let scenario = read(root, origin, &errors);
    match scenario {
        Some(s) if errors.is_empty() => Ok(s),
        _ => Err(errors.into_vec()),
    }
}

fn read(root: &Table, origin: Origin, errors: &Errors) -> Option<Scenario> {
    let mut f = Fields::new(root, "", origin, errors);
    let name = f
        .required("name", "the output folder's name, [a-z0-9_-]+")
        .and_then(|n| errors.ok(scenario_name(n)));
    let description = prose(&mut f, "description");
    let question = prose(&mut f, "question");
    let look_at = prose(&mut f, "look_at");
    let rounds = f.integer("rounds");
    let replicates = f.integer("replicates");
    let seed = f.seed("seed");
    // `extends` was resolved by the loader; reading it here marks it as known.
    f.get("extends");
    let calendar = f.table("calendar").and_then(calendar);
    let mut g = f.table_or_empty("game");
    let game = match g.get("payoffs") {
        Some(n) => errors
            .ok(fields::matrix(n, "game.payoffs", Bound::Any, "a 3x3 table of payoffs"))
            .map(|payoffs| Game { payoffs }),
        None => Some(Game::default()),
    };
    g.finish();
    let relationship = relationship(f.table_or_empty("relationship"));
    let channels = list(&mut f, "channels", channel);
    let issues = list(&mut f, "issues", issue);
    let agents = f
        .required("agents", "a table of exactly two agents")
        .and_then(|n| agents(n, errors));
    let events_node = f.get("events");
    let random_events = random_events(f.table_or_empty("random_events"), &issues);
    let event_nodes = match events_node {
        Some(n) => errors
            .ok(fields::array(n, "events", "an array of tables ([[events]])"))
            .unwrap_or(&[]),
        None => &[],
    };
    // Events name agents, channels and issues: checked only against agents that are valid.
    let events = agents.as_ref().and_then(|agents| {
        let ctx = EventContext {
            agents,
            channels: &channels,
            issues: &issues,
            calendar: calendar.as_ref(),
            errors,
        };
        let events: Vec<Option<Event>> = event_nodes.iter().enumerate().map(|(i, e)| event(e, i, &ctx)).collect();
        let mut events: Vec<Event> = events.into_iter().collect::<Option<_>>()?;
        errors.ok(no_conflicting_force(&events, event_nodes, agents))?;
        events.sort_by_key(|e| e.round);
        Some(events)
    });
    let mut warnings = Vec::new();
    if let (Some(events), Some(rounds)) = (&events, rounds) {
        after_the_last_round(root, events, event_nodes, rounds as usize, errors, &mut warnings);
    }
    f.finish();
    Some(Scenario {
        name: name?,
        description,
        question,
        look_at,
        rounds: rounds? as usize,
        replicates: replicates? as usize,
        seed: seed?,
        calendar,
        game: game?,
        relationship: relationship?,
        agents: agents?,
        channels,
        issues,
        events: events?,
        random_events: random_events?,
        warnings,
    })
}

/// An event after the last round never happens. Written so in the files, that is a mistake
/// (an error at the event); when `rounds` comes from a flag that shortens the run (a calendar
/// scenario cut to its first months), it is what the user asked for, and only a warning.
fn after_the_last_round(
    root: &Table,
    events: &[Event],
    nodes: &[Node],
    rounds: usize,
    errors: &Errors,
    warnings: &mut Vec<String>,
) {
    let rounds_entry = root.get("rounds");
    let from_flag = rounds_entry.is_some_and(|e| e.node.origin.source.name.starts_with("--"));
    let late: Vec<&Event> = events.iter().filter(|e| e.round > rounds).collect();
    if late.is_empty() {
        return;
    }
    if from_flag {
        let flag = rounds_entry.map_or(String::new(), |e| e.node.origin.source.name.clone());
        for e in late {
            warnings.push(format!(
                "event \"{}\" (round {}) falls after the last round ({rounds}, from {flag}): it will not happen",
                e.name, e.round
            ));
        }
        return;
    }
    for node in nodes {
        let Value::Table(t) = &node.value else { continue };
        let (Some(at), Some(Value::Str(name))) = (t.get("at"), t.get("name").map(|n| &n.node.value)) else {
            continue;
        };
        let Some(e) = late.iter().find(|e| e.name == *name) else {
            continue;
        };
        errors.push(
            Diagnostic::new(
                "events.at",
                format!(
                    "event \"{}\" falls in round {}, after the last round ({rounds}): it would never happen",
                    e.name, e.round
                ),
                Some(at.node.origin.clone()),
            )
            .with_label(format!("round {}", e.round))
            .with_help(
                "move it, raise `rounds`, or take it out (`remove = true` in a file that extends this one); \
                 `--rounds N` / `--set rounds=N` may cut a run short of its events",
            ),
        );
    }
}

/// Longest scenario name and agent id: each names a folder or columns.
const MAX_ID_CHARS: usize = 64;
/// Longest element name and label: each is shown in charts and CSV cells.
const MAX_NAME_CHARS: usize = 100;

/// A name or label shown in charts, reports and CSV cells: not too long, and no control
/// characters (which SVG and CSV readers reject or mangle).
fn shown_text(node: &Node, key: &str, text: &str, max: usize) -> Result<(), Diagnostic> {
    if text.chars().count() > max {
        return Err(expected(node, key, &format!("at most {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err(expected(
            node,
            key,
            "text without control characters (tabs, line breaks, NUL...)",
        ));
    }
    Ok(())
}

/// Free text shown in reports: line breaks and tabs are fine, other control characters not.
fn prose(f: &mut Fields<'_>, key: &'static str) -> String {
    let path = f.path(key);
    let node = f.get(key);
    let text = f.text(key);
    if let Some(node) = node
        && text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        f.errors().push(expected(
            node,
            &path,
            "text without control characters other than line breaks and tabs",
        ));
    }
    text
}

fn scenario_name(node: &Node) -> Result<String, Diagnostic> {
    let name = fields::string(node, "name")?;
    shown_text(node, "name", name, MAX_ID_CHARS)?;
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !ok {
        return Err(
            expected(node, "name", "a name of lowercase letters, digits, `_` and `-`").with_help(
                "the name is also the output folder's name, so it may not contain `/`, `.`, spaces or capitals",
            ),
        );
    }
    Ok(name.to_string())
}

fn calendar(mut f: Fields<'_>) -> Option<Calendar> {
    let errors = f.errors();
    let start = f
        .required("start", "a date such as \"2022-11\"")
        .and_then(|n| errors.ok(date(n, "calendar.start")));
    let step = Step::parse(f.choice("step")).expect("the schema lists Step::NAMES");
    f.finish();
    Some(Calendar { start: start?, step })
}

fn date(node: &Node, key: &str) -> Result<Date, Diagnostic> {
    let text = match &node.value {
        Value::Str(s) | Value::Date(s) => s.as_str(),
        _ => return Err(expected(node, key, "a date such as \"2023-02\" or 2023-02-04")),
    };
    Date::parse(text).ok_or_else(|| expected(node, key, "a valid date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"))
}

fn relationship(mut f: Fields<'_>) -> Option<Relationship> {
    let errors = f.errors();
    let mut t = f.table_or_empty("tension");
    let tension = TensionParams {
        initial: t.number("initial"),
        floor: t.number("floor"),
        decay: t.number("decay"),
        crisis: t.number("crisis"),
    };
    let origin = t.origin().clone();
    t.finish();
    if tension.initial < tension.floor {
        errors.push(
            Diagnostic::new(
                "relationship.tension.initial",
                format!(
                    "the initial tension ({}) is below the floor ({})",
                    tension.initial, tension.floor
                ),
                Some(origin),
            )
            .with_label("initial must be >= floor")
            .with_help("tension never falls below its floor, so it cannot start there"),
        );
    }
    let mut e = f.table_or_empty("effects");
    let effects = Effects {
        engage: e.number("engage"),
        markers: e.number("markers"),
        retaliate: e.number("retaliate"),
    };
    e.finish();
    let tension_cost = f.number("tension_cost");
    f.finish();
    Some(Relationship {
        tension,
        effects,
        tension_cost,
    })
}

/// The elements of an array of tables that are valid (each wrong one is recorded).
fn list<T>(f: &mut Fields<'_>, key: &'static str, item: fn(&Node, &str, &Errors) -> Option<T>) -> Vec<T> {
    let errors = f.errors();
    let Some(node) = f.get(key) else { return Vec::new() };
    let Some(items) = errors.ok(fields::array(node, key, &format!("an array of tables ([[{key}]])"))) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| item(n, &format!("{key}[{i}]"), errors))
        .collect()
}

fn required_name(f: &mut Fields<'_>) -> Option<String> {
    let errors = f.errors();
    let path = f.path("name");
    let node = f.required("name", "a name")?;
    let name = errors.ok(fields::string(node, &path))?;
    if name.is_empty() {
        errors.push(expected(node, &path, "a non-empty name"));
        return None;
    }
    if let Err(d) = shown_text(node, &path, name, MAX_NAME_CHARS) {
        errors.push(d);
        return None;
    }
    if name.contains('|') {
        errors.push(
            expected(node, &path, "a name without `|`")
                .with_help("`|` separates the names of a round's events in trajectories.csv's `event` column"),
        );
        return None;
    }
    Some(name.to_string())
}

fn channel(node: &Node, path: &str, errors: &Errors) -> Option<Channel> {
    let mut f = Fields::of(node, path, errors)?;
    let name = required_name(&mut f);
    let open = f.boolean("open");
    let noise_reduction = f.number("noise_reduction");
    f.finish();
    Some(Channel {
        name: name?,
        open,
        noise_reduction,
    })
}

fn issue(node: &Node, path: &str, errors: &Errors) -> Option<Issue> {
    let mut f = Fields::of(node, path, errors)?;
    let name = required_name(&mut f);
    let salience = f.number("salience");
    f.finish();
    Some(Issue { name: name?, salience })
}

fn agents(node: &Node, errors: &Errors) -> Option<[AgentSpec; 2]> {
    let f = Fields::of(node, "agents", errors)?;
    let entries: Vec<_> = f.entries().collect();
    if entries.len() != 2 {
        let found = entries
            .iter()
            .map(|e| format!("`{}`", e.key))
            .collect::<Vec<_>>()
            .join(", ");
        errors.push(
            Diagnostic::new(
                "agents",
                format!(
                    "expected exactly two agents, found {}{}",
                    entries.len(),
                    if found.is_empty() {
                        String::new()
                    } else {
                        format!(": {found}")
                    }
                ),
                Some(node.origin.clone()),
            )
            .with_label("two [agents.<id>] tables needed")
            .with_help("the model is a two-state game: add [agents.<id>] tables until there are exactly two"),
        );
        return None;
    }
    let a = agent(&entries[0].key, &entries[0].key_origin, &entries[0].node, errors);
    let b = agent(&entries[1].key, &entries[1].key_origin, &entries[1].node, errors);
    Some([a?, b?])
}

fn agent(id: &str, id_origin: &Origin, node: &Node, errors: &Errors) -> Option<AgentSpec> {
    let path = format!("agents.{id}");
    let id_ok = !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !id_ok {
        errors.push(
            Diagnostic::new(
                &path,
                format!("an agent's id is 1 to {MAX_ID_CHARS} letters, digits, `_` and `-` (it names output columns)"),
                Some(id_origin.clone()),
            )
            .with_label("not a valid id"),
        );
        return None;
    }
    let mut f = Fields::of(node, &path, errors)?;
    let label_path = f.path("label");
    let label = match f.get("label") {
        Some(n) => errors
            .ok(fields::string(n, &label_path).and_then(|l| shown_text(n, &label_path, l, MAX_NAME_CHARS).map(|()| l)))
            .unwrap_or(id),
        None => id,
    }
    .to_string();
    let strategy = f
        .required("strategy", "a strategy name or { kind = \"...\" }")
        .and_then(|n| strategy(n, &format!("{path}.strategy"), errors));
    let stakes = Stakes {
        audience: f.number("audience"),
        face_cost: f.number("face_cost"),
        retaliation_cost: f.number("retaliation_cost"),
        backing_down_cost: f.number("backing_down_cost"),
    };
    let mut t = f.table_or_empty("trust");
    let trust = TrustParams {
        initial: t.number("initial"),
        learning: t.number("learning"),
    };
    t.finish();
    let mut t = f.table_or_empty("securitization");
    let securitization = SecuritizationParams {
        initial: t.number("initial"),
        drift: t.number("drift"),
        response: t.number("response"),
    };
    t.finish();
    let mut t = f.table_or_empty("perception");
    let perception = PerceptionParams {
        noise: t.number("noise"),
        hostile_bias: t.number("hostile_bias"),
    };
    t.finish();
    let mut t = f.table_or_empty("errors");
    let errors_params = ErrorParams {
        rate: t.number("rate"),
        towards: ErrorMode::parse(t.choice("towards")).expect("the schema lists ErrorMode::NAMES"),
    };
    t.finish();
    f.finish();
    Some(AgentSpec {
        id: id.to_string(),
        label,
        strategy: strategy?,
        stakes,
        trust,
        securitization,
        perception,
        errors: errors_params,
    })
}

fn strategy(node: &Node, path: &str, errors: &Errors) -> Option<StrategySpec> {
    let (name_node, table) = match &node.value {
        Value::Str(_) => (node, None),
        Value::Table(t) => match t.get("kind") {
            Some(kind) => (&kind.node, Some(t)),
            None => {
                errors.push(
                    Diagnostic::new(
                        format!("{path}.kind"),
                        format!("`{path}` needs `kind`, the strategy's name"),
                        Some(node.origin.clone()),
                    )
                    .with_label("`kind` missing here"),
                );
                return None;
            }
        },
        _ => {
            errors.push(expected(
                node,
                path,
                "a strategy name or a table { kind = \"...\", ... }",
            ));
            return None;
        }
    };
    let key = if table.is_some() {
        format!("{path}.kind")
    } else {
        path.to_string()
    };
    let name = errors.ok(fields::string(name_node, &key))?;
    let Some(info) = registry::find(name) else {
        let d = expected(name_node, &key, "a known strategy").with_label("unknown strategy");
        errors.push(match did_you_mean(name, registry::names()) {
            Some(k) => d.with_help(format!("did you mean `{k}`? (`coexist strategies` lists them all)")),
            None => d.with_help("`coexist strategies` lists every strategy"),
        });
        return None;
    };
    let mut params = Params::default();
    let mut ok = true;
    let given = table.map(|t| t.entries.as_slice()).unwrap_or(&[]);
    for entry in given.iter().filter(|e| e.key != "kind") {
        if !info.params.iter().any(|p| p.name == entry.key) {
            let d = Diagnostic::new(
                format!("{path}.{}", entry.key),
                format!("`{}` takes no parameter `{}`", info.name, entry.key),
                Some(entry.key_origin.clone()),
            )
            .with_label("unknown parameter");
            let names: Vec<&str> = info.params.iter().map(|p| p.name).collect();
            errors.push(match did_you_mean(&entry.key, names.iter().copied()) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None if names.is_empty() => d.with_help(format!("`{}` has no parameters", info.name)),
                None => d.with_help(format!("its parameters: {}", names.join(", "))),
            });
            ok = false;
        }
    }
    for p in info.params {
        let key = format!("{path}.{}", p.name);
        match given.iter().find(|e| e.key == p.name) {
            Some(entry) => match errors.ok(param_value(&entry.node, &key, p.kind)) {
                Some(v) => params.insert(p.name, v),
                None => ok = false,
            },
            None => match p.default {
                ParamDefault::Number(x) => params.insert(p.name, ParamValue::Number(x)),
                ParamDefault::Vector(v) => params.insert(p.name, ParamValue::Vector(v)),
                ParamDefault::Derived => {}
                ParamDefault::Required => {
                    errors.push(
                        Diagnostic::new(
                            &key,
                            format!("`{}` needs `{}`: {}", info.name, p.name, p.kind.describe()),
                            Some(node.origin.clone()),
                        )
                        .with_label(format!("`{}` missing here", p.name))
                        .with_help(format!(
                            "write strategy = {{ kind = \"{}\", {} = ... }}",
                            info.name, p.name
                        )),
                    );
                    ok = false;
                }
            },
        }
    }
    ok.then_some(StrategySpec { info, params })
}

fn param_value(node: &Node, key: &str, kind: ParamKind) -> Result<ParamValue, Diagnostic> {
    Ok(match kind {
        ParamKind::Probability => ParamValue::Number(fields::number(node, key, Bound::Probability)?),
        ParamKind::NonNegative => ParamValue::Number(fields::number(node, key, Bound::NonNegative)?),
        ParamKind::Discount => match fields::number(node, key, Bound::Probability)? {
            x if x < 1.0 => ParamValue::Number(x),
            _ => {
                return Err(expected(node, key, kind.describe())
                    .with_help("a discount of 1 weighs the future without end; take 0.99 for a far-sighted agent"));
            }
        },
        ParamKind::Count => ParamValue::Number(fields::integer(node, key, 0)? as f64),
        ParamKind::Weights => {
            let w = fields::triple(node, key, Bound::NonNegative, kind.describe())?;
            if w.iter().sum::<f64>() <= 0.0 {
                return Err(expected(node, key, kind.describe()));
            }
            ParamValue::Vector(w)
        }
        ParamKind::StochasticTable => {
            let t = fields::matrix(node, key, Bound::Probability, kind.describe())?;
            if let Value::Array(rows) = &node.value {
                for (i, row) in t.iter().enumerate() {
                    let sum: f64 = row.iter().sum();
                    if (sum - 1.0).abs() > 1e-9 {
                        return Err(Diagnostic::new(
                            format!("{key}[{i}]"),
                            format!(
                                "each row of the table is a probability distribution and must sum to 1, found a sum of {}",
                                // Rounded, so that 0.2 + 0.2 + 0.2 reads as the 0.6 the user wrote.
                                (sum * 1e9).round() / 1e9
                            ),
                            Some(rows[i].origin.clone()),
                        )
                        .with_label("does not sum to 1"));
                    }
                }
            }
            ParamValue::Table(t)
        }
    })
}

struct EventContext<'a> {
    agents: &'a [AgentSpec; 2],
    channels: &'a [Channel],
    issues: &'a [Issue],
    calendar: Option<&'a Calendar>,
    errors: &'a Errors,
}

impl EventContext<'_> {
    fn agent_index(&self, entry: &super::tree::Entry, path: &str) -> Result<usize, Diagnostic> {
        self.agents.iter().position(|a| a.id == entry.key).ok_or_else(|| {
            let ids: Vec<&str> = self.agents.iter().map(|a| a.id.as_str()).collect();
            let d = Diagnostic::new(
                format!("{path}.{}", entry.key),
                format!(
                    "`{}` is not an agent of this scenario (agents: {})",
                    entry.key,
                    ids.join(", ")
                ),
                Some(entry.key_origin.clone()),
            )
            .with_label("unknown agent");
            match did_you_mean(&entry.key, ids.iter().copied()) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None => d,
            }
        })
    }

    fn channel_index(&self, entry: &super::tree::Entry, key: &str) -> Result<usize, Diagnostic> {
        self.channels.iter().position(|c| c.name == entry.key).ok_or_else(|| {
            let names: Vec<&str> = self.channels.iter().map(|c| c.name.as_str()).collect();
            let d = Diagnostic::new(
                key,
                format!("`{}` is not a channel of this scenario", entry.key),
                Some(entry.key_origin.clone()),
            )
            .with_label("unknown channel");
            match did_you_mean(&entry.key, names.iter().copied()) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None if names.is_empty() => d.with_help("declare it first: [[channels]] name = \"...\""),
                None => d.with_help(format!("channels: {}", names.join(", "))),
            }
        })
    }

    /// `{ <id> = shock }`, by agent in file order.
    fn shocks(&self, t: Option<Fields<'_>>, pattern: &str) -> Option<[f64; 2]> {
        let mut out = [0.0; 2];
        let Some(t) = t else { return Some(out) };
        let Kind::Number(bound) = schema::get(pattern).kind else {
            panic!("`{pattern}` is not a number")
        };
        let mut ok = true;
        let sub = t.here();
        for entry in t.entries() {
            let key = format!("{sub}.{}", entry.key);
            let read = self
                .agent_index(entry, sub)
                .and_then(|i| fields::number(&entry.node, &key, bound).map(|x| (i, x)));
            match self.errors.ok(read) {
                Some((i, x)) => out[i] = x,
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

fn salience_of(issues: &[Issue], node: &Node, key: &str) -> Result<(String, f64), Diagnostic> {
    let name = fields::string(node, key)?;
    issues
        .iter()
        .find(|i| i.name == name)
        .map(|i| (i.name.clone(), i.salience))
        .ok_or_else(|| {
            let names: Vec<&str> = issues.iter().map(|i| i.name.as_str()).collect();
            let d = expected(node, key, "the name of an issue declared in [[issues]]").with_label("unknown issue");
            match did_you_mean(name, names.iter().copied()) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None if names.is_empty() => d.with_help("declare it first: [[issues]] name = \"...\""),
                None => d.with_help(format!("issues: {}", names.join(", "))),
            }
        })
}

/// The issue a table names and its salience; no issue weighs 1.
fn issue_of(f: &mut Fields<'_>, issues: &[Issue]) -> Option<(Option<String>, f64)> {
    let path = f.path("issue");
    match f.get("issue") {
        Some(n) => {
            let (name, s) = f.errors().ok(salience_of(issues, n, &path))?;
            Some((Some(name), s))
        }
        None => Some((None, 1.0)),
    }
}

fn round_of(at: &Node, key: &str, calendar: Option<&Calendar>) -> Result<usize, Diagnostic> {
    match (&at.value, calendar) {
        (Value::Int(_) | Value::Float(_), _) => Ok(fields::integer(at, key, 1)? as usize),
        (Value::Str(_) | Value::Date(_), Some(cal)) => {
            let r = cal.round_of(date(at, key)?);
            if r < 1 {
                return Err(expected(at, key, "a date on or after the calendar's start"));
            }
            Ok(r as usize)
        }
        (Value::Str(_) | Value::Date(_), None) => Err(expected(at, key, "a round number (dates need a [calendar])")
            .with_help("add [calendar] start = \"YYYY-MM\", step = \"month\" to place events by date")),
        _ => Err(expected(at, key, "a round number or a date")),
    }
}

fn event(node: &Node, index: usize, ctx: &EventContext<'_>) -> Option<Event> {
    let errors = ctx.errors;
    let path = format!("events[{index}]");
    let mut f = Fields::of(node, &path, errors)?;
    let at_key = f.path("at");
    let round = f
        .required("at", "a round number, or a date when a [calendar] is set")
        .and_then(|at| errors.ok(round_of(at, &at_key, ctx.calendar)));
    let name = required_name(&mut f);
    let tension = f.number("tension");
    let issue = issue_of(&mut f, ctx.issues);
    let trust = ctx.shocks(f.table("trust"), "events[].trust.<id>");
    let securitization = ctx.shocks(f.table("securitization"), "events[].securitization.<id>");
    let mut force = Some([None, None]);
    let mut force_rounds = 0;
    let mut force_overrides = false;
    if let Some(mut t) = f.table("force") {
        force_rounds = t.integer("rounds").unwrap_or(1) as usize;
        force_overrides = t.boolean("overrides");
        let sub = format!("{path}.force");
        for entry in t.entries().filter(|e| e.key != "rounds" && e.key != "overrides") {
            let key = format!("{sub}.{}", entry.key);
            let read = ctx.agent_index(entry, &sub).and_then(|i| {
                let action = fields::choice(&entry.node, &key, &schema::ACTIONS)?;
                Ok((i, Action::parse(action).expect("the schema lists the actions")))
            });
            match (errors.ok(read), force.as_mut()) {
                (Some((i, a)), Some(force)) => force[i] = Some(a),
                _ => force = None,
            }
        }
    }
    let mut channels = Some(Vec::new());
    if let Some(t) = f.table("channels") {
        let sub = format!("{path}.channels");
        for entry in t.entries() {
            let key = format!("{sub}.{}", entry.key);
            let read = ctx
                .channel_index(entry, &key)
                .and_then(|i| Ok((i, fields::boolean(&entry.node, &key)?)));
            match (errors.ok(read), channels.as_mut()) {
                (Some(c), Some(channels)) => channels.push(c),
                _ => channels = None,
            }
        }
    }
    f.finish();
    let (issue, salience) = issue?;
    Some(Event {
        round: round?,
        name: name?,
        tension,
        issue,
        salience,
        trust: trust?,
        securitization: securitization?,
        force: force?,
        force_rounds,
        force_overrides,
        channels: channels?,
    })
}

/// Two events that force the same agent in the same round are an error naming both, unless
/// the later one says it `overrides` the earlier (it then wins from its round on). "Later" is
/// the order in which events apply: by round, then by file order.
fn no_conflicting_force(events: &[Event], nodes: &[Node], agents: &[AgentSpec; 2]) -> Result<(), Diagnostic> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| events[i].round);
    let line = |i: usize| nodes[i].origin.source.line_col(nodes[i].origin.span.start).0;
    for (k, agent) in agents.iter().enumerate() {
        let forcing: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| events[i].force[k].is_some())
            .collect();
        for (n, &later) in forcing.iter().enumerate() {
            let l = &events[later];
            let Some(&earlier) = forcing[..n]
                .iter()
                .rev()
                .find(|&&i| events[i].round + events[i].force_rounds > l.round)
            else {
                continue;
            };
            if l.force_overrides {
                continue;
            }
            let e = &events[earlier];
            // Point at the agent's entry in this event's `force`, or at the event.
            let at = match &nodes[later].value {
                Value::Table(t) => match t.get("force").map(|f| &f.node.value) {
                    Some(Value::Table(f)) => f.get(&agent.id).map(|a| a.key_origin.clone()),
                    _ => None,
                },
                _ => None,
            };
            return Err(Diagnostic::new(
                format!("events[{later}].force.{}", agent.id),
                format!(
                    "two events force `{}` in round {}: \"{}\" (line {}) and \"{}\" (line {})",
                    agent.id,
                    l.round,
                    e.name,
                    line(earlier),
                    l.name,
                    line(later)
                ),
                Some(at.unwrap_or_else(|| nodes[later].origin.clone())),
            )
            .with_label(format!("forces `{}` while \"{}\" still does", agent.id, e.name))
            .with_help(
                "add `overrides = true` to this event's `force` to let it win from its round on, or move one of them",
            ));
        }
    }
    Ok(())
}

fn random_events(mut f: Fields<'_>, issues: &[Issue]) -> Option<RandomEvents> {
    let rate = f.number("rate");
    let mut t = f.table_or_empty("tension");
    let tension_min = t.number("min");
    let tension_max = t.number_or("max", tension_min);
    let origin = t.origin().clone();
    t.finish();
    let ordered = tension_max >= tension_min;
    if !ordered {
        f.errors().push(
            Diagnostic::new(
                "random_events.tension",
                format!("`min` ({tension_min}) is above `max` ({tension_max})"),
                Some(origin),
            )
            .with_label("expected min <= max"),
        );
    }
    let issue = issue_of(&mut f, issues);
    f.finish();
    let (issue, salience) = issue?;
    ordered.then_some(RandomEvents {
        rate,
        tension_min,
        tension_max,
        issue,
        salience,
    })
}

//! From a merged, overridden scenario tree to a validated [`Scenario`].
//!
//! Every key of the format (`docs/MODEL.md`, the README) is read here with its default, once;
//! any other key is an error.

use super::Scenario;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::fields::{self, Bound, Fields, expected};
use super::source::Origin;
use super::tree::{Node, Table, Value};
use super::{AgentSpec, Channel, Event, Issue, RandomEvents};
use crate::model::calendar::{Calendar, Date, Step};
use crate::model::params::{
    Effects, ErrorMode, ErrorParams, PerceptionParams, Relationship, SecuritizationParams, TensionParams, TrustParams,
};
use crate::model::{Action, Game, Stakes};
use crate::strategy::{ParamDefault, ParamKind, ParamValue, Params, StrategySpec, registry};

/// Validates a whole scenario tree whose root table came from `origin`.
pub fn scenario(root: &Table, origin: Origin) -> Result<Scenario, Diagnostic> {
    let mut f = Fields::new(root, "", origin);
    let name_node = f
        .get("name")
        .ok_or_else(|| f.missing("name", "the output folder's name, [a-z0-9_-]+"))?;
    let name = scenario_name(name_node)?;
    let description = f.string("description")?.unwrap_or("").to_string();
    let question = f.string("question")?.unwrap_or("").to_string();
    let look_at = f.string("look_at")?.unwrap_or("").to_string();
    let rounds = count(&mut f, "rounds", None)?;
    let replicates = count(&mut f, "replicates", Some(1))?;
    let seed = match f.get("seed") {
        Some(n) => fields::integer(n, "seed", 0)? as u64,
        None => 0,
    };
    // `extends` was resolved by the loader; reading it here marks it as known.
    f.get("extends");
    let calendar = f.table("calendar")?.map(calendar).transpose()?;
    let mut g = f.table_or_empty("game")?;
    let game = match g.get("payoffs") {
        Some(n) => Game {
            payoffs: fields::matrix(n, "game.payoffs", Bound::Any, "a 3x3 table of payoffs")?,
        },
        None => Game::default(),
    };
    g.finish()?;
    let relationship = relationship(f.table_or_empty("relationship")?)?;
    let channels = list(&mut f, "channels", channel)?;
    let issues = list(&mut f, "issues", issue)?;
    let agents_node = f
        .get("agents")
        .ok_or_else(|| f.missing("agents", "a table of exactly two agents"))?;
    let agents = agents(agents_node)?;
    let events_node = f.get("events");
    let random_events = random_events(f.table_or_empty("random_events")?, &issues)?;
    let ctx = EventContext {
        agents: &agents,
        channels: &channels,
        issues: &issues,
        calendar: calendar.as_ref(),
    };
    let event_nodes = match events_node {
        Some(n) => fields::array(n, "events", "an array of tables ([[events]])")?,
        None => &[],
    };
    let mut events = event_nodes
        .iter()
        .enumerate()
        .map(|(i, e)| event(e, i, &ctx))
        .collect::<Result<Vec<_>, _>>()?;
    no_conflicting_force(&events, event_nodes, &agents)?;
    events.sort_by_key(|e| e.round);
    f.finish()?;
    Ok(Scenario {
        name,
        description,
        question,
        look_at,
        rounds,
        replicates,
        seed,
        calendar,
        game,
        relationship,
        agents,
        channels,
        issues,
        events,
        random_events,
    })
}

fn scenario_name(node: &Node) -> Result<String, Diagnostic> {
    let name = fields::string(node, "name")?;
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

/// Most rounds and replicates a scenario may ask for: far beyond any study, short of exhausting memory.
const MAX_ROUNDS: i64 = 1_000_000;
const MAX_REPLICATES: i64 = 100_000_000;

fn count(f: &mut Fields<'_>, key: &'static str, default: Option<usize>) -> Result<usize, Diagnostic> {
    let limit = if key == "rounds" { MAX_ROUNDS } else { MAX_REPLICATES };
    match (f.get(key), default) {
        (Some(n), _) => Ok(fields::integer_in(n, key, 1, limit)? as usize),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(f.missing(key, "a whole number >= 1")),
    }
}

fn calendar(mut f: Fields<'_>) -> Result<Calendar, Diagnostic> {
    let start_node = f
        .get("start")
        .ok_or_else(|| f.missing("start", "a date such as \"2022-11\""))?;
    let start = date(start_node, "calendar.start")?;
    let step = match f.get("step") {
        Some(n) => {
            let s = fields::string(n, "calendar.step")?;
            Step::parse(s).ok_or_else(|| one_of(n, "calendar.step", &Step::NAMES))?
        }
        None => Step::Month,
    };
    f.finish()?;
    Ok(Calendar { start, step })
}

fn date(node: &Node, key: &str) -> Result<Date, Diagnostic> {
    let text = match &node.value {
        Value::Str(s) | Value::Date(s) => s.as_str(),
        _ => return Err(expected(node, key, "a date such as \"2023-02\" or 2023-02-04")),
    };
    Date::parse(text).ok_or_else(|| expected(node, key, "a valid date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"))
}

fn one_of(node: &Node, key: &str, names: &[&str]) -> Diagnostic {
    let found = match &node.value {
        Value::Str(s) => s.as_str(),
        _ => "",
    };
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let d = expected(node, key, &format!("one of {list}"));
    match did_you_mean(found, names.iter().copied()) {
        Some(k) => d.with_help(format!("did you mean `{k}`?")),
        None => d,
    }
}

fn relationship(mut f: Fields<'_>) -> Result<Relationship, Diagnostic> {
    let mut t = f.table_or_empty("tension")?;
    let tension = TensionParams {
        initial: t.probability("initial", 0.0)?,
        floor: t.probability("floor", 0.0)?,
        decay: t.probability("decay", 0.0)?,
        crisis: t.probability("crisis", 1.0)?,
    };
    let origin = t.origin().clone();
    t.finish()?;
    if tension.initial < tension.floor {
        return Err(Diagnostic::new(
            "relationship.tension.initial",
            format!(
                "the initial tension ({}) is below the floor ({})",
                tension.initial, tension.floor
            ),
            Some(origin),
        )
        .with_label("initial must be >= floor")
        .with_help("tension never falls below its floor, so it cannot start there"));
    }
    let mut e = f.table_or_empty("effects")?;
    let effects = Effects {
        engage: e.number("engage", 0.0, Bound::Signed)?,
        markers: e.number("markers", 0.0, Bound::Signed)?,
        retaliate: e.number("retaliate", 0.0, Bound::Signed)?,
    };
    e.finish()?;
    let tension_cost = f.non_negative("tension_cost", 0.0)?;
    f.finish()?;
    Ok(Relationship {
        tension,
        effects,
        tension_cost,
    })
}

fn list<T>(
    f: &mut Fields<'_>,
    key: &'static str,
    item: fn(&Node, &str) -> Result<T, Diagnostic>,
) -> Result<Vec<T>, Diagnostic> {
    let Some(node) = f.get(key) else { return Ok(Vec::new()) };
    let items = fields::array(node, key, &format!("an array of tables ([[{key}]])"))?;
    let out = items
        .iter()
        .enumerate()
        .map(|(i, n)| item(n, &format!("{key}[{i}]")))
        .collect::<Result<Vec<T>, _>>()?;
    Ok(out)
}

fn required_name(f: &mut Fields<'_>) -> Result<String, Diagnostic> {
    let path = f.path("name");
    let node = f.get("name").ok_or_else(|| f.missing("name", "a name"))?;
    let name = fields::string(node, &path)?;
    if name.is_empty() {
        return Err(expected(node, &path, "a non-empty name"));
    }
    if name.contains('|') {
        return Err(expected(node, &path, "a name without `|`")
            .with_help("`|` separates the names of a round's events in trajectories.csv's `event` column"));
    }
    Ok(name.to_string())
}

fn channel(node: &Node, path: &str) -> Result<Channel, Diagnostic> {
    let mut f = Fields::of(node, path)?;
    let c = Channel {
        name: required_name(&mut f)?,
        open: f.boolean("open", true)?,
        noise_reduction: f.probability("noise_reduction", 0.0)?,
    };
    f.finish()?;
    Ok(c)
}

fn issue(node: &Node, path: &str) -> Result<Issue, Diagnostic> {
    let mut f = Fields::of(node, path)?;
    let i = Issue {
        name: required_name(&mut f)?,
        salience: f.non_negative("salience", 1.0)?,
    };
    f.finish()?;
    Ok(i)
}

fn agents(node: &Node) -> Result<[AgentSpec; 2], Diagnostic> {
    let f = Fields::of(node, "agents")?;
    let entries: Vec<_> = f.entries().collect();
    if entries.len() != 2 {
        let found = entries
            .iter()
            .map(|e| format!("`{}`", e.key))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Diagnostic::new(
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
        .with_help("the model is a two-state game: add [agents.<id>] tables until there are exactly two"));
    }
    let a = agent(&entries[0].key, &entries[0].key_origin, &entries[0].node)?;
    let b = agent(&entries[1].key, &entries[1].key_origin, &entries[1].node)?;
    Ok([a, b])
}

fn agent(id: &str, id_origin: &Origin, node: &Node) -> Result<AgentSpec, Diagnostic> {
    let path = format!("agents.{id}");
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !id_ok {
        return Err(Diagnostic::new(
            &path,
            "an agent's id may hold only letters, digits, `_` and `-` (it names output columns)",
            Some(id_origin.clone()),
        )
        .with_label("not a valid id"));
    }
    let mut f = Fields::of(node, &path)?;
    let label = f.string("label")?.unwrap_or(id).to_string();
    let strategy_node = f
        .get("strategy")
        .ok_or_else(|| f.missing("strategy", "a strategy name or { kind = \"...\" }"))?;
    let strategy = strategy(strategy_node, &format!("{path}.strategy"))?;
    let stakes = Stakes {
        audience: f.non_negative("audience", 0.0)?,
        face_cost: f.non_negative("face_cost", 0.0)?,
        retaliation_cost: f.non_negative("retaliation_cost", 0.0)?,
        backing_down_cost: f.non_negative("backing_down_cost", 0.0)?,
    };
    let mut t = f.table_or_empty("trust")?;
    let trust = TrustParams {
        initial: t.probability("initial", 0.5)?,
        learning: t.probability("learning", 0.0)?,
    };
    t.finish()?;
    let mut t = f.table_or_empty("securitization")?;
    let securitization = SecuritizationParams {
        initial: t.probability("initial", 0.0)?,
        drift: t.number("drift", 0.0, Bound::Signed)?,
        response: t.number("response", 0.0, Bound::Signed)?,
    };
    t.finish()?;
    let mut t = f.table_or_empty("perception")?;
    let perception = PerceptionParams {
        noise: t.probability("noise", 0.0)?,
        hostile_bias: t.probability("hostile_bias", 0.5)?,
    };
    t.finish()?;
    let mut t = f.table_or_empty("errors")?;
    let errors = ErrorParams {
        rate: t.probability("rate", 0.0)?,
        towards: match t.get("towards") {
            Some(n) => {
                let key = format!("{path}.errors.towards");
                match fields::string(n, &key)? {
                    "escalation" => ErrorMode::Escalation,
                    "any" => ErrorMode::Any,
                    "flip" => ErrorMode::Flip,
                    _ => return Err(one_of(n, &key, &ErrorMode::NAMES)),
                }
            }
            None => ErrorMode::Escalation,
        },
    };
    t.finish()?;
    f.finish()?;
    Ok(AgentSpec {
        id: id.to_string(),
        label,
        strategy,
        stakes,
        trust,
        securitization,
        perception,
        errors,
    })
}

fn strategy(node: &Node, path: &str) -> Result<StrategySpec, Diagnostic> {
    let (name_node, table) = match &node.value {
        Value::Str(_) => (node, None),
        Value::Table(t) => {
            let kind = t.get("kind").map(|e| &e.node).ok_or_else(|| {
                Diagnostic::new(
                    format!("{path}.kind"),
                    format!("`{path}` needs `kind`, the strategy's name"),
                    Some(node.origin.clone()),
                )
                .with_label("`kind` missing here")
            })?;
            (kind, Some(t))
        }
        _ => {
            return Err(expected(
                node,
                path,
                "a strategy name or a table { kind = \"...\", ... }",
            ));
        }
    };
    let key = if table.is_some() {
        format!("{path}.kind")
    } else {
        path.to_string()
    };
    let name = fields::string(name_node, &key)?;
    let info = registry::find(name).ok_or_else(|| {
        let d = expected(name_node, &key, "a known strategy").with_label("unknown strategy");
        match did_you_mean(name, registry::names()) {
            Some(k) => d.with_help(format!("did you mean `{k}`? (`coexist strategies` lists them all)")),
            None => d.with_help("`coexist strategies` lists every strategy"),
        }
    })?;
    let mut params = Params::default();
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
            return Err(match did_you_mean(&entry.key, names.iter().copied()) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None if names.is_empty() => d.with_help(format!("`{}` has no parameters", info.name)),
                None => d.with_help(format!("its parameters: {}", names.join(", "))),
            });
        }
    }
    for p in info.params {
        let key = format!("{path}.{}", p.name);
        match given.iter().find(|e| e.key == p.name) {
            Some(entry) => params.insert(p.name, param_value(&entry.node, &key, p.kind)?),
            None => match p.default {
                ParamDefault::Number(x) => params.insert(p.name, ParamValue::Number(x)),
                ParamDefault::Vector(v) => params.insert(p.name, ParamValue::Vector(v)),
                ParamDefault::Derived => {}
                ParamDefault::Required => {
                    return Err(Diagnostic::new(
                        &key,
                        format!("`{}` needs `{}`: {}", info.name, p.name, p.kind.describe()),
                        Some(node.origin.clone()),
                    )
                    .with_label(format!("`{}` missing here", p.name))
                    .with_help(format!(
                        "write strategy = {{ kind = \"{}\", {} = ... }}",
                        info.name, p.name
                    )));
                }
            },
        }
    }
    Ok(StrategySpec { info, params })
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

fn event(node: &Node, index: usize, ctx: &EventContext<'_>) -> Result<Event, Diagnostic> {
    let path = format!("events[{index}]");
    let mut f = Fields::of(node, &path)?;
    let at = f
        .get("at")
        .ok_or_else(|| f.missing("at", "a round number, or a date when a [calendar] is set"))?;
    let at_key = f.path("at");
    let round = match (&at.value, ctx.calendar) {
        (Value::Int(_) | Value::Float(_), _) => fields::integer(at, &at_key, 1)? as usize,
        (Value::Str(_) | Value::Date(_), Some(cal)) => {
            let r = cal.round_of(date(at, &at_key)?);
            if r < 1 {
                return Err(expected(at, &at_key, "a date on or after the calendar's start"));
            }
            r as usize
        }
        (Value::Str(_) | Value::Date(_), None) => {
            return Err(expected(at, &at_key, "a round number (dates need a [calendar])")
                .with_help("add [calendar] start = \"YYYY-MM\", step = \"month\" to place events by date"));
        }
        _ => return Err(expected(at, &at_key, "a round number or a date")),
    };
    let name = required_name(&mut f)?;
    let tension = f.number("tension", 0.0, Bound::Signed)?;
    let (issue, salience) = match f.get("issue") {
        Some(n) => {
            let (name, s) = salience_of(ctx.issues, n, &format!("{path}.issue"))?;
            (Some(name), s)
        }
        None => (None, 1.0),
    };
    let mut trust = [0.0; 2];
    let mut securitization = [0.0; 2];
    for (key, target) in [("trust", &mut trust), ("securitization", &mut securitization)] {
        if let Some(t) = f.table(key)? {
            let sub = format!("{path}.{key}");
            for entry in t.entries() {
                let i = ctx.agent_index(entry, &sub)?;
                target[i] = fields::number(&entry.node, &format!("{sub}.{}", entry.key), Bound::Signed)?;
            }
        }
    }
    let mut force = [None, None];
    let mut force_rounds = 0;
    let mut force_overrides = false;
    if let Some(t) = f.table("force")? {
        let sub = format!("{path}.force");
        force_rounds = 1;
        for entry in t.entries() {
            let key = format!("{sub}.{}", entry.key);
            if entry.key == "rounds" {
                force_rounds = fields::integer_in(&entry.node, &key, 1, MAX_ROUNDS)? as usize;
                continue;
            }
            if entry.key == "overrides" {
                force_overrides = fields::boolean(&entry.node, &key)?;
                continue;
            }
            let i = ctx.agent_index(entry, &sub)?;
            let name = fields::string(&entry.node, &key)?;
            force[i] = Some(
                Action::parse(name).ok_or_else(|| one_of(&entry.node, &key, &["engage", "markers", "retaliate"]))?,
            );
        }
    }
    let mut channels = Vec::new();
    if let Some(t) = f.table("channels")? {
        let sub = format!("{path}.channels");
        for entry in t.entries() {
            let key = format!("{sub}.{}", entry.key);
            let i = ctx.channels.iter().position(|c| c.name == entry.key).ok_or_else(|| {
                let names: Vec<&str> = ctx.channels.iter().map(|c| c.name.as_str()).collect();
                let d = Diagnostic::new(
                    &key,
                    format!("`{}` is not a channel of this scenario", entry.key),
                    Some(entry.key_origin.clone()),
                )
                .with_label("unknown channel");
                match did_you_mean(&entry.key, names.iter().copied()) {
                    Some(k) => d.with_help(format!("did you mean `{k}`?")),
                    None if names.is_empty() => d.with_help("declare it first: [[channels]] name = \"...\""),
                    None => d.with_help(format!("channels: {}", names.join(", "))),
                }
            })?;
            channels.push((i, fields::boolean(&entry.node, &key)?));
        }
    }
    f.finish()?;
    Ok(Event {
        round,
        name,
        tension,
        issue,
        salience,
        trust,
        securitization,
        force,
        force_rounds,
        force_overrides,
        channels,
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

fn random_events(mut f: Fields<'_>, issues: &[Issue]) -> Result<RandomEvents, Diagnostic> {
    let rate = f.probability("rate", 0.0)?;
    let mut t = f.table_or_empty("tension")?;
    let tension_min = t.number("min", 0.0, Bound::Signed)?;
    let tension_max = t.number("max", tension_min, Bound::Signed)?;
    let origin = t.origin().clone();
    t.finish()?;
    if tension_max < tension_min {
        return Err(Diagnostic::new(
            "random_events.tension",
            format!("`min` ({tension_min}) is above `max` ({tension_max})"),
            Some(origin),
        )
        .with_label("expected min <= max"));
    }
    let (issue, salience) = match f.get("issue") {
        Some(n) => {
            let (name, s) = salience_of(issues, n, "random_events.issue")?;
            (Some(name), s)
        }
        None => (None, 1.0),
    };
    f.finish()?;
    Ok(RandomEvents {
        rate,
        tension_min,
        tension_max,
        issue,
        salience,
    })
}

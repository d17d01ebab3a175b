//! The scenario format's two references, generated from the loader's schema and the strategy
//! registry: `docs/SCENARIO.md` for people and a JSON Schema for TOML editors (taplo, Even
//! Better TOML), which `coexist schema` prints.

use std::fmt::Write;

use serde_json::{Map, Value as Json, json};

use super::schema::{self, Bound, KEYS, Key, KeyDefault, Kind, MAX_MAGNITUDE};
use crate::strategy::{ParamDefault, ParamInfo, ParamKind, StrategyInfo, registry};

/// The path of the JSON Schema in the repository, as the library's `#:schema` lines name it.
pub const SCHEMA_FILE: &str = "docs/scenario.schema.json";

/// A date as the calendar reads it: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn.
const DATE_PATTERN: &str = "^[0-9]{4}(-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?$";

/// The JSON Schema (draft 07) of scenario files.
pub fn json_schema() -> Json {
    let mut root = table("");
    let top = root.as_object_mut().expect("a table is an object");
    top.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    top.insert("title".into(), json!("coexist scenario"));
    top.insert(
        "description".into(),
        json!("A scenario file of coexist; docs/SCENARIO.md describes every key."),
    );
    // A file that extends another may leave out what its parent gives.
    let required: Vec<&str> = schema::children("")
        .filter(|k| matches!(k.default, KeyDefault::Required))
        .map(|k| k.path)
        .collect();
    top.insert("required".into(), json!(["name"]));
    top.insert("if".into(), json!({ "not": { "required": ["extends"] } }));
    top.insert(
        "then".into(),
        json!({ "required": required, "properties": { "agents": { "minProperties": 2 } } }),
    );
    root
}

/// The schema of the table at `pattern`: its declared keys, and for a table whose keys the
/// file chooses (`<id>`, `<name>`), what each of them holds.
fn table(pattern: &str) -> Json {
    let mut properties = Map::new();
    let mut open = None;
    for k in schema::children(pattern) {
        let leaf = schema::leaf(k.path);
        if leaf.starts_with('<') {
            open = Some(value(k));
        } else {
            properties.insert(leaf.to_string(), value(k));
        }
    }
    let mut out = json!({ "type": "object", "properties": properties });
    let obj = out.as_object_mut().expect("an object");
    obj.insert("additionalProperties".into(), open.unwrap_or(json!(false)));
    if pattern == "agents" {
        obj.insert("maxProperties".into(), json!(2));
    }
    if schema::find(&format!("{pattern}.name")).is_some_and(|k| matches!(k.kind, Kind::ElementName)) {
        obj.insert("required".into(), json!(["name"]));
    }
    out
}

fn value(k: &Key) -> Json {
    let mut out = match k.kind {
        Kind::Table => table(k.path),
        Kind::Tables => json!({ "type": "array", "items": table(&format!("{}[]", k.path)) }),
        kind => kind_schema(kind),
    };
    let obj = out.as_object_mut().expect("every value schema is an object");
    obj.insert("description".into(), json!(k.meaning));
    if let Some(d) = default_json(k.default) {
        obj.insert("default".into(), d);
    }
    out
}

fn number(bound: Bound) -> Json {
    match bound {
        Bound::Any => json!({ "type": "number", "minimum": -MAX_MAGNITUDE, "maximum": MAX_MAGNITUDE }),
        Bound::NonNegative => json!({ "type": "number", "minimum": 0, "maximum": MAX_MAGNITUDE }),
        Bound::Probability => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
        Bound::Signed => json!({ "type": "number", "minimum": -1, "maximum": 1 }),
    }
}

fn rows(cell: Json) -> Json {
    let row = json!({ "type": "array", "items": cell, "minItems": 3, "maxItems": 3 });
    json!({ "type": "array", "items": row, "minItems": 3, "maxItems": 3 })
}

fn kind_schema(kind: Kind) -> Json {
    match kind {
        Kind::Number(b) => number(b),
        Kind::Integer { min, max } if max == i64::MAX => json!({ "type": "integer", "minimum": min }),
        Kind::Integer { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        Kind::Seed => json!({ "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "string", "pattern": "^[0-9]{1,20}$" },
        ] }),
        Kind::Text | Kind::Path | Kind::IssueName => json!({ "type": "string" }),
        Kind::FolderName => json!({ "type": "string", "pattern": "^[a-z0-9_-]+$" }),
        Kind::ElementName => json!({ "type": "string", "pattern": "^[^|]+$" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Remove => json!({ "const": true }),
        Kind::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        Kind::RoundOrDate => json!({ "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": DATE_PATTERN },
        ] }),
        Kind::OneOf(names) => json!({ "enum": names }),
        Kind::Payoffs => rows(json!({ "type": "number" })),
        Kind::Strategy => strategy(),
        Kind::Table | Kind::Tables => unreachable!("tables are described by their keys"),
    }
}

/// A strategy's name, or a table naming its `kind` with that strategy's parameters.
fn strategy() -> Json {
    let names: Vec<&str> = registry::names().collect();
    let tables: Vec<Json> = registry::ALL.iter().map(|s| strategy_table(s)).collect();
    json!({ "anyOf": [ { "enum": names }, { "oneOf": tables } ] })
}

fn strategy_table(s: &StrategyInfo) -> Json {
    let mut properties = Map::new();
    properties.insert("kind".into(), json!({ "const": s.name, "description": s.rule }));
    let mut required = vec!["kind"];
    for p in s.params {
        let mut v = param_schema(p.kind);
        let obj = v.as_object_mut().expect("an object");
        obj.insert("description".into(), json!(p.doc));
        match p.default {
            ParamDefault::Number(x) => {
                obj.insert("default".into(), json!(x));
            }
            ParamDefault::Vector(w) => {
                obj.insert("default".into(), json!(w));
            }
            ParamDefault::Derived => {}
            ParamDefault::Required => required.push(p.name),
        }
        properties.insert(p.name.into(), v);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn param_schema(kind: ParamKind) -> Json {
    match kind {
        ParamKind::Probability => number(Bound::Probability),
        ParamKind::NonNegative => number(Bound::NonNegative),
        ParamKind::Discount => json!({ "type": "number", "minimum": 0, "exclusiveMaximum": 1 }),
        ParamKind::Count => json!({ "type": "integer", "minimum": 0 }),
        ParamKind::Weights => {
            json!({ "type": "array", "items": number(Bound::NonNegative), "minItems": 3, "maxItems": 3 })
        }
        ParamKind::StochasticTable => rows(number(Bound::Probability)),
    }
}

fn default_json(d: KeyDefault) -> Option<Json> {
    match d {
        KeyDefault::Number(x) => Some(json!(x)),
        KeyDefault::Integer(i) => Some(json!(i)),
        KeyDefault::Bool(b) => Some(json!(b)),
        KeyDefault::Text(t) => Some(json!(t)),
        KeyDefault::Payoffs => Some(json!(schema::default_payoffs())),
        KeyDefault::Required | KeyDefault::Absent | KeyDefault::Derived(_) => None,
    }
}

/// `docs/SCENARIO.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "# Scenario files\n\n\
         <!-- Generated by `coexist schema --markdown` from the loader's own schema; \
         `cargo test --test schema` checks that it is current. -->\n\n\
         A scenario is a TOML file. This is every key the loader accepts, with its type, its \
         default (what the model uses when the file leaves the key out) and its meaning; any \
         other key is an error that names the closest known one. `docs/MODEL.md` gives the \
         equations each key enters, `coexist strategies` the strategies, and \
         `docs/scenario.schema.json` (printed by `coexist schema`) the same reference for \
         editors: a file whose first line is `#:schema ../docs/scenario.schema.json` is \
         validated and completed as you type by taplo and Even Better TOML.\n\n\
         A file that `extends` another gives only what it changes: tables merge key by key \
         (a `strategy` of another `kind` replaces the parent's whole), and `[[events]]`, \
         `[[channels]]` and `[[issues]]` merge element by element by `name` (a new name \
         adds, the same name replaces, `remove = true` takes out). `--set KEY=VALUE` \
         changes any key from the command line, addressing a named element by its name \
         (`--set channels.military.open=true`).\n\n\
         Keys marked *required* must be given by the file or the file it extends.\n",
    );
    section(&mut out, "", "The top level", "");
    for k in KEYS.iter().filter(|k| matches!(k.kind, Kind::Table | Kind::Tables)) {
        let heading = match (k.kind, k.path.split_once("[].")) {
            (Kind::Tables, _) => format!("`[[{}]]`", k.path),
            (_, Some((array, within))) => format!("`{within}` in `[[{array}]]`"),
            _ => format!("`[{}]`", k.path),
        };
        let inner = match k.kind {
            Kind::Tables => format!("{}[]", k.path),
            _ => k.path.to_string(),
        };
        section(&mut out, &inner, &heading, k.meaning);
    }
    out.push_str("\n## Strategies\n\n");
    out.push_str(
        "`strategy = \"name\"` takes a strategy with its defaults; \
         `strategy = { kind = \"name\", parameter = value }` sets its parameters.\n",
    );
    for s in registry::ALL {
        let _ = write!(out, "\n### `{}`\n\n{}\n", s.name, s.rule);
        if !s.params.is_empty() {
            out.push_str("\n| parameter | type | default | meaning |\n|---|---|---|---|\n");
            for p in s.params {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    p.name,
                    cell(p.kind.describe()),
                    cell(&param_default(p)),
                    cell(p.doc)
                );
            }
        }
    }
    out
}

/// A heading, what the table is for, and the table of the value keys directly inside `pattern`.
fn section(out: &mut String, pattern: &str, heading: &str, meaning: &str) {
    let keys: Vec<&Key> = schema::children(pattern)
        .filter(|k| !matches!(k.kind, Kind::Table | Kind::Tables))
        .collect();
    let _ = write!(out, "\n## {heading}\n");
    if !meaning.is_empty() {
        let _ = write!(out, "\n{meaning}\n");
    }
    if keys.is_empty() {
        return;
    }
    out.push_str("\n| key | type | default | meaning |\n|---|---|---|---|\n");
    for k in keys {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            schema::leaf(k.path),
            cell(&describe(k.kind)),
            cell(&default_text(k.default)),
            cell(k.meaning)
        );
    }
}

/// Text for a Markdown table cell, whose `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn describe(kind: Kind) -> String {
    match kind {
        Kind::Number(b) => b.describe().to_string(),
        Kind::Integer { min, max } if max == i64::MAX => format!("a whole number >= {min}"),
        Kind::Integer { min, max } => format!("a whole number from {min} to {max}"),
        Kind::Seed => "a whole number from 0 to 18446744073709551615 (above 9223372036854775807, TOML's largest integer, as a string: `\"18446744073709551615\"`)".into(),
        Kind::Text => "text".into(),
        Kind::FolderName => "lowercase letters, digits, `_` and `-`".into(),
        Kind::ElementName => "a non-empty name without `|`".into(),
        Kind::Path => "a path, relative to this file".into(),
        Kind::Bool => "`true` or `false`".into(),
        Kind::Date => "a date: `\"2023\"`, `\"2023-02\"`, `2023-02-04` or `\"2023-Q1\"`".into(),
        Kind::OneOf(names) => names
            .iter()
            .map(|n| format!("`\"{n}\"`"))
            .collect::<Vec<_>>()
            .join(", "),
        Kind::Payoffs => "a 3x3 table of numbers".into(),
        Kind::Strategy => "a strategy name, or `{ kind = \"...\", ... }`".into(),
        Kind::RoundOrDate => "a round number >= 1, or a date".into(),
        Kind::IssueName => "the name of an issue in `[[issues]]`".into(),
        Kind::Remove => "`true`".into(),
        Kind::Table | Kind::Tables => "a table".into(),
    }
}

fn default_text(d: KeyDefault) -> String {
    match d {
        KeyDefault::Required => "*required*".into(),
        KeyDefault::Absent => "none".into(),
        KeyDefault::Number(x) => format!("`{x}`"),
        KeyDefault::Integer(i) => format!("`{i}`"),
        KeyDefault::Bool(b) => format!("`{b}`"),
        KeyDefault::Text(t) => format!("`\"{t}\"`"),
        KeyDefault::Payoffs => {
            let rows: Vec<String> = schema::default_payoffs()
                .iter()
                .map(|r| format!("[{}, {}, {}]", r[0], r[1], r[2]))
                .collect();
            format!(
                "`[{}]` (Axelrod's prisoner's dilemma on engage/retaliate, markers between)",
                rows.join(", ")
            )
        }
        KeyDefault::Derived(words) => words.into(),
    }
}

fn param_default(p: &ParamInfo) -> String {
    match p.default {
        ParamDefault::Number(x) => format!("`{x}`"),
        ParamDefault::Vector(v) => format!("`[{}, {}, {}]`", v[0], v[1], v[2]),
        ParamDefault::Derived => "derived from the game".into(),
        ParamDefault::Required => "*required*".into(),
    }
}

//! The scenario reference is the loader's own: a file that gives every key of the schema
//! loads (so the schema declares nothing the loader rejects, and the loader, which reads every
//! key through the schema, reads nothing it does not declare), and the documents generated
//! from it are current. `COEXIST_BLESS=1 cargo test --test schema` rewrites them.

use std::path::Path;

use coexist::commands::schema::{SchemaArgs, text};
use coexist::scenario::reference::SCHEMA_FILE;
use coexist::scenario::schema::{KEYS, Kind, leaf, parent_of};
use serde_json::{Map, Value, json};

/// A value of `kind` that every key of that kind accepts in the file built below.
fn example(kind: Kind) -> Value {
    match kind {
        Kind::Number(_) => json!(0.5),
        Kind::Integer { min, .. } => json!(min.max(1)),
        Kind::Seed => json!("18446744073709551615"),
        Kind::Text | Kind::FolderName | Kind::ElementName | Kind::IssueName => json!("x"),
        Kind::Path => json!("parent.toml"),
        Kind::Bool => json!(true),
        Kind::Date | Kind::RoundOrDate => json!("2023-01"),
        Kind::OneOf(names) => json!(names[0]),
        Kind::Payoffs => json!([[3, 1, 0], [4, 2, 0.5], [5, 2.5, 1]]),
        Kind::Strategy => json!("tit_for_tat"),
        Kind::Table => json!({}),
        Kind::Tables => json!([{}]),
        Kind::Remove => json!(true),
    }
}

/// The concrete paths of a pattern: both agents for `agents.<id>`, the first agent or
/// channel elsewhere.
fn concrete(pattern: &str) -> Vec<String> {
    if let Some(rest) = pattern.strip_prefix("agents.<id>") {
        return vec![format!("agents.a{rest}"), format!("agents.b{rest}")];
    }
    vec![pattern.replace("<id>", "a").replace("<name>", "x")]
}

/// Sets `value` at a dotted path whose `name[]` segments address an array's first element.
fn set(tree: &mut Map<String, Value>, path: &str, value: Value) {
    let (head, last) = match path.rsplit_once('.') {
        Some((h, l)) => (Some(h), l),
        None => (None, path),
    };
    let mut at = tree;
    for segment in head.into_iter().flat_map(|h| h.split('.')) {
        let (name, element) = match segment.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (segment, false),
        };
        let slot = at
            .entry(name)
            .or_insert_with(|| if element { json!([{}]) } else { json!({}) });
        let slot = if element {
            &mut slot.as_array_mut().unwrap()[0]
        } else {
            slot
        };
        at = slot.as_object_mut().unwrap();
    }
    let last = last.strip_suffix("[]").unwrap_or(last);
    let fresh = !matches!(value, Value::Object(_) | Value::Array(_));
    if fresh || !at.contains_key(last) {
        at.insert(last.to_string(), value);
    }
}

/// A JSON value as an inline TOML value.
fn toml(value: &Value) -> String {
    match value {
        Value::Object(m) => {
            let items: Vec<String> = m.iter().map(|(k, v)| format!("{k} = {}", toml(v))).collect();
            format!("{{ {} }}", items.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(toml).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// A file that gives every key the schema declares, extending a parent that has an element
/// named `gone` in each named array for its `remove` keys to take out.
fn every_key(dir: &Path) -> std::path::PathBuf {
    let parent = "name = \"parent\"\nrounds = 2\n\
                  agents = { a = { strategy = \"grim\" }, b = { strategy = \"grim\" } }\n\
                  channels = [{ name = \"gone\" }]\nissues = [{ name = \"gone\" }]\n\
                  events = [{ at = 1, name = \"gone\" }]\n";
    std::fs::write(dir.join("parent.toml"), parent).unwrap();
    let mut tree = Map::new();
    for k in KEYS.iter().filter(|k| !matches!(k.kind, Kind::Remove)) {
        for path in concrete(k.path) {
            set(&mut tree, &path, example(k.kind));
        }
    }
    for k in KEYS.iter().filter(|k| matches!(k.kind, Kind::Remove)) {
        let array = parent_of(k.path).trim_end_matches("[]");
        let elements = tree[array].as_array_mut().unwrap();
        elements.push(json!({ "name": "gone", leaf(k.path): true }));
    }
    let text: String = tree.iter().map(|(k, v)| format!("{k} = {}\n", toml(v))).collect();
    let path = dir.join("every-key.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_file_giving_every_key_of_the_schema_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = every_key(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let sc = coexist::scenario::load(&path).unwrap_or_else(|e| panic!("{e}\nthe file:\n{text}"));
    assert_eq!(sc.events.len(), 1, "the parent's event is removed, the file's kept");
    assert_eq!(sc.channels[0].name, "x");
    assert_eq!(sc.agents[0].trust.initial, 0.5, "keys are read, not ignored");
}

fn check_generated(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("COEXIST_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{file} is not what the schema generates: run `COEXIST_BLESS=1 cargo test --test schema`"
    );
}

#[test]
fn docs_scenario_md_is_generated_from_the_schema() {
    check_generated("docs/SCENARIO.md", &text(&SchemaArgs { markdown: true }));
}

#[test]
fn the_committed_json_schema_is_what_coexist_schema_prints() {
    check_generated(SCHEMA_FILE, &text(&SchemaArgs { markdown: false }));
}

#[test]
fn every_library_file_names_the_json_schema_on_its_first_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(format!("#:schema ../{SCHEMA_FILE}").as_str()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_json_schema_lists_every_strategy_and_closes_every_table() {
    let schema: Value = serde_json::from_str(&text(&SchemaArgs { markdown: false })).unwrap();
    let agent = &schema["properties"]["agents"]["additionalProperties"];
    let names = agent["properties"]["strategy"]["anyOf"][0]["enum"].as_array().unwrap();
    assert_eq!(names.len(), coexist::strategy::registry::ALL.len());
    assert_eq!(agent["additionalProperties"], json!(false));
    assert_eq!(schema["additionalProperties"], json!(false));
}

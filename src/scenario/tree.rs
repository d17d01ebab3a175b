//! The scenario as a tree of values that remember where they were written.
//!
//! Files are parsed into this tree, `extends` merges trees, and `--set` overrides
//! are applied to it, all before validation: so an override or an inherited value
//! is checked exactly like a value in the file, and its errors point at the text
//! that produced it.

use std::sync::Arc;

use toml_edit::{Item, Value as TomlValue};

use super::diagnostic::{Diagnostic, did_you_mean};
use super::source::{Origin, Source};

#[derive(Debug, Clone)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date or date-time literal, kept as written.
    Date(String),
    Array(Vec<Node>),
    Table(Table),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_origin: Origin,
    pub node: Node,
}

impl Value {
    /// What kind of value this is, as a user would name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }

    /// The value as it would be written in TOML, shortened for messages.
    pub fn brief(&self) -> String {
        match self {
            Value::Str(s) => format!("{s:?}"),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.clone(),
            Value::Array(_) => "an array".into(),
            Value::Table(_) => "a table".into(),
        }
    }
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.key == key)
    }

    /// Inserts or replaces `key`, keeping the position of a replaced entry.
    pub fn set(&mut self, entry: Entry) {
        match self.get_mut(&entry.key) {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(i))
    }

    /// Merges `child` over `self`: tables key by key, anything else (arrays included) replaced.
    pub fn merge(&mut self, child: Table) {
        for entry in child.entries {
            match self.get_mut(&entry.key) {
                Some(existing) => match (&mut existing.node.value, entry.node.value) {
                    // A table of another `kind` (a strategy of another kind) shares nothing
                    // with the one it replaces, so it replaces it whole; one of the same
                    // kind changes the keys it names.
                    (Value::Table(mine), Value::Table(theirs)) if same_kind(mine, &theirs) => mine.merge(theirs),
                    (_, value) => {
                        existing.node = Node {
                            value,
                            origin: entry.node.origin,
                        };
                        existing.key_origin = entry.key_origin;
                    }
                },
                None => self.entries.push(entry),
            }
        }
    }
}

/// The arrays of tables whose elements are known by their `name`: a child's element adds to
/// the parent's, replaces the parent's element of the same name, or removes it
/// (`remove = true`).
pub const NAMED_ARRAYS: [&str; 3] = ["events", "channels", "issues"];

impl Table {
    /// Merges a child scenario over `self` (its parent): [`NAMED_ARRAYS`] element by element
    /// by name, everything else as [`Table::merge`] does.
    pub fn merge_scenario(&mut self, child: Table) -> Result<(), Diagnostic> {
        for entry in child.entries {
            if !NAMED_ARRAYS.contains(&entry.key.as_str()) {
                self.merge(Table { entries: vec![entry] });
                continue;
            }
            match self.get_mut(&entry.key) {
                Some(mine) => merge_named(&entry.key, &mut mine.node, entry.node)?,
                None => {
                    let mut node = Node {
                        value: Value::Array(Vec::new()),
                        origin: entry.node.origin.clone(),
                    };
                    merge_named(&entry.key, &mut node, entry.node)?;
                    self.entries.push(Entry {
                        key: entry.key,
                        key_origin: entry.key_origin,
                        node,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Whether an element of a named array takes one out (`remove = ...`).
fn removes(node: &Node) -> bool {
    matches!(&node.value, Value::Table(t) if t.get("remove").is_some())
}

/// The `name` of an element of a named array, if it has a string one.
fn element_name(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Table(t) => match &t.get("name")?.node.value {
            Value::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn merge_named(key: &str, parent: &mut Node, child: Node) -> Result<(), Diagnostic> {
    match (&mut parent.value, child.value) {
        (Value::Array(mine), Value::Array(theirs)) => merge_elements(key, mine, theirs),
        // Not arrays: validation reports the wrong type where it was written.
        (_, value) => {
            *parent = Node {
                value,
                origin: child.origin,
            };
            Ok(())
        }
    }
}

fn merge_elements(key: &str, mine: &mut Vec<Node>, theirs: Vec<Node>) -> Result<(), Diagnostic> {
    // Elements are known by name, so one file naming two alike would silently lose the first.
    for (i, element) in theirs.iter().enumerate() {
        let Some(name) = element_name(element).filter(|_| !removes(element)) else {
            continue;
        };
        if let Some(first) = theirs[..i]
            .iter()
            .find(|e| !removes(e) && element_name(e) == Some(name))
        {
            let line = first.origin.source.line_col(first.origin.span.start).0;
            return Err(Diagnostic::new(
                format!("{key}.name"),
                format!("two `{key}` elements are named `{name}` (the first at line {line})"),
                Some(element.origin.clone()),
            )
            .with_label("the second of that name")
            .with_help(format!(
                "`{key}` elements are known by their names (a file that extends this one replaces or removes them by name): give each its own"
            )));
        }
    }
    for mut element in theirs {
        let removes = match &mut element.value {
            Value::Table(t) => t.remove("remove"),
            _ => None,
        };
        let name = element_name(&element).map(String::from);
        let at = name
            .as_deref()
            .and_then(|n| mine.iter().position(|e| element_name(e) == Some(n)));
        match removes {
            Some(flag) => {
                if !matches!(flag.node.value, Value::Bool(true)) {
                    return Err(Diagnostic::new(
                        format!("{key}.remove"),
                        "`remove` is `true` or absent",
                        Some(flag.node.origin),
                    )
                    .with_label("expected `true`"));
                }
                let Some(at) = at else {
                    let known: Vec<&str> = mine.iter().filter_map(element_name).collect();
                    let d = Diagnostic::new(
                        format!("{key}.remove"),
                        match &name {
                            Some(n) => {
                                format!("no `{key}` element named `{n}` to remove in the scenario this one extends")
                            }
                            None => format!(
                                "an element of `{key}` with `remove = true` needs the `name` of the one it removes"
                            ),
                        },
                        Some(element.origin),
                    )
                    .with_label("removes nothing");
                    return Err(
                        match name.as_deref().and_then(|n| did_you_mean(n, known.iter().copied())) {
                            Some(k) => d.with_help(format!("did you mean `{k}`?")),
                            None => d.with_help(format!("the names there are: {}", known.join(", "))),
                        },
                    );
                };
                mine.remove(at);
            }
            None => match at {
                Some(at) => mine[at] = element,
                None => mine.push(element),
            },
        }
    }
    Ok(())
}

/// Whether two tables may merge key by key: unless both name a `kind`, and different ones.
fn same_kind(a: &Table, b: &Table) -> bool {
    let kind = |t: &Table| match t.get("kind").map(|e| &e.node.value) {
        Some(Value::Str(k)) => Some(k.clone()),
        _ => None,
    };
    match (kind(a), kind(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Parses a TOML text into a tree; a syntax error becomes a diagnostic at its span.
pub fn parse(source: &Arc<Source>) -> Result<Table, Diagnostic> {
    let doc = toml_edit::Document::parse(source.text.as_str()).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        Diagnostic::new("", "this is not valid TOML", Some(Origin::new(source, span))).with_label(message)
    })?;
    let root = Origin::new(source, 0..0);
    Ok(convert_table(doc.as_table(), source, &root, 0))
}

/// Converts parsed TOML, shifting every span by `shift` bytes (for override text).
fn convert_table(table: &toml_edit::Table, source: &Arc<Source>, parent: &Origin, shift: isize) -> Table {
    let entries = table
        .iter()
        .filter_map(|(key, item)| {
            let key_span = table.key(key).and_then(|k| k.span());
            let key_origin = span_origin(key_span, source, parent, shift);
            let node = convert_item(item, source, &key_origin, shift)?;
            Some(Entry {
                key: key.to_string(),
                key_origin,
                node,
            })
        })
        .collect();
    Table { entries }
}

fn span_origin(span: Option<std::ops::Range<usize>>, source: &Arc<Source>, fallback: &Origin, shift: isize) -> Origin {
    match span {
        Some(s) => Origin::new(source, offset(s.start, shift)..offset(s.end, shift)),
        None => fallback.clone(),
    }
}

fn offset(at: usize, shift: isize) -> usize {
    at.saturating_add_signed(shift)
}

fn convert_item(item: &Item, source: &Arc<Source>, parent: &Origin, shift: isize) -> Option<Node> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(convert_value(v, source, parent, shift)),
        Item::Table(t) => {
            let origin = span_origin(t.span(), source, parent, shift);
            let value = Value::Table(convert_table(t, source, &origin, shift));
            Some(Node { value, origin })
        }
        Item::ArrayOfTables(a) => {
            let origin = span_origin(a.span(), source, parent, shift);
            let items = a
                .iter()
                .map(|t| {
                    let o = span_origin(t.span(), source, &origin, shift);
                    Node {
                        value: Value::Table(convert_table(t, source, &o, shift)),
                        origin: o,
                    }
                })
                .collect();
            Some(Node {
                value: Value::Array(items),
                origin,
            })
        }
    }
}

fn convert_value(v: &TomlValue, source: &Arc<Source>, parent: &Origin, shift: isize) -> Node {
    let origin = span_origin(v.span(), source, parent, shift);
    let value = match v {
        TomlValue::String(s) => Value::Str(s.value().clone()),
        TomlValue::Integer(i) => Value::Int(*i.value()),
        TomlValue::Float(x) => Value::Float(*x.value()),
        TomlValue::Boolean(b) => Value::Bool(*b.value()),
        TomlValue::Datetime(d) => Value::Date(d.value().to_string()),
        TomlValue::Array(a) => Value::Array(a.iter().map(|x| convert_value(x, source, &origin, shift)).collect()),
        TomlValue::InlineTable(t) => {
            let entries = t
                .iter()
                .map(|(key, x)| {
                    let key_origin = span_origin(t.key(key).and_then(|k| k.span()), source, &origin, shift);
                    Entry {
                        key: key.to_string(),
                        node: convert_value(x, source, &key_origin, shift),
                        key_origin,
                    }
                })
                .collect();
            Value::Table(Table { entries })
        }
    };
    Node { value, origin }
}

/// Applies one `KEY=VALUE` override to the tree; `flag` names where it came from.
///
/// VALUE is read as a TOML value (`0.1`, `true`, `"x"`, `[1, 2]`, `{ kind = "grim" }`);
/// anything that is not valid TOML is taken as a bare string, so
/// `--set agents.usa.strategy=grim` works without shell quoting gymnastics.
/// A path segment that is a number indexes an array (`events.0.tension`).
pub fn apply_override(root: &mut Table, flag: &str, assignment: &str) -> Result<(), Diagnostic> {
    let source = Source::new(flag.to_string(), assignment);
    let whole = Origin::new(&source, 0..assignment.len());
    let Some((path, raw)) = assignment.split_once('=') else {
        return Err(
            Diagnostic::new("", "an override must have the form KEY=VALUE", Some(whole))
                .with_help("for example --set agents.usa.perception.noise=0.1"),
        );
    };
    let key_path = path.trim();
    let key_origin = Origin::new(&source, 0..path.len());
    if key_path.is_empty() || key_path.split('.').any(|s| s.trim().is_empty()) {
        return Err(Diagnostic::new(
            key_path,
            "the key of an override is a dotted path of names",
            Some(key_origin),
        )
        .with_help("for example --set agents.usa.perception.noise=0.1"));
    }
    if key_path == "extends" {
        return Err(Diagnostic::new(
            key_path,
            "`extends` cannot be overridden: the files a scenario extends are read before any override",
            Some(key_origin),
        )
        .with_help("write a file with `extends = \"...\"` and the keys it changes, and run that"));
    }
    let value_start = path.len() + 1;
    let node = parse_override_value(raw, &source, value_start);
    let segments: Vec<&str> = key_path.split('.').map(str::trim).collect();
    // A scenario has exactly its two agents: an override never adds one, so an id it does
    // not know is a typo of one it does.
    if let (["agents", id, _, ..], Some(Value::Table(agents))) =
        (segments.as_slice(), root.get("agents").map(|e| &e.node.value))
        && agents.get(id).is_none()
    {
        let ids: Vec<&str> = agents.entries.iter().map(|e| e.key.as_str()).collect();
        let d = Diagnostic::new(key_path, format!("no agent `{id}`"), Some(key_origin));
        return Err(match did_you_mean(id, ids.iter().copied()) {
            Some(k) => d.with_help(format!("did you mean `{k}`?")),
            None => d.with_help(format!("the agents are: {}", ids.join(", "))),
        });
    }
    set_path(root, &segments, node, &key_origin, key_path)
}

fn parse_override_value(raw: &str, source: &Arc<Source>, value_start: usize) -> Node {
    const PREFIX: &str = "v = ";
    let trimmed = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let value_origin = Origin::new(source, value_start + lead..value_start + lead + trimmed.len());
    let parsed = toml_edit::Document::parse(format!("{PREFIX}{trimmed}")).ok();
    // Spans in the parsed text count the prefix; shift them back onto the override text.
    let shift = (value_start + lead) as isize - PREFIX.len() as isize;
    parsed
        .as_ref()
        .and_then(|doc| doc.as_table().get("v"))
        .and_then(|item| convert_item(item, source, &value_origin, shift))
        .unwrap_or(Node {
            value: Value::Str(trimmed.to_string()),
            origin: value_origin,
        })
}

fn set_path(table: &mut Table, path: &[&str], node: Node, key_origin: &Origin, full: &str) -> Result<(), Diagnostic> {
    let (first, rest) = path.split_first().expect("override paths are never empty");
    if rest.is_empty() {
        table.set(Entry {
            key: (*first).to_string(),
            key_origin: key_origin.clone(),
            node,
        });
        return Ok(());
    }
    if table.get(first).is_none() {
        table.set(Entry {
            key: (*first).to_string(),
            key_origin: key_origin.clone(),
            node: Node {
                value: Value::Table(Table::default()),
                origin: key_origin.clone(),
            },
        });
    }
    let entry = table.get_mut(first).expect("inserted above");
    set_in_node(&mut entry.node, rest, node, key_origin, full)
}

fn set_in_node(
    target: &mut Node,
    rest: &[&str],
    node: Node,
    key_origin: &Origin,
    full: &str,
) -> Result<(), Diagnostic> {
    match &mut target.value {
        Value::Table(t) => set_path(t, rest, node, key_origin, full),
        Value::Array(items) if rest[0].parse::<usize>().is_err() => {
            let names: Vec<&str> = items.iter().filter_map(element_name).collect();
            let Some(index) = items.iter().position(|e| element_name(e) == Some(rest[0])) else {
                let d = Diagnostic::new(
                    full,
                    format!("no element named `{}` here", rest[0]),
                    Some(key_origin.clone()),
                );
                return Err(match did_you_mean(rest[0], names.iter().copied()) {
                    Some(k) => d.with_help(format!("did you mean `{k}`?")),
                    None if names.is_empty() => {
                        d.with_help("its elements have no names: address them by index (0, 1, ...)")
                    }
                    None => d.with_help(format!("the names are: {} (or address by index)", names.join(", "))),
                });
            };
            if rest.len() == 1 {
                items[index] = node;
                Ok(())
            } else {
                set_in_node(&mut items[index], &rest[1..], node, key_origin, full)
            }
        }
        Value::Array(items) => {
            let len = items.len();
            let index = rest[0].parse::<usize>().ok().filter(|i| *i < len).ok_or_else(|| {
                Diagnostic::new(
                    full,
                    format!(
                        "`{}` indexes an array of {len} element(s): expected an index from 0 to {}",
                        rest[0],
                        len.saturating_sub(1)
                    ),
                    Some(key_origin.clone()),
                )
            })?;
            if rest.len() == 1 {
                items[index] = node;
                Ok(())
            } else {
                set_in_node(&mut items[index], &rest[1..], node, key_origin, full)
            }
        }
        other => Err(Diagnostic::new(
            full,
            format!("cannot set a key inside {}", other.kind()),
            Some(key_origin.clone()),
        )),
    }
}

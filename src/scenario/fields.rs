//! Typed reading of one table of the scenario tree: each key's type, bound and default
//! come from the schema, every key read is remembered (whatever is left over is an unknown
//! key, reported with the closest known name), and a wrong value is recorded and read as its
//! default, so that one load reports every independent error.

use std::cell::RefCell;

use super::diagnostic::{Diagnostic, did_you_mean};
use super::schema::{self, Bound, Key, KeyDefault, Kind};
use super::source::Origin;
use super::tree::{Node, Table, Value};

pub fn expected(node: &Node, key: &str, what: &str) -> Diagnostic {
    let found = match node.value {
        Value::Table(_) | Value::Array(_) => node.value.kind().to_string(),
        _ => format!("{} `{}`", node.value.kind(), node.value.brief()),
    };
    Diagnostic::new(
        key,
        format!("expected {what}, found {found}"),
        Some(node.origin.clone()),
    )
    .with_label(format!("expected {what}"))
}

/// A finite number (integers are accepted where numbers are expected).
pub fn number(node: &Node, key: &str, bound: Bound) -> Result<f64, Diagnostic> {
    let x = match node.value {
        Value::Float(x) => x,
        Value::Int(i) => i as f64,
        _ => return Err(expected(node, key, bound.describe())),
    };
    if !x.is_finite() {
        return Err(expected(node, key, &format!("{} (finite)", bound.describe())));
    }
    if !bound.admits(x) {
        return Err(expected(node, key, bound.describe()));
    }
    Ok(x)
}

pub fn integer(node: &Node, key: &str, min: i64) -> Result<i64, Diagnostic> {
    integer_in(node, key, min, i64::MAX)
}

/// A whole number in [min, max].
pub fn integer_in(node: &Node, key: &str, min: i64, max: i64) -> Result<i64, Diagnostic> {
    let what = if max == i64::MAX {
        format!("a whole number >= {min}")
    } else {
        format!("a whole number from {min} to {max}")
    };
    let ok = |i: i64| (min..=max).contains(&i);
    match node.value {
        Value::Int(i) if ok(i) => Ok(i),
        Value::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 && ok(x as i64) => Ok(x as i64),
        _ => Err(expected(node, key, &what)),
    }
}

pub fn string<'a>(node: &'a Node, key: &str) -> Result<&'a str, Diagnostic> {
    match &node.value {
        Value::Str(s) => Ok(s),
        _ => Err(expected(node, key, "a string")),
    }
}

pub fn boolean(node: &Node, key: &str) -> Result<bool, Diagnostic> {
    match node.value {
        Value::Bool(b) => Ok(b),
        _ => Err(expected(node, key, "true or false")),
    }
}

pub fn array<'a>(node: &'a Node, key: &str, what: &str) -> Result<&'a [Node], Diagnostic> {
    match &node.value {
        Value::Array(items) => Ok(items),
        _ => Err(expected(node, key, what)),
    }
}

/// A row of exactly three numbers.
pub fn triple(node: &Node, key: &str, bound: Bound, what: &str) -> Result<[f64; 3], Diagnostic> {
    let items = array(node, key, what)?;
    if items.len() != 3 {
        return Err(Diagnostic::new(
            key,
            format!("expected {what}, found an array of {} element(s)", items.len()),
            Some(node.origin.clone()),
        )
        .with_label("expected 3 elements"));
    }
    let mut out = [0.0; 3];
    for (i, item) in items.iter().enumerate() {
        out[i] = number(item, &format!("{key}[{i}]"), bound)?;
    }
    Ok(out)
}

/// A 3×3 table of numbers.
pub fn matrix(node: &Node, key: &str, bound: Bound, what: &str) -> Result<[[f64; 3]; 3], Diagnostic> {
    let rows = array(node, key, what)?;
    if rows.len() != 3 {
        return Err(Diagnostic::new(
            key,
            format!("expected {what}, found {} row(s)", rows.len()),
            Some(node.origin.clone()),
        )
        .with_label("expected 3 rows"));
    }
    let mut out = [[0.0; 3]; 3];
    for (i, row) in rows.iter().enumerate() {
        out[i] = triple(row, &format!("{key}[{i}]"), bound, "a row of 3 numbers")?;
    }
    Ok(out)
}

/// The errors found so far in one load.
#[derive(Default)]
pub struct Errors(RefCell<Vec<Diagnostic>>);

impl Errors {
    pub fn push(&self, d: Diagnostic) {
        self.0.borrow_mut().push(d);
    }

    /// The value, or `None` with its error recorded.
    pub fn ok<T>(&self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|d| self.push(d)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0.into_inner()
    }
}

/// One table being read.
pub struct Fields<'a> {
    table: &'a Table,
    path: String,
    /// The schema pattern of `path` (`agents.<id>` for `agents.usa`).
    pattern: String,
    /// The schema's keys of this table, looked up once.
    keys: &'static [(&'static str, &'static Key)],
    origin: Origin,
    seen: Vec<&'a str>,
    errors: &'a Errors,
}

impl<'a> Fields<'a> {
    pub fn new(table: &'a Table, path: impl Into<String>, origin: Origin, errors: &'a Errors) -> Self {
        let path = path.into();
        let pattern = schema::pattern(&path);
        Self {
            table,
            keys: schema::table_keys(&pattern),
            pattern,
            path,
            origin,
            seen: Vec::new(),
            errors,
        }
    }

    /// Reads `node` as a table, or records what it should have been.
    pub fn of(node: &'a Node, path: impl Into<String>, errors: &'a Errors) -> Option<Self> {
        let path = path.into();
        match &node.value {
            Value::Table(t) => Some(Self::new(t, path, node.origin.clone(), errors)),
            _ => {
                errors.push(expected(node, &path, "a table"));
                None
            }
        }
    }

    pub fn errors(&self) -> &'a Errors {
        self.errors
    }

    /// This table's dotted path.
    pub fn here(&self) -> &str {
        &self.path
    }

    /// Where this table is in its file.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The dotted path of a key of this table.
    pub fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The schema's declaration of a key of this table.
    pub fn key(&self, key: &str) -> &'static Key {
        let found = self.keys.iter().find(|(leaf, _)| *leaf == key);
        found.map(|(_, k)| *k).unwrap_or_else(|| {
            let path = if self.pattern.is_empty() {
                key.to_string()
            } else {
                format!("{}.{key}", self.pattern)
            };
            schema::get(&path)
        })
    }

    /// The node of a declared key, if the file gives it.
    pub fn get(&mut self, key: &'a str) -> Option<&'a Node> {
        self.key(key);
        if !self.seen.contains(&key) {
            self.seen.push(key);
        }
        self.table.get(key).map(|e| &e.node)
    }

    /// The node of a declared key that the file must give; its absence is recorded.
    pub fn required(&mut self, key: &'a str, what: &str) -> Option<&'a Node> {
        let node = self.get(key);
        if node.is_none() {
            self.errors.push(self.missing(key, what));
        }
        node
    }

    pub fn entries(&self) -> impl Iterator<Item = &'a super::tree::Entry> {
        self.table.entries.iter()
    }

    pub fn missing(&self, key: &str, what: &str) -> Diagnostic {
        let place = if self.path.is_empty() {
            "the scenario".to_string()
        } else {
            format!("`{}`", self.path)
        };
        Diagnostic::new(
            self.path(key),
            format!("{place} needs `{key}` ({what})"),
            Some(self.origin.clone()),
        )
        .with_label(format!("`{key}` missing here"))
    }

    /// A number key, at its declared default when absent or wrong.
    pub fn number(&mut self, key: &'a str) -> f64 {
        let declared = self.key(key);
        let KeyDefault::Number(default) = declared.default else {
            panic!("`{}` has no numeric default", declared.path)
        };
        self.number_or(key, default)
    }

    /// A number key whose default the scenario derives (`random_events.tension.max`).
    pub fn number_or(&mut self, key: &'a str, default: f64) -> f64 {
        let Kind::Number(bound) = self.key(key).kind else {
            panic!("`{}` is not a number", self.key(key).path)
        };
        let path = self.path(key);
        match self.get(key) {
            Some(n) => self.errors.ok(number(n, &path, bound)).unwrap_or(default),
            None => default,
        }
    }

    /// A whole-number key: its value, its default, or `None` when required and absent
    /// (recorded) or wrong (recorded).
    pub fn integer(&mut self, key: &'a str) -> Option<i64> {
        let declared = self.key(key);
        let Kind::Integer { min, max } = declared.kind else {
            panic!("`{}` is not a whole number", declared.path)
        };
        let path = self.path(key);
        match (self.get(key), declared.default) {
            (Some(n), _) => self.errors.ok(integer_in(n, &path, min, max)),
            (None, KeyDefault::Integer(d)) => Some(d),
            (None, _) => {
                self.errors.push(self.missing(key, &format!("a whole number >= {min}")));
                None
            }
        }
    }

    /// A seed: an integer >= 0 or, beyond TOML's integers, a string of digits; any u64.
    pub fn seed(&mut self, key: &'a str) -> Option<u64> {
        let declared = self.key(key);
        let (Kind::Seed, KeyDefault::Integer(default)) = (declared.kind, declared.default) else {
            panic!("`{}` is not a seed", declared.path)
        };
        let path = self.path(key);
        let Some(node) = self.get(key) else {
            return Some(default as u64);
        };
        let seed = match &node.value {
            Value::Int(i) => u64::try_from(*i).ok(),
            Value::Str(s) => s.parse::<u64>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit())),
            _ => None,
        };
        if seed.is_none() {
            self.errors
                .push(expected(node, &path, "a whole number from 0 to 18446744073709551615"));
        }
        seed
    }

    /// A text key, if given as a string (a wrong type is recorded).
    pub fn string(&mut self, key: &'a str) -> Option<&'a str> {
        let path = self.path(key);
        self.get(key).and_then(|n| self.errors.ok(string(n, &path)))
    }

    /// A text key with a declared default.
    pub fn text(&mut self, key: &'a str) -> String {
        let KeyDefault::Text(default) = self.key(key).default else {
            panic!("`{}` has no text default", self.key(key).path)
        };
        self.string(key).unwrap_or(default).to_string()
    }

    pub fn boolean(&mut self, key: &'a str) -> bool {
        let declared = self.key(key);
        let KeyDefault::Bool(default) = declared.default else {
            panic!("`{}` has no boolean default", declared.path)
        };
        let path = self.path(key);
        match self.get(key) {
            Some(n) => self.errors.ok(boolean(n, &path)).unwrap_or(default),
            None => default,
        }
    }

    /// One of a key's declared names, at its default when absent or wrong.
    pub fn choice(&mut self, key: &'a str) -> &'static str {
        let declared = self.key(key);
        let (Kind::OneOf(names), KeyDefault::Text(default)) = (declared.kind, declared.default) else {
            panic!("`{}` is not a choice with a default", declared.path)
        };
        let path = self.path(key);
        let Some(node) = self.get(key) else { return default };
        self.errors.ok(choice(node, &path, names)).unwrap_or(default)
    }

    /// A sub-table, or `None` when absent or not a table (recorded).
    pub fn table(&mut self, key: &'a str) -> Option<Fields<'a>> {
        let path = self.path(key);
        let errors = self.errors;
        self.get(key).and_then(|n| Fields::of(n, path, errors))
    }

    /// A sub-table, read as an empty one when absent (or wrong, which is recorded): its keys'
    /// defaults then come from where each key is read.
    pub fn table_or_empty(&mut self, key: &'a str) -> Fields<'a> {
        static EMPTY: Table = Table { entries: Vec::new() };
        let path = self.path(key);
        let errors = self.errors;
        match self.get(key).map(|n| Fields::of(n, path.clone(), errors)) {
            Some(Some(f)) => f,
            _ => Fields::new(&EMPTY, path, self.origin.clone(), errors),
        }
    }

    /// Records every key that was never read, suggesting the closest known one.
    pub fn finish(self) {
        for entry in &self.table.entries {
            if self.seen.contains(&entry.key.as_str()) {
                continue;
            }
            let place = if self.path.is_empty() {
                "the scenario".to_string()
            } else {
                format!("`{}`", self.path)
            };
            let d = Diagnostic::new(
                self.path(&entry.key),
                format!("unknown key `{}` in {place}", entry.key),
                Some(entry.key_origin.clone()),
            )
            .with_label("unknown key");
            let known = self.seen.iter().copied();
            self.errors.push(match did_you_mean(&entry.key, known) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None => d.with_help(format!("known keys here: {}", self.seen.join(", "))),
            });
        }
    }
}

/// One of `names`, or an error listing them with the closest one.
pub fn choice(node: &Node, key: &str, names: &'static [&'static str]) -> Result<&'static str, Diagnostic> {
    let found = match &node.value {
        Value::Str(s) => s.as_str(),
        _ => "",
    };
    if let Some(name) = names.iter().find(|n| **n == found) {
        return Ok(name);
    }
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let d = expected(node, key, &format!("one of {list}"));
    Err(match did_you_mean(found, names.iter().copied()) {
        Some(k) => d.with_help(format!("did you mean `{k}`?")),
        None => d,
    })
}

//! Typed reading of one table of the scenario tree: every key read is remembered,
//! so whatever is left over is an unknown key, reported with the closest known name.

use super::diagnostic::{Diagnostic, did_you_mean};
use super::source::Origin;
use super::tree::{Node, Table, Value};

/// The values a number may take.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Any,
    NonNegative,
    /// [0, 1]
    Probability,
    /// [-1, 1]: a change to a quantity that lives in [0, 1].
    Signed,
}

impl Bound {
    fn admits(self, x: f64) -> bool {
        match self {
            Bound::Any => true,
            Bound::NonNegative => x >= 0.0,
            Bound::Probability => (0.0..=1.0).contains(&x),
            Bound::Signed => (-1.0..=1.0).contains(&x),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Bound::Any => "a number",
            Bound::NonNegative => "a number >= 0",
            Bound::Probability => "a number in [0, 1]",
            Bound::Signed => "a number in [-1, 1]",
        }
    }
}

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

/// One table being read.
pub struct Fields<'a> {
    table: &'a Table,
    path: String,
    origin: Origin,
    seen: Vec<&'a str>,
}

impl<'a> Fields<'a> {
    pub fn new(table: &'a Table, path: impl Into<String>, origin: Origin) -> Self {
        Self {
            table,
            path: path.into(),
            origin,
            seen: Vec::new(),
        }
    }

    /// Reads `node` as a table, or says what it should have been.
    pub fn of(node: &'a Node, path: impl Into<String>) -> Result<Self, Diagnostic> {
        let path = path.into();
        match &node.value {
            Value::Table(t) => Ok(Self::new(t, path, node.origin.clone())),
            _ => Err(expected(node, &path, "a table")),
        }
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

    pub fn get(&mut self, key: &'a str) -> Option<&'a Node> {
        self.seen.push(key);
        self.table.get(key).map(|e| &e.node)
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

    pub fn number(&mut self, key: &'a str, default: f64, bound: Bound) -> Result<f64, Diagnostic> {
        let path = self.path(key);
        self.get(key).map_or(Ok(default), |n| number(n, &path, bound))
    }

    pub fn probability(&mut self, key: &'a str, default: f64) -> Result<f64, Diagnostic> {
        self.number(key, default, Bound::Probability)
    }

    pub fn non_negative(&mut self, key: &'a str, default: f64) -> Result<f64, Diagnostic> {
        self.number(key, default, Bound::NonNegative)
    }

    pub fn string(&mut self, key: &'a str) -> Result<Option<&'a str>, Diagnostic> {
        let path = self.path(key);
        self.get(key).map(|n| string(n, &path)).transpose()
    }

    pub fn boolean(&mut self, key: &'a str, default: bool) -> Result<bool, Diagnostic> {
        let path = self.path(key);
        self.get(key).map_or(Ok(default), |n| boolean(n, &path))
    }

    /// A sub-table, or `None` when absent.
    pub fn table(&mut self, key: &'a str) -> Result<Option<Fields<'a>>, Diagnostic> {
        let path = self.path(key);
        self.get(key).map(|n| Fields::of(n, path)).transpose()
    }

    /// A sub-table, read as an empty one when absent: its keys' defaults are then written
    /// once, where each key is read.
    pub fn table_or_empty(&mut self, key: &'a str) -> Result<Fields<'a>, Diagnostic> {
        static EMPTY: Table = Table { entries: Vec::new() };
        let path = self.path(key);
        match self.get(key) {
            Some(n) => Fields::of(n, path),
            None => Ok(Fields::new(&EMPTY, path, self.origin.clone())),
        }
    }

    /// Fails on the first key that was never read, suggesting the closest known one.
    pub fn finish(self) -> Result<(), Diagnostic> {
        for entry in &self.table.entries {
            if !self.seen.contains(&entry.key.as_str()) {
                let place = if self.path.is_empty() {
                    "the scenario".to_string()
                } else {
                    format!("`{}`", self.path)
                };
                let mut d = Diagnostic::new(
                    self.path(&entry.key),
                    format!("unknown key `{}` in {place}", entry.key),
                    Some(entry.key_origin.clone()),
                )
                .with_label("unknown key");
                let known = self.seen.iter().copied();
                d = match did_you_mean(&entry.key, known) {
                    Some(k) => d.with_help(format!("did you mean `{k}`?")),
                    None => d.with_help(format!("known keys here: {}", self.seen.join(", "))),
                };
                return Err(d);
            }
        }
        Ok(())
    }
}

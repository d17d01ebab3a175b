//! Errors in scenario input, rendered the way cargo renders a compile error:
//! the message, `--> file:line:column`, the offending line with a caret under the
//! span, and a hint where one helps.

use std::fmt;

use super::source::Origin;

/// One problem in a scenario file or an override, with where it is (boxed: errors stay small).
#[derive(Debug, Clone)]
pub struct Diagnostic(Box<Details>);

#[derive(Debug, Clone)]
pub struct Details {
    /// The dotted key the problem is about (empty for the file as a whole).
    pub key: String,
    pub message: String,
    pub origin: Option<Origin>,
    /// A short note under the caret, e.g. what was found.
    pub label: Option<String>,
    pub help: Option<String>,
    /// A file named without a span (e.g. an unreadable file).
    pub file: Option<String>,
}

impl Diagnostic {
    pub fn new(key: impl Into<String>, message: impl Into<String>, origin: Option<Origin>) -> Self {
        Self(Box::new(Details {
            key: key.into(),
            message: message.into(),
            origin,
            label: None,
            help: None,
            file: None,
        }))
    }

    /// A problem with a whole file: unreadable, empty, not text.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        let mut d = Self::new("", message, None);
        d.0.file = Some(file.into());
        d
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;

    fn deref(&self) -> &Details {
        &self.0
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            writeln!(f, "error: {}", self.message)?;
        } else {
            writeln!(f, "error: `{}`: {}", self.key, self.message)?;
        }
        if let Some(file) = &self.file {
            writeln!(f, "  --> {file}")?;
        }
        if let Some(origin) = &self.origin {
            let source = &origin.source;
            let (line, col) = source.line_col(origin.span.start);
            let (end_line, end_col) = source.line_col(origin.span.end);
            let text = source.line_text(line);
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            if source.name.starts_with("--") {
                writeln!(f, "{pad}--> {} (column {col})", source.name)?;
            } else {
                writeln!(f, "{pad}--> {}:{line}:{col}", source.name)?;
            }
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {text}")?;
            let line_len = text.chars().count() + 1;
            let carets = if end_line == line {
                end_col.saturating_sub(col).max(1)
            } else {
                line_len.saturating_sub(col).max(1)
            };
            let label = self.label.as_deref().unwrap_or("");
            writeln!(f, "{pad} | {}{} {label}", " ".repeat(col - 1), "^".repeat(carets))?;
            if self.help.is_some() {
                writeln!(f, "{pad} |")?;
            }
        }
        if let Some(help) = &self.help {
            let width = self
                .origin
                .as_ref()
                .map_or(1, |o| o.source.line_col(o.span.start).0.to_string().len());
            writeln!(f, "{} = help: {help}", " ".repeat(width))?;
        }
        Ok(())
    }
}

/// Most errors one load reports, as rustc stops listing: past them, the count.
pub const MAX_SHOWN: usize = 20;

/// Every independent problem one load found (at least one), in the order of the files and
/// lines they are at.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    all: Vec<Diagnostic>,
    /// The file that was being loaded, which the closing count names.
    file: Option<String>,
}

impl Diagnostics {
    /// Sorts problems by file (in the order the files were first named) and position.
    ///
    /// # Panics
    /// On an empty list: a load that found nothing wrong returns its scenario.
    pub fn new(mut all: Vec<Diagnostic>, file: impl Into<String>) -> Self {
        assert!(!all.is_empty(), "a failed load has at least one problem");
        let mut files: Vec<String> = Vec::new();
        for d in &all {
            let name = d
                .origin
                .as_ref()
                .map(|o| o.source.name.clone())
                .or_else(|| d.file.clone());
            if let Some(name) = name.filter(|n| !files.contains(n)) {
                files.push(name);
            }
        }
        all.sort_by_key(|d| {
            let name = d.origin.as_ref().map(|o| &o.source.name).or(d.file.as_ref());
            let rank = name
                .and_then(|n| files.iter().position(|f| f == n))
                .unwrap_or(usize::MAX);
            (rank, d.origin.as_ref().map_or(0, |o| o.span.start))
        });
        Self {
            all,
            file: Some(file.into()),
        }
    }

    /// The first problem, which a caller that shows only one shows.
    pub fn first(&self) -> &Diagnostic {
        &self.all[0]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.all.iter()
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self {
            all: vec![d],
            file: None,
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.all.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let n = self.all.len();
        if n > 1 {
            let shown = if n > MAX_SHOWN {
                format!(" (the first {MAX_SHOWN} shown)")
            } else {
                String::new()
            };
            writeln!(f)?;
            let what = self.file.as_ref().map_or("the scenario".into(), |f| format!("`{f}`"));
            writeln!(f, "error: could not load {what} due to {n} errors{shown}")?;
        }
        Ok(())
    }
}

/// The closest of `known` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

//! Where a scenario value came from: a file (or a `--set` override) and a byte span in it.
//!
//! Every node of a loaded scenario tree carries an [`Origin`], so that a problem found
//! long after parsing (during validation, after `extends` merged several files) can
//! still point at the exact line and column a user has to edit.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One text a user wrote: a scenario file or a `--set KEY=VALUE` override.
#[derive(Debug)]
pub struct Source {
    /// How the text is named in messages: a path, or `--set KEY=VALUE`.
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            name: name.into(),
            text: text.into(),
        })
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        self.text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A span of one source.
#[derive(Clone)]
pub struct Origin {
    pub source: Arc<Source>,
    pub span: Range<usize>,
}

impl Origin {
    pub fn new(source: &Arc<Source>, span: Range<usize>) -> Self {
        Self {
            source: Arc::clone(source),
            span,
        }
    }

    /// `file:line:column` of the start of the span.
    pub fn location(&self) -> String {
        let (line, col) = self.source.line_col(self.span.start);
        format!("{}:{line}:{col}", self.source.name)
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location())
    }
}

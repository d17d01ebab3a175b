//! Reading scenario files: text, `extends` chains (relative paths, cycles detected),
//! `--set` overrides, then validation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Scenario;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::fields;
use super::source::{Origin, Source};
use super::tree::{self, Node, Table};
use super::validate;

/// Loads and validates a scenario file as written.
pub fn load(path: &Path) -> Result<Scenario, Diagnostics> {
    load_with(path, &[])
}

/// Loads a scenario file, applies `--set KEY=VALUE` overrides in order, then validates.
pub fn load_with(path: &Path, overrides: &[String]) -> Result<Scenario, Diagnostics> {
    let labelled: Vec<Override> = overrides.iter().map(|a| Override::set(a)).collect();
    load_with_overrides(path, &labelled)
}

/// One `KEY=VALUE` override and the flag it came from, so that a message about it points at
/// what the user typed.
#[derive(Debug, Clone)]
pub struct Override {
    /// Where it came from, as messages name it: `--set KEY=VALUE`, `--vary KEY=... at VALUE`.
    pub flag: String,
    pub assignment: String,
}

impl Override {
    pub fn set(assignment: &str) -> Self {
        Self {
            flag: format!("--set {assignment}"),
            assignment: assignment.into(),
        }
    }
}

/// Loads a scenario file, applies `overrides` in order, then validates.
pub fn load_with_overrides(path: &Path, overrides: &[Override]) -> Result<Scenario, Diagnostics> {
    let (mut root, origin) = load_tree(path, &mut Vec::new(), None)?;
    for o in overrides {
        tree::apply_override(&mut root, &o.flag, &o.assignment)?;
    }
    validate::scenario(&root, origin).map_err(|all| Diagnostics::new(all, path.display().to_string()))
}

/// Largest scenario file read: hundreds of times any scenario written by hand, far short of
/// what parsing could not hold in memory.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// Deepest `extends` chain: a variant of a variant of ... sixty-four files deep.
pub const MAX_EXTENDS_DEPTH: usize = 64;

/// A scenario file's text, or why it is not a scenario: unreadable, not text, empty.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = crate::input::read_bounded(path, MAX_FILE_BYTES)?;
    if bytes.contains(&0) {
        return Err("it is not a text file (it contains NUL bytes)".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        return Err("it is empty".into());
    }
    Ok(text)
}

/// Reads one file (and what it extends) into a merged tree. `via` is the `extends` entry that
/// named this file, when another file did: problems with the file are then reported there,
/// without echoing a file that may not be a scenario at all.
fn load_tree(path: &Path, chain: &mut Vec<PathBuf>, via: Option<&Node>) -> Result<(Table, Origin), Diagnostic> {
    let display = path.display().to_string();
    let at_extends = |why: String| {
        let node = via.expect("only an extended file is reported at its `extends`");
        fields::expected(node, "extends", "the path of a scenario file, relative to this one")
            .with_label(format!("cannot use `{display}`: {why}"))
    };
    let text = match (read_text(path), via) {
        (Ok(text), _) => text,
        (Err(why), Some(_)) => return Err(at_extends(why)),
        (Err(why), None) if why == "it is empty" => {
            return Err(Diagnostic::file(&display, format!("`{display}` is empty")).with_help(
                "a scenario needs at least `name`, `rounds` and two [agents.<id>] tables with a `strategy`",
            ));
        }
        (Err(why), None) => {
            let why = why.strip_prefix("it ").unwrap_or(&why);
            let message = if why.starts_with("is ") || why.starts_with("holds ") {
                format!("`{display}` {why}")
            } else {
                format!("cannot read scenario file `{display}`: {why}")
            };
            return Err(Diagnostic::file(&display, message));
        }
    };
    let source: Arc<Source> = Source::new(display.clone(), text);
    let origin = Origin::new(&source, 0..0);
    let mut table = match (tree::parse(&source), via) {
        (Ok(table), _) => table,
        (Err(d), None) => return Err(d),
        (Err(d), Some(_)) => {
            let at = d.origin.as_ref().map_or_else(String::new, |o| {
                let (line, col) = o.source.line_col(o.span.start);
                format!(" at line {line}, column {col}")
            });
            return Err(at_extends(format!("it is not valid TOML{at}")));
        }
    };
    let Some(extends) = table.remove("extends") else {
        // A file that extends nothing has nothing to remove from: an empty parent says so.
        let mut root = Table::default();
        root.merge_scenario(table)?;
        return Ok((root, origin));
    };
    let parent_name = fields::string(&extends.node, "extends")?;
    let parent_path = path.parent().unwrap_or(Path::new("")).join(parent_name);
    if parent_path.extension().is_none_or(|e| e != "toml") {
        return Err(
            fields::expected(&extends.node, "extends", "the path of a scenario file (`.toml`)")
                .with_label("not a `.toml` file"),
        );
    }
    let me = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.push(me);
    let parent_canon = std::fs::canonicalize(&parent_path).map_err(|e| {
        fields::expected(
            &extends.node,
            "extends",
            "the path of an existing scenario file, relative to this one",
        )
        .with_label(format!("cannot open `{}`: {e}", parent_path.display()))
    })?;
    let name = |p: &PathBuf| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    if let Some(start) = chain.iter().position(|p| *p == parent_canon) {
        let cycle: Vec<String> = chain[start..]
            .iter()
            .chain(std::iter::once(&parent_canon))
            .map(name)
            .collect();
        return Err(Diagnostic::new(
            "extends",
            format!("`extends` makes a cycle: {}", cycle.join(" -> ")),
            Some(extends.node.origin.clone()),
        )
        .with_label("extends a file that extends this one"));
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        let shown: Vec<String> = chain[..3].iter().map(name).collect();
        return Err(Diagnostic::new(
            "extends",
            format!(
                "`extends` goes more than {MAX_EXTENDS_DEPTH} files deep: {} -> ... -> {} -> {}",
                shown.join(" -> "),
                name(chain.last().expect("the chain holds this file")),
                name(&parent_canon)
            ),
            Some(extends.node.origin.clone()),
        )
        .with_label("one file too many")
        .with_help("extend a file nearer the root of the chain, or copy what the chain sets into one file"));
    }
    let (mut parent, _) = load_tree(&parent_path, chain, Some(&extends.node))?;
    chain.pop();
    parent.merge_scenario(table)?;
    Ok((parent, origin))
}

/// The file a scenario file `extends`, if it names one (as the loader resolves it: relative
/// to the file); `None` also for a file that does not parse, which `load` reports.
pub fn extends_of(path: &Path) -> Option<PathBuf> {
    let text = read_text(path).ok()?;
    let table = tree::parse(&Source::new(path.display().to_string(), text)).ok()?;
    let parent = fields::string(&table.get("extends")?.node, "extends").ok()?;
    Some(path.parent().unwrap_or(Path::new("")).join(parent))
}

/// The scenario files of a library folder, sorted by name (`*.toml` directly inside it).
pub fn library(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let display = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::file(&display, format!("cannot read the scenario folder `{display}`: {e}")).with_help(
            "give scenario files (`coexist run path/to/file.toml`), or run from a folder that has `scenarios/`",
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}

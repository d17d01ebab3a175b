//! Reading scenario files: text, `extends` chains (relative paths, cycles detected),
//! `--set` overrides, then validation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Scenario;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::fields;
use super::source::{Origin, Source};
use super::tree::{self, Table};
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
    let (mut root, origin) = load_tree(path, &mut Vec::new())?;
    for o in overrides {
        tree::apply_override(&mut root, &o.flag, &o.assignment)?;
    }
    validate::scenario(&root, origin).map_err(|all| Diagnostics::new(all, path.display().to_string()))
}

/// Reads one file (and what it extends) into a merged tree.
fn load_tree(path: &Path, chain: &mut Vec<PathBuf>) -> Result<(Table, Origin), Diagnostic> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(&display, format!("cannot read scenario file `{display}`: {e}")))?;
    if bytes.contains(&0) {
        return Err(Diagnostic::file(
            &display,
            format!("`{display}` is not a text file (it contains NUL bytes)"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::file(
            &display,
            format!(
                "`{display}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(&display, format!("`{display}` is empty"))
            .with_help("a scenario needs at least `name`, `rounds` and two [agents.<id>] tables with a `strategy`"));
    }
    let source: Arc<Source> = Source::new(display.clone(), text);
    let origin = Origin::new(&source, 0..0);
    let mut table = tree::parse(&source)?;
    let Some(extends) = table.remove("extends") else {
        // A file that extends nothing has nothing to remove from: an empty parent says so.
        let mut root = Table::default();
        root.merge_scenario(table)?;
        return Ok((root, origin));
    };
    let parent_name = fields::string(&extends.node, "extends")?;
    let parent_path = path.parent().unwrap_or(Path::new("")).join(parent_name);
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
    if let Some(start) = chain.iter().position(|p| *p == parent_canon) {
        let cycle: Vec<String> = chain[start..]
            .iter()
            .chain(std::iter::once(&parent_canon))
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        return Err(Diagnostic::new(
            "extends",
            format!("`extends` makes a cycle: {}", cycle.join(" -> ")),
            Some(extends.node.origin.clone()),
        )
        .with_label("extends a file that extends this one"));
    }
    let (mut parent, _) = load_tree(&parent_path, chain)?;
    chain.pop();
    parent.merge_scenario(table)?;
    Ok((parent, origin))
}

/// The file a scenario file `extends`, if it names one (as the loader resolves it: relative
/// to the file); `None` also for a file that does not parse, which `load` reports.
pub fn extends_of(path: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(path).ok()?;
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

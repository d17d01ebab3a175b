//! The docs say what the code declares: each output column's definition is written once, in
//! its declaration, and `docs/MODEL.md` must show exactly those; every test that
//! `docs/RELIABILITY.md` names for a promise exists.

use std::path::Path;

use coexist::record::summary::METRICS;

fn model_md() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/MODEL.md")).unwrap()
}

/// The rows of the first Markdown table under `heading`.
fn table_rows(doc: &str, heading: &str) -> Vec<String> {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in MODEL.md"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(String::from)
        .collect()
}

#[test]
fn the_summary_table_of_model_md_lists_every_declared_metric_with_its_range_and_definition() {
    let expected: Vec<String> = METRICS
        .iter()
        .flat_map(|g| g.iter())
        .map(|m| format!("| `{}` | {} | {} |", m.column("<id>"), m.span.doc(), m.doc))
        .collect();
    assert_eq!(table_rows(&model_md(), "## Metrics"), expected);
}

#[test]
fn the_readmes_variant_example_loads_and_does_what_it_says() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\nextends = ").expect("the variant example") + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let parent = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline-2023.toml");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-balloon.toml");
    std::fs::write(&path, example.replace("\"baseline-2023.toml\"", &format!("{parent:?}"))).unwrap();
    let variant = coexist::scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let base = coexist::scenario::load(std::path::Path::new(parent)).unwrap();
    let names = |sc: &coexist::scenario::Scenario| sc.events.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    let mut expected = names(&base);
    expected.retain(|n| !n.starts_with("Balloon"));
    expected.push("Austin-Li sanctions lifted".into());
    expected.sort();
    let mut got = names(&variant);
    got.sort();
    assert_eq!(got, expected, "events are kept in round order, so compared as sets");
}

/// Every `fn` in the crate's sources and tests, by name.
fn function_names() -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut stack = vec![
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for rest in text.split("fn ").skip(1) {
                    names.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
                }
            }
        }
    }
    names
}

#[test]
fn every_test_reliability_md_names_for_a_promise_exists() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/RELIABILITY.md")).unwrap();
    let names = function_names();
    let cited: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.len() > 24
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        })
        .collect();
    assert!(cited.len() > 30, "the promises cite their tests: {cited:?}");
    let missing: Vec<&&str> = cited.iter().filter(|c| !names.contains(**c)).collect();
    assert!(
        missing.is_empty(),
        "RELIABILITY.md cites tests that do not exist: {missing:?}"
    );
}

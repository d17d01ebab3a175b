//! The docs say what the code declares: each output column's definition is written once, in
//! its declaration, and `docs/MODEL.md` must show exactly those.

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

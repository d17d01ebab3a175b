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

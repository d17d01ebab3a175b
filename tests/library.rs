//! The scenario library: every file is valid and commented, and every finding documented in
//! scenarios/README.md still holds, in direction and rough size.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::coexist_ok;

const METRICS: [&str; 4] = ["mutual_engagement", "spin_cycle", "escalation", "crisis_rounds"];

fn library() -> Vec<std::path::PathBuf> {
    coexist::scenario::library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap()
}

/// Runs the whole library through `coexist compare` and reads the means back, by scenario.
fn computed() -> HashMap<String, HashMap<String, f64>> {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["compare".to_string()];
    args.extend(library().iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.path().display().to_string(), "--quiet".into()]);
    coexist_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (header, rows) = common::read_csv(&out.path().join("compare.csv"));
    rows.iter()
        .map(|r| {
            let m = METRICS
                .iter()
                .map(|m| {
                    let i = header.iter().position(|h| *h == format!("{m}_mean")).unwrap();
                    (m.to_string(), r[i].parse().unwrap())
                })
                .collect();
            (r[0].clone(), m)
        })
        .collect()
}

/// The documented (mean, low, high) of each metric, by scenario, from the README's table.
fn documented() -> HashMap<String, Vec<(f64, f64, f64)>> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/README.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| ["))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let name = cells[1].trim_start_matches('[').split(']').next().unwrap().to_string();
            let nums = cells[3..7]
                .iter()
                .map(|c| {
                    let v: Vec<f64> = c
                        .split(['[', ']', ',', ' '])
                        .filter(|s| !s.is_empty())
                        .map(|s| s.parse().unwrap_or_else(|_| panic!("{name}: not a number in {c:?}")))
                        .collect();
                    (v[0], v[1], v[2])
                })
                .collect();
            (name, nums)
        })
        .collect()
}

#[test]
fn the_library_has_at_least_the_essays_six_scenarios_each_commented() {
    let files = library();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "baseline-2023",
        "spin-cycle",
        "open-channels",
        "taiwan-escalation",
        "unilateral-gesture",
        "securitization-spiral",
    ] {
        assert!(names.iter().any(|n| n == required), "{required} missing");
    }
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for part in ["# Represents:", "# Question:", "# Look at:"] {
            assert!(text.contains(part), "{} lacks {part}", f.display());
        }
        coexist::scenario::load(f).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn the_2023_baseline_has_the_essays_events_on_their_dates() {
    let sc =
        coexist::scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline-2023.toml")).unwrap();
    let cal = sc.calendar.unwrap();
    let on = |name: &str| {
        let e = sc
            .events
            .iter()
            .find(|e| e.name.contains(name))
            .unwrap_or_else(|| panic!("{name} missing"));
        cal.label(e.round).to_string()
    };
    assert_eq!(on("Bali"), "2022-11");
    assert_eq!(on("Balloon"), "2023-02");
    assert_eq!(on("Blinken in Beijing"), "2023-06");
    assert_eq!(on("Yellen"), "2023-07");
    assert_eq!(on("arms package"), "2023-07");
    assert_eq!(on("Lai transit"), "2023-08");
    assert!(
        sc.channels.iter().any(|c| c.name == "military" && !c.open),
        "the military channel is closed"
    );
}

#[test]
fn every_documented_number_still_holds_and_every_finding_keeps_its_direction() {
    let got = computed();
    let doc = documented();
    assert_eq!(doc.len(), library().len(), "one README row per scenario file");
    for (name, rows) in &doc {
        let g = got
            .get(name)
            .unwrap_or_else(|| panic!("{name} is documented but not in the library"));
        for (metric, (mean, low, high)) in METRICS.iter().zip(rows) {
            // Rough size: within the documented CI widened by its own width, or a small absolute slack.
            let slack = (high - low).max(if *metric == "crisis_rounds" { 0.3 } else { 0.02 });
            let now = g[*metric];
            assert!(
                (now - mean).abs() <= slack,
                "{name} {metric}: documented {mean} [{low}, {high}], now {now}"
            );
        }
    }
    let me = |s: &str| got[s]["mutual_engagement"];
    let m = |s: &str, k: &str| got[s][k];
    assert!(
        me("spin-cycle") < 0.02 && m("spin-cycle", "spin_cycle") > 0.8,
        "with the essay's stakes raised, deliberate states stall in the spin cycle"
    );
    assert!(
        me("baseline") > me("spin-cycle") + 0.15,
        "lower stakes let some engagement through"
    );
    assert!(
        me("unilateral-gesture") > me("spin-cycle") + 0.3,
        "GRIT draws the deliberate China out of the spin cycle"
    );
    assert!(
        m("baseline-2023", "spin_cycle") < m("baseline", "spin_cycle"),
        "the 2023 visits cut the spin cycle"
    );
    assert!(
        m("taiwan-escalation", "crisis_rounds") > m("baseline-2023", "crisis_rounds") + 5.0,
        "Taiwan shocks bring crises"
    );
    assert!(
        me("securitization-spiral") < me("baseline"),
        "securitization turns the states away from engagement"
    );
    assert!(
        me("generous-reciprocity") > 2.0 * me("baseline"),
        "committing to generosity escapes the stall"
    );
}

//! The scenario library: every file is valid and says what it represents, asks and shows;
//! every finding of `scenarios/findings.csv` changes one factor against its control and holds,
//! in the direction it states, at seeds other than the published one.
//!
//! No number of the README's table is checked here: the table is printed from the outputs
//! by `scripts/findings.py`, and these tests check only the direction of each difference.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use common::{coexist_ok, read_csv};

/// Seeds none of the README's columns uses (it shows the published seed and seeds 1–3).
const TEST_SEEDS: [u64; 2] = [11, 12];

/// A `none` finding's difference has its 95% CI inside ±this (as in `scripts/findings.py`).
const NONE_WITHIN: f64 = 0.02;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn library() -> Vec<PathBuf> {
    coexist::scenario::library(&scenarios_dir()).unwrap()
}

struct Finding {
    claim: String,
    control: String,
    variant: String,
    metric: String,
    expect: String,
}

fn findings() -> Vec<Finding> {
    let (header, rows) = read_csv(&scenarios_dir().join("findings.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .map(|r| Finding {
            claim: r[at("claim")].clone(),
            control: r[at("control")].clone(),
            variant: r[at("variant")].clone(),
            metric: r[at("metric")].clone(),
            expect: r[at("expect")].clone(),
        })
        .collect()
}

/// (control, variant, metric) → (difference, low, high, paired).
type Differences = HashMap<(String, String, String), (f64, f64, f64, bool)>;

/// Every scenario a finding names, run at `seed` into `out/runs`, and each control compared
/// with its variants.
fn differences(out: &Path, seed: u64) -> Differences {
    let rows = findings();
    let names: BTreeSet<&str> = rows
        .iter()
        .flat_map(|f| [f.control.as_str(), f.variant.as_str()])
        .collect();
    let runs = out.join("runs");
    let files: Vec<String> = names
        .iter()
        .map(|n| scenarios_dir().join(format!("{n}.toml")).display().to_string())
        .collect();
    let seed = seed.to_string();
    let mut args = vec!["run"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", runs.to_str().unwrap(), "--seed", &seed, "--quiet"]);
    coexist_ok(&args);
    let mut found = HashMap::new();
    let controls: BTreeSet<&str> = rows.iter().map(|f| f.control.as_str()).collect();
    for control in controls {
        let cmp = out.join(format!("against-{control}"));
        let inputs: Vec<String> = std::iter::once(control)
            .chain(rows.iter().filter(|f| f.control == control).map(|f| f.variant.as_str()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|n| runs.join(n).display().to_string())
            .collect();
        let reference = runs.join(control).display().to_string();
        let mut args = vec!["compare"];
        args.extend(inputs.iter().map(String::as_str));
        args.extend(["--against", &reference, "--out", cmp.to_str().unwrap(), "--quiet"]);
        coexist_ok(&args);
        let (header, diffs) = read_csv(&cmp.join("differences.csv"));
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        for d in diffs {
            let num = |k: &str| d[at(k)].parse::<f64>().unwrap();
            found.insert(
                (control.to_string(), d[at("scenario")].clone(), d[at("metric")].clone()),
                (
                    num("difference"),
                    num("ci_low"),
                    num("ci_high"),
                    d[at("paired")] == "true",
                ),
            );
        }
    }
    found
}

fn holds(expect: &str, low: f64, high: f64) -> bool {
    match expect {
        "up" => low > 0.0,
        "down" => high < 0.0,
        "none" => -NONE_WITHIN < low && high < NONE_WITHIN,
        other => panic!("findings.csv: expect `{other}` is not up, down or none"),
    }
}

#[test]
fn every_finding_holds_in_its_stated_direction_at_seeds_other_than_the_published_one() {
    let mut failures = Vec::new();
    for seed in TEST_SEEDS {
        let out = tempfile::tempdir().unwrap();
        let found = differences(out.path(), seed);
        for f in findings() {
            let key = (f.control.clone(), f.variant.clone(), f.metric.clone());
            let (d, low, high, paired) = *found
                .get(&key)
                .unwrap_or_else(|| panic!("no difference for {key:?}: does the metric exist?"));
            assert!(paired, "{key:?} is not paired on common random numbers");
            if !holds(&f.expect, low, high) {
                failures.push(format!(
                    "seed {seed}, {}: {} → {} {} should be {}, is {d} [{low}, {high}]",
                    f.claim, f.control, f.variant, f.metric, f.expect
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The leaves of a JSON value as dotted paths, agents' indices written `*`.
fn leaves(prefix: &str, v: &serde_json::Value, out: &mut HashMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| leaves(&format!("{prefix}.{k}"), v, out)),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(&format!("{prefix}.{i}"), v, out)),
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// What a factor is: an agent's field (`agents.*.face_cost`, whichever agents), or a
/// top-level field's first part (`channels.1`, `random_events.issue`). The salience that
/// validation copies into the incidents is their issue's.
fn factor(path: &str) -> String {
    let parts: Vec<&str> = path.trim_start_matches('.').split('.').collect();
    match parts.as_slice() {
        ["agents", _, field, ..] => format!("agents.*.{field}"),
        ["random_events", "salience"] => "random_events.issue".to_string(),
        [a, b, ..] => format!("{a}.{b}"),
        [a] => a.to_string(),
        [] => String::new(),
    }
}

#[test]
fn every_finding_changes_exactly_one_factor_against_its_control() {
    let scenario = |name: &str| {
        let sc = coexist::scenario::load(&scenarios_dir().join(format!("{name}.toml"))).unwrap();
        let mut v = serde_json::to_value(&sc).unwrap();
        let m = v.as_object_mut().unwrap();
        // What a scenario says about itself is not a factor of the model.
        for key in ["name", "description", "question", "look_at"] {
            m.remove(key);
        }
        let mut out = HashMap::new();
        leaves("", &v, &mut out);
        out
    };
    for f in findings() {
        let (a, b) = (scenario(&f.control), scenario(&f.variant));
        let changed: BTreeSet<String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .map(|k| factor(k))
            .collect();
        assert_eq!(changed.len(), 1, "{} → {} changes {changed:?}", f.control, f.variant);
    }
}

#[test]
fn every_scenario_is_valid_and_says_what_it_represents_asks_shows_and_where_to_look() {
    for f in library() {
        let text = std::fs::read_to_string(&f).unwrap();
        for part in ["# Represents:", "# Shows:"] {
            assert!(text.contains(part), "{} lacks {part}", f.display());
        }
        // Its own question and pointers, not its parent's: the report opens with them.
        for key in ["question = ", "look_at = "] {
            assert!(
                text.lines().any(|l| l.starts_with(key)),
                "{} lacks `{key}`",
                f.display()
            );
        }
        let sc = coexist::scenario::load(&f).unwrap_or_else(|e| panic!("{e}"));
        assert!(sc.question.ends_with('?'), "{}: {}", f.display(), sc.question);
    }
}

#[test]
fn every_scenario_but_the_timeline_takes_part_in_a_finding() {
    let named: BTreeSet<String> = findings().into_iter().flat_map(|f| [f.control, f.variant]).collect();
    for f in library() {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            name == "baseline-2023" || named.contains(&name),
            "{name} is in no finding of findings.csv"
        );
    }
}

/// Each agent's share of replicates engaging, by date, in baseline-2023 run at `seed`.
fn engagement_by_month(seed: u64) -> HashMap<String, [f64; 2]> {
    let out = tempfile::tempdir().unwrap();
    let file = scenarios_dir().join("baseline-2023.toml");
    let seed = seed.to_string();
    coexist_ok(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--seed",
        &seed,
        "--quiet",
    ]);
    let (header, rows) = read_csv(&out.path().join("baseline-2023/ensemble.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .map(|r| {
            let share = |id: &str| r[at(&format!("engage_{id}"))].parse::<f64>().unwrap();
            (r[at("date")].clone(), [share("usa"), share("china")])
        })
        .collect()
}

#[test]
fn in_the_2023_timeline_china_engages_less_after_the_balloon_and_more_after_blinkens_visit() {
    for seed in TEST_SEEDS {
        let months = engagement_by_month(seed);
        let china = |month: &str| months[month][1];
        let (january, may, july) = (china("2023-01"), china("2023-05"), china("2023-07"));
        assert!(
            may < january / 2.0,
            "seed {seed}: the February fall: {january} in January, {may} in May"
        );
        assert!(
            july > 2.0 * may,
            "seed {seed}: the summer recovery: {may} in May, {july} in July"
        );
    }
}

#[test]
fn the_2023_baseline_has_the_essays_events_on_their_dates() {
    let sc = coexist::scenario::load(&scenarios_dir().join("baseline-2023.toml")).unwrap();
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

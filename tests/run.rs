//! `coexist run` end to end: determinism, shapes, consistency between files, overrides.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{coexist, coexist_ok, column, fixture, numbers, on_fixture, read_csv, tree_bytes};

fn run_into(out: &Path, extra: &[&str]) {
    on_fixture("run", "everything.toml", out, extra);
}

#[test]
fn every_mechanism_on_gives_identical_bytes_with_one_and_two_jobs() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_into(one.path(), &["--jobs", "1"]);
    run_into(two.path(), &["--jobs", "2"]);
    let (a, b) = (tree_bytes(one.path()), tree_bytes(two.path()));
    assert!(a.len() >= 4, "expected at least the four data files, found {}", a.len());
    assert_eq!(a, b);
}

#[test]
fn replicates_split_into_many_batches_give_the_same_bytes_with_one_and_two_jobs() {
    // 1,000 rounds: batches of 32 replicates on one thread and 65 on two, the kept
    // trajectories spanning several of them.
    let args = [
        "--set",
        "rounds=1000",
        "--set",
        "replicates=200",
        "--trajectories",
        "70",
    ];
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_into(one.path(), &[&args[..], &["--jobs", "1"]].concat());
    run_into(two.path(), &[&args[..], &["--jobs", "2"]].concat());
    let (_, rows) = read_csv(&one.path().join("everything/trajectories.csv"));
    assert_eq!(rows.len(), 1000 * 70);
    assert_eq!(tree_bytes(one.path()), tree_bytes(two.path()));
}

#[test]
fn trajectories_have_one_row_per_round_and_replicate() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &[]);
    let (_, rows) = read_csv(&out.path().join("everything/trajectories.csv"));
    assert_eq!(rows.len(), 30 * 40);
    let (_, summary) = read_csv(&out.path().join("everything/summary.csv"));
    assert_eq!(summary.len(), 40);
    let (_, ensemble) = read_csv(&out.path().join("everything/ensemble.csv"));
    assert_eq!(ensemble.len(), 30);
}

#[test]
fn summary_payoff_totals_equal_the_sums_of_trajectory_payoffs() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &[]);
    let (th, trows) = read_csv(&out.path().join("everything/trajectories.csv"));
    let (sh, srows) = read_csv(&out.path().join("everything/summary.csv"));
    let replicate = numbers(&column(&th, &trows, "replicate"));
    for id in ["usa", "china"] {
        let payoffs = numbers(&column(&th, &trows, &format!("payoff_{id}")));
        let totals = numbers(&column(&sh, &srows, &format!("payoff_{id}")));
        for (r, total) in totals.iter().enumerate() {
            let sum: f64 = payoffs
                .iter()
                .zip(&replicate)
                .filter(|(_, rep)| **rep as usize == r + 1)
                .map(|(p, _)| p)
                .sum();
            assert!(
                (sum - total).abs() < 1e-6,
                "replicate {}: {id} total {total} but rows sum to {sum}",
                r + 1
            );
        }
    }
}

#[test]
fn action_shares_in_the_summary_match_the_trajectories() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &[]);
    let (th, trows) = read_csv(&out.path().join("everything/trajectories.csv"));
    let (sh, srows) = read_csv(&out.path().join("everything/summary.csv"));
    let actions = column(&th, &trows, "action_usa");
    let share = numbers(&column(&sh, &srows, "markers_usa"));
    let first: Vec<&String> = actions.iter().take(30).collect();
    let markers = first.iter().filter(|a| a.as_str() == "markers").count() as f64 / 30.0;
    assert!((markers - share[0]).abs() < 1e-9);
}

#[test]
fn set_rounds_seven_gives_seven_rounds() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &["--set", "rounds=7"]);
    let (h, rows) = read_csv(&out.path().join("everything/trajectories.csv"));
    let rounds = numbers(&column(&h, &rows, "round"));
    assert_eq!(rounds.iter().copied().fold(0.0, f64::max), 7.0);
    assert_eq!(rows.len(), 7 * 40);
}

#[test]
fn another_seed_gives_other_trajectories() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_into(a.path(), &[]);
    run_into(b.path(), &["--seed", "100"]);
    let read = |d: &Path| std::fs::read(d.join("everything/trajectories.csv")).unwrap();
    assert_ne!(read(a.path()), read(b.path()));
}

#[test]
fn the_same_seed_gives_the_same_trajectories_twice() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_into(a.path(), &[]);
    run_into(b.path(), &[]);
    assert_eq!(tree_bytes(a.path()), tree_bytes(b.path()));
}

#[test]
fn trajectories_n_writes_only_the_first_n_replicates_but_summaries_cover_all() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &["--trajectories", "3"]);
    let (h, rows) = read_csv(&out.path().join("everything/trajectories.csv"));
    let reps = numbers(&column(&h, &rows, "replicate"));
    assert_eq!(reps.iter().copied().fold(0.0, f64::max), 3.0);
    let (_, summary) = read_csv(&out.path().join("everything/summary.csv"));
    assert_eq!(summary.len(), 40);
}

#[test]
fn events_are_named_in_their_round_with_its_date() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &["--replicates", "1"]);
    let (h, rows) = read_csv(&out.path().join("everything/trajectories.csv"));
    let dates = column(&h, &rows, "date");
    let events = column(&h, &rows, "event");
    let balloon = dates.iter().position(|d| d == "2023-02").unwrap();
    assert!(
        events[balloon].starts_with("Surveillance balloon"),
        "{}",
        events[balloon]
    );
    let restored = dates.iter().position(|d| d == "2023-06").unwrap();
    assert!(events[restored].starts_with("Military channel restored"));
}

#[test]
fn the_manifest_records_the_resolved_scenario_seed_and_command() {
    let out = tempfile::tempdir().unwrap();
    run_into(out.path(), &["--set", "agents.usa.audience=0.9", "--jobs", "2"]);
    let text = std::fs::read_to_string(out.path().join("everything/manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(m["seed"], 99);
    assert_eq!(m["scenario"]["agents"][0]["audience"], 0.9);
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    let command: Vec<&str> = m["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(command.contains(&"agents.usa.audience=0.9"));
    assert!(
        !command.contains(&"--jobs"),
        "--jobs cannot change a result, so it is not recorded"
    );
}

#[test]
fn a_bad_override_exits_2_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("everything.toml");
    let o = coexist(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--set",
        "agents.usa.perception.noise=1.5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("agents.usa.perception.noise"), "{err}");
    assert!(err.contains("[0, 1]"), "{err}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn run_without_scenarios_runs_the_library_into_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(fixture("three_rounds.toml"), dir.path().join("scenarios/three.toml")).unwrap();
    std::fs::copy(fixture("everything.toml"), dir.path().join("scenarios/all.toml")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args(["run", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("output/three-rounds/summary.csv").is_file());
    assert!(dir.path().join("output/everything/summary.csv").is_file());
}

#[test]
fn validate_accepts_a_good_file_and_rejects_a_bad_one_with_exit_2() {
    let good = coexist_ok(&["validate", fixture("everything.toml").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&good.stdout).contains("ok"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"x\"\nrounds = 0\n[agents.a]\nstrategy = \"grim\"\n[agents.b]\nstrategy = \"grim\"\n",
    )
    .unwrap();
    let o = coexist(&["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml:2:10"), "{err}");
}

#[test]
fn the_whole_library_gives_the_same_bytes_twice_and_with_any_jobs() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let library = coexist::scenario::library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap();
    for (dir, jobs) in [(&one, "1"), (&two, "2")] {
        let mut args: Vec<String> = vec!["run".into()];
        args.extend(library.iter().map(|p| p.display().to_string()));
        args.extend([
            "--out".into(),
            dir.path().display().to_string(),
            "--jobs".into(),
            jobs.into(),
            "--quiet".into(),
        ]);
        coexist_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let (a, b) = (tree_bytes(one.path()), tree_bytes(two.path()));
    assert!(
        a.len() >= library.len() * 17,
        "data, report and twelve charts per scenario"
    );
    assert_eq!(a, b);
}

#[test]
fn event_names_with_commas_and_quotes_survive_the_csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quoted.toml");
    std::fs::write(
        &path,
        "name = \"quoted\"\nrounds = 3\n[agents.a]\nstrategy = \"grim\"\n[agents.b]\nstrategy = \"grim\"\n\
         [[events]]\nat = 2\nname = 'Yellen, Kerry \"visit\"'\n",
    )
    .unwrap();
    coexist_ok(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    let (h, rows) = read_csv(&dir.path().join("quoted/trajectories.csv"));
    assert_eq!(column(&h, &rows, "event"), ["", "Yellen, Kerry \"visit\"", ""]);
}

#[test]
fn a_different_result_is_refused_over_an_existing_one_and_the_old_files_are_untouched() {
    let out = tempfile::tempdir().unwrap();
    common::on_fixture("run", "everything.toml", out.path(), &[]);
    let summary = out.path().join("everything/summary.csv");
    let before = std::fs::read(&summary).unwrap();
    let f = common::fixture("everything.toml");
    let o = out.path().to_str().unwrap();
    let refused = common::coexist(&["run", f.to_str().unwrap(), "--out", o, "--seed", "7", "--quiet"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("differs in scenario.seed") && stderr.contains("--name NAME") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&summary).unwrap(), before);
}

#[test]
fn the_same_result_is_rewritten_in_place_without_force() {
    let out = tempfile::tempdir().unwrap();
    common::on_fixture("run", "everything.toml", out.path(), &[]);
    common::on_fixture("run", "everything.toml", out.path(), &["--trajectories", "3"]);
}

#[test]
fn name_writes_a_variant_beside_the_original_and_force_replaces_it() {
    let out = tempfile::tempdir().unwrap();
    common::on_fixture("run", "everything.toml", out.path(), &[]);
    common::on_fixture(
        "run",
        "everything.toml",
        out.path(),
        &["--seed", "7", "--name", "seed-7"],
    );
    let manifest = std::fs::read_to_string(out.path().join("seed-7/manifest.json")).unwrap();
    assert!(manifest.contains("\"seed\": 7") && manifest.contains("\"name\": \"seed-7\""));
    common::on_fixture(
        "run",
        "everything.toml",
        out.path(),
        &["--seed", "8", "--name", "seed-7", "--force"],
    );
    let manifest = std::fs::read_to_string(out.path().join("seed-7/manifest.json")).unwrap();
    assert!(manifest.contains("\"seed\": 8"));
}

#[test]
fn a_folder_that_is_not_a_result_is_never_written_into() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("everything")).unwrap();
    std::fs::write(out.path().join("everything/notes.txt"), "mine").unwrap();
    let f = common::fixture("everything.toml");
    let refused = common::coexist(&[
        "run",
        f.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a coexist result folder"));
}

#[test]
fn a_different_sweep_is_refused_over_an_existing_one() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("sw");
    let f = common::fixture("everything.toml");
    let sweep = |vary: &str| {
        common::coexist(&[
            "sweep",
            f.to_str().unwrap(),
            "--vary",
            vary,
            "--replicates",
            "5",
            "--out",
            o.to_str().unwrap(),
            "--quiet",
        ])
    };
    assert!(sweep("agents.usa.perception.noise=0,0.1").status.success());
    let refused = sweep("agents.usa.perception.noise=0,0.2");
    assert_eq!(
        refused.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        sweep("agents.usa.perception.noise=0,0.1").status.success(),
        "the same sweep reruns"
    );
}

#[test]
fn events_csv_lists_every_event_of_every_kept_replicate_as_the_event_column_does() {
    let out = tempfile::tempdir().unwrap();
    on_fixture(
        "run",
        "everything.toml",
        out.path(),
        &["--set", "random_events.rate=0.3"],
    );
    let dir = out.path().join("everything");
    let (header, events) = read_csv(&dir.join("events.csv"));
    assert_eq!(header, ["replicate", "round", "date", "name", "kind"]);
    let (th, rows) = read_csv(&dir.join("trajectories.csv"));
    let at = |n: &str| th.iter().position(|h| h == n).unwrap();
    let from_column: Vec<[String; 3]> = rows
        .iter()
        .filter(|r| !r[at("event")].is_empty())
        .flat_map(|r| {
            r[at("event")]
                .split(" | ")
                .map(|name| [r[at("replicate")].clone(), r[at("round")].clone(), name.to_string()])
                .collect::<Vec<_>>()
        })
        .collect();
    let listed: Vec<[String; 3]> = events
        .iter()
        .map(|e| [e[0].clone(), e[1].clone(), e[3].clone()])
        .collect();
    assert_eq!(listed, from_column);
    assert!(events.iter().any(|e| e[4] == "random") && events.iter().any(|e| e[4] == "scheduled"));
    assert!(events.iter().all(|e| (e[4] == "random") == (e[3] == "incident")));
}

/// A parent and a variant that raises both audiences, in `dir`.
fn parent_and_variant(dir: &Path) -> (PathBuf, PathBuf) {
    let parent = dir.join("parent.toml");
    std::fs::write(
        &parent,
        "name = \"parent\"\nrounds = 12\nreplicates = 300\nseed = 4\n\
         [agents.usa]\nstrategy = \"deliberate\"\nperception = { noise = 0.1 }\n\
         [agents.china]\nstrategy = \"deliberate\"\nperception = { noise = 0.1 }\n",
    )
    .unwrap();
    let child = dir.join("variant.toml");
    std::fs::write(
        &child,
        "extends = \"parent.toml\"\nname = \"variant\"\n\
         [agents.usa]\naudience = 1.5\n[agents.china]\naudience = 1.5\n",
    )
    .unwrap();
    (parent, child)
}

/// The difference `report.html` shows for the first row of its parent table, in mutual engagement.
fn reported_difference(report: &str) -> String {
    let section = &report[report.find("id=\"against-parent\"").expect("a parent section")..];
    let cell = section.split("<td").nth(2).expect("a first difference cell");
    cell[cell.find('>').unwrap() + 1..cell.find("<br>").unwrap()].to_string()
}

#[test]
fn a_variants_report_shows_the_paired_differences_compare_gives_against_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    let (parent, child) = parent_and_variant(dir.path());
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    coexist_ok(&["run", child.to_str().unwrap(), "--out", o, "--quiet"]);
    coexist_ok(&["run", parent.to_str().unwrap(), "--out", o, "--quiet"]);
    let cmp = dir.path().join("cmp");
    let (v, p) = (out.join("variant"), out.join("parent"));
    coexist_ok(&[
        "compare",
        v.to_str().unwrap(),
        p.to_str().unwrap(),
        "--against",
        p.to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
        "--quiet",
    ]);
    let (h, rows) = common::read_csv(&cmp.join("differences.csv"));
    let at = |name: &str| h.iter().position(|c| c == name).unwrap();
    let row = rows.iter().find(|r| r[at("metric")] == "mutual_engagement").unwrap();
    assert_eq!(row[at("paired")], "true");
    let expected: f64 = row[at("difference")].parse().unwrap();
    let report = std::fs::read_to_string(out.join("variant/report.html")).unwrap();
    assert_eq!(reported_difference(&report), format!("{expected:+.3}"));
    assert!(
        expected < 0.0,
        "an audience paid for toughness lowers mutual engagement"
    );
}

#[test]
fn a_parent_already_in_the_output_folder_is_reused_rather_than_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let (parent, child) = parent_and_variant(dir.path());
    let o = dir.path().join("out");
    let o = o.to_str().unwrap();
    let first = coexist_ok(&["run", child.to_str().unwrap(), parent.to_str().unwrap(), "--out", o]);
    let again = coexist_ok(&["run", child.to_str().unwrap(), "--out", o]);
    for out in [first, again] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("running parent"), "{stderr}");
    }
    let alone = coexist_ok(&[
        "run",
        child.to_str().unwrap(),
        "--out",
        dir.path().join("alone").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&alone.stderr).contains("running parent"));
}

#[test]
fn a_run_in_memory_gives_byte_for_byte_the_tables_a_run_writes() {
    let sc = coexist::scenario::load_with(&common::fixture("everything.toml"), &["replicates=7".to_string()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = coexist::output::RunOptions {
        out: dir.path().to_path_buf(),
        trajectories: coexist::output::Trajectories::First(3),
        quiet: true,
        command: Vec::new(),
    };
    let folder = coexist::output::write_run(&sc, &opts, None).unwrap();
    let t = coexist::output::run::tables(&sc, coexist::output::Trajectories::First(3), |_| {}).unwrap();
    for (file, bytes) in [
        ("summary.csv", &t.summary),
        ("trajectories.csv", &t.trajectories),
        ("events.csv", &t.events),
        ("ensemble.csv", &t.ensemble),
        ("manifest.json", &t.manifest),
    ] {
        assert_eq!(&std::fs::read(folder.join(file)).unwrap(), bytes, "{file}");
    }
}

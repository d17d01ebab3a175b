//! The corpus of bad scenario files in tests/bad/: each is rejected with exit code 2 and
//! exactly the message in its `.stderr` snapshot, so a regression in a message shows up in
//! review. `COEXIST_BLESS=1 cargo test --test bad_input` rewrites the snapshots.

mod common;

use std::path::{Path, PathBuf};

use common::coexist;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bad_file_is_rejected_with_its_snapshot_message_and_exit_code_2() {
    let bless = std::env::var_os("COEXIST_BLESS").is_some();
    let files = corpus();
    assert!(files.len() >= 35, "the corpus has {} files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let relative = format!("tests/bad/{name}");
        let out = coexist(&["validate", &relative]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.code() != Some(2) {
            failures.push(format!("{name}: exit {:?}, stderr:\n{stderr}", out.status.code()));
            continue;
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked:\n{stderr}"));
        }
        let snapshot = path.with_extension("stderr");
        if bless {
            std::fs::write(&snapshot, &stderr).unwrap();
        } else {
            let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
            if expected != stderr {
                failures.push(format!("{name}: expected\n{expected}\nfound\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn every_message_names_the_file_and_a_location_or_the_file_alone() {
    for path in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = coexist(&["validate", &format!("tests/bad/{name}")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: "), "{name}: {stderr}");
        assert!(
            stderr.contains("--> tests/bad/"),
            "{name} does not point at its file:\n{stderr}"
        );
    }
}

#[test]
fn a_rejected_scenario_creates_no_output_folder() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("results");
    let o = coexist(&[
        "run",
        "tests/bad/probability_out_of_range.toml",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!target.exists());
}

#[test]
fn a_good_file_beside_a_bad_one_is_not_run_either() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("results");
    let good = common::fixture("three_rounds.toml");
    let o = coexist(&[
        "run",
        good.to_str().unwrap(),
        "tests/bad/zero_rounds.toml",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!target.exists(), "nothing is written when any scenario is rejected");
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let good = common::fixture("three_rounds.toml");
    let o = coexist(&[
        "run",
        good.to_str().unwrap(),
        "--out",
        blocker.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: cannot write") && err.contains("a-file"),
        "{err}"
    );
}

#[test]
fn bad_overrides_name_the_override() {
    let good = common::fixture("three_rounds.toml");
    for (set, needle) in [
        ("rounds", "an override must have the form KEY=VALUE"),
        ("agents.a.strategy=grimm", "did you mean `grim`?"),
        ("agents.a.face_cost=-1", "--set agents.a.face_cost=-1"),
        ("name.x=1", "cannot set a key inside a string"),
        ("issues.7.salience=1", "indexes an array of 1 element(s)"),
    ] {
        let o = coexist(&["validate", good.to_str().unwrap(), "--set", set]);
        assert_eq!(o.status.code(), Some(2), "{set}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{set}: {err}");
    }
}

#[test]
fn ctrl_c_stops_a_run_promptly_and_leaves_no_cut_off_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = common::fixture("everything.toml");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--replicates",
            "2000000",
            "--rounds",
            "200",
            "--trajectories",
            "50000",
            "--out",
            out.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    // Wait until the run is writing its trajectories, into the folder it builds beside its target.
    let building = || {
        std::fs::read_dir(&out).is_ok_and(|d| {
            d.flatten().any(|e| {
                e.file_name().to_string_lossy().starts_with(".everything.staging-")
                    && std::fs::read_dir(e.path()).is_ok_and(|mut f| f.next().is_some())
            })
        })
    };
    while !building() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let sent = std::time::Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(sent.elapsed().as_secs() < 20, "took {:?} to stop", sent.elapsed());
    assert_eq!(status.code(), Some(130));
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn a_file_with_three_independent_mistakes_reports_all_three_in_one_run() {
    let out = coexist(&["validate", "tests/bad/three_typos.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    for key in [
        "`replicate`",
        "`agents.usa.perception.nosie`",
        "`agents.china.trust.initial`",
    ] {
        assert!(stderr.contains(&format!("error: {key}")), "{key} missing:\n{stderr}");
    }
    assert!(stderr.ends_with("error: could not load `tests/bad/three_typos.toml` due to 3 errors\n"));
}

#[test]
fn past_twenty_errors_the_first_twenty_are_shown_with_the_count() {
    let out = coexist(&["validate", "tests/bad/many_errors.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("unknown key `typo_").count(), 20);
    assert!(stderr.contains("due to 25 errors (the first 20 shown)"), "{stderr}");
}

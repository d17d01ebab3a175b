//! Hostile input: whatever a file, a flag or the file system hands the loader, it answers
//! with a clear error and exit code 2, quickly and in bounded memory, without echoing a file
//! that is not a scenario; numbers are bounded so that no result can overflow.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{coexist, coexist_ok};

const AGENTS: &str = "[agents.usa]\nstrategy = \"tit_for_tat\"\n[agents.china]\nstrategy = \"tit_for_tat\"\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs `coexist args`, expecting exit code 2 within a few seconds; returns stderr.
fn refused(args: &[&str]) -> String {
    let start = Instant::now();
    let out = coexist(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}:\n{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{args:?} took {:?}",
        start.elapsed()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn an_extends_chain_deeper_than_64_files_is_refused_naming_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f0.toml", &format!("name = \"f\"\nrounds = 2\n{AGENTS}"));
    for i in 1..=200 {
        write(
            dir.path(),
            &format!("f{i}.toml"),
            &format!("extends = \"f{}.toml\"\n", i - 1),
        );
    }
    let top = dir.path().join("f200.toml");
    let stderr = refused(&["validate", top.to_str().unwrap()]);
    assert!(
        stderr.contains("more than 64 files deep: f200.toml -> f199.toml -> f198.toml -> ..."),
        "{stderr}"
    );
}

#[test]
fn a_device_is_not_read_as_a_scenario() {
    let stderr = refused(&["validate", "/dev/zero"]);
    assert!(stderr.contains("is not a regular file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_scenario_or_as_what_it_extends_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    refused(&["validate", fifo.to_str().unwrap()]);
    let child = write(dir.path(), "child.toml", "extends = \"pipe.toml\"\nname = \"c\"\n");
    let stderr = refused(&["validate", &child]);
    assert!(
        stderr.contains("child.toml:1:11"),
        "reported at the extends line:\n{stderr}"
    );
}

#[test]
fn extends_of_a_folder_points_at_the_extends_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
    let child = write(dir.path(), "child.toml", "name = \"c\"\nextends = \"sub.toml\"\n");
    let stderr = refused(&["validate", &child]);
    assert!(
        stderr.contains("child.toml:2:11") && stderr.contains("it is a folder"),
        "{stderr}"
    );
}

#[test]
fn extends_of_a_file_that_is_not_a_scenario_never_echoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "root:x:0:0:secret-line";
    write(dir.path(), "secret.txt", secret);
    write(dir.path(), "secret.toml", secret);
    for target in ["secret.txt", "secret.toml", "/etc/passwd"] {
        let child = write(
            dir.path(),
            "child.toml",
            &format!("extends = \"{target}\"\nname = \"c\"\n"),
        );
        let stderr = refused(&["validate", &child]);
        assert!(!stderr.contains("root:x"), "{target} echoed:\n{stderr}");
        assert!(stderr.contains("child.toml:1:11"), "{stderr}");
    }
}

#[test]
fn a_file_over_4_mib_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "name = \"big\"\nrounds = 2\nx = [{}0]\n{AGENTS}",
        "0, ".repeat(2_000_000)
    );
    let path = write(dir.path(), "big.toml", &big);
    let stderr = refused(&["validate", &path]);
    assert!(stderr.contains("holds more than 4 MiB"), "{stderr}");
}

#[test]
fn payoffs_and_costs_beyond_a_million_are_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value) in [
        ("agents.usa.audience", "1e308"),
        ("game.payoffs", "[[1e308, 0, 0], [0, 0, 0], [0, 0, 0]]"),
        ("issues", "[{ name = \"t\", salience = 2e6 }]"),
        ("relationship.tension_cost", "1e7"),
    ] {
        let path = write(dir.path(), "s.toml", &format!("name = \"s\"\nrounds = 2\n{AGENTS}"));
        let stderr = refused(&["validate", &path, "--set", &format!("{key}={value}")]);
        assert!(stderr.contains("1e6]"), "{key}: {stderr}");
    }
}

#[test]
fn two_channels_of_one_name_are_an_error_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "s.toml",
        &format!("name = \"s\"\nrounds = 2\n{AGENTS}[[channels]]\nname = \"m\"\n[[channels]]\nname = \"m\"\n"),
    );
    let stderr = refused(&["validate", &path]);
    assert!(
        stderr.contains("two `channels` elements are named `m` (the first at line 7)"),
        "{stderr}"
    );
}

#[test]
fn an_event_after_the_last_round_of_the_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("name = \"s\"\nrounds = 4\n{AGENTS}[[events]]\nat = 9\nname = \"late\"\n");
    let path = write(dir.path(), "s.toml", &text);
    let stderr = refused(&["validate", &path]);
    assert!(
        stderr.contains("\"late\" falls in round 9, after the last round (4)"),
        "{stderr}"
    );
}

#[test]
fn an_event_cut_off_by_set_rounds_is_a_warning_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("name = \"s\"\nrounds = 12\n{AGENTS}[[events]]\nat = 9\nname = \"late\"\n");
    let path = write(dir.path(), "s.toml", &text);
    let out = coexist_ok(&["validate", &path, "--set", "rounds=4"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: s: event \"late\" (round 9) falls after the last round (4, from --set rounds=4)"),
        "{stderr}"
    );
}

#[test]
fn extends_cannot_be_set_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.toml", &format!("name = \"s\"\nrounds = 2\n{AGENTS}"));
    let stderr = refused(&["validate", &path, "--set", "extends=other.toml"]);
    assert!(stderr.contains("`extends` cannot be overridden"), "{stderr}");
}

#[test]
fn seed_takes_every_u64() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.toml", &format!("name = \"s\"\nrounds = 2\n{AGENTS}"));
    let out = dir.path().join("out");
    coexist_ok(&[
        "run",
        &path,
        "--seed",
        "18446744073709551615",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let manifest = std::fs::read_to_string(out.join("s/manifest.json")).unwrap();
    assert!(manifest.contains("\"seed\": 18446744073709551615"), "{manifest}");
}

#[test]
fn a_name_of_300_characters_and_a_label_with_a_nul_are_refused_by_validate() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("name = \"{}\"\nrounds = 2\n{AGENTS}", "a".repeat(300));
    let stderr = refused(&["validate", &write(dir.path(), "long.toml", &long)]);
    assert!(stderr.contains("at most 64 characters"), "{stderr}");
    let nul = format!("name = \"n\"\nrounds = 2\n{AGENTS}label = \"US\\u0000A\"\n");
    let stderr = refused(&["validate", &write(dir.path(), "nul.toml", &nul)]);
    assert!(stderr.contains("without control characters"), "{stderr}");
}

#[test]
fn jobs_beyond_256_are_refused_before_any_thread_starts() {
    let stderr = refused(&["run", "tests/fixtures/three_rounds.toml", "--jobs", "100000"]);
    assert!(stderr.contains("not in 1..=256"), "{stderr}");
    refused(&[
        "run",
        "tests/fixtures/three_rounds.toml",
        "--jobs",
        "18446744073709551615",
    ]);
}

#[test]
fn a_run_whose_statistics_would_not_fit_in_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "s.toml",
        &format!("name = \"s\"\nrounds = 1000000\nreplicates = 1000\n{AGENTS}"),
    );
    let out = dir.path().join("out");
    let stderr = refused(&["run", &path, "--trajectories", "0", "--out", out.to_str().unwrap()]);
    assert!(stderr.contains("run fewer rounds (--rounds N)"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_run_whose_trajectories_would_fill_a_disk_is_refused_with_the_flag_that_keeps_fewer() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "s.toml",
        &format!("name = \"s\"\nrounds = 200000\nreplicates = 1000\n{AGENTS}"),
    );
    let stderr = refused(&["run", &path, "--out", dir.path().join("out").to_str().unwrap()]);
    assert!(stderr.contains("--trajectories N"), "{stderr}");
}

#[test]
fn a_long_runs_report_and_charts_stay_small_while_its_csvs_keep_every_round() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "s.toml",
        &format!("name = \"s\"\nrounds = 50000\nreplicates = 2\n{AGENTS}[agents.usa.errors]\nrate = 0.1\n"),
    );
    let out = dir.path().join("out");
    coexist_ok(&[
        "run",
        &path,
        "--trajectories",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let report = std::fs::metadata(out.join("s/report.html")).unwrap().len();
    assert!(report < 2_000_000, "report.html is {report} bytes");
    let ensemble = std::fs::read_to_string(out.join("s/ensemble.csv")).unwrap();
    assert_eq!(ensemble.lines().count(), 50_001, "a header and every round");
}

#[test]
fn sweep_ranges_whose_step_count_overflows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for vary in [
        "rounds=0:1e308:1e-308",
        "agents.usa.perception.noise=-1e308:1e308:1e308",
        "agents.usa.perception.noise=0:1:1e-9",
    ] {
        let stderr = refused(&[
            "sweep",
            "tests/fixtures/three_rounds.toml",
            "--vary",
            vary,
            "--out",
            dir.path().join("s").to_str().unwrap(),
        ]);
        assert!(stderr.contains("more than 1000000 values"), "{vary}: {stderr}");
    }
}

#[test]
fn the_last_of_u64_max_shards_holds_the_last_point() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let max = u64::MAX.to_string();
    coexist_ok(&[
        "sweep",
        "tests/fixtures/three_rounds.toml",
        "--vary",
        "agents.a.perception.noise=0:0.4:0.1",
        "--replicates",
        "2",
        "--shard",
        &format!("{max}/{max}"),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let (_, rows) = common::read_csv(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "0.4");
}

#[test]
fn compare_refuses_a_result_holding_an_infinity_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    for name in ["a", "b"] {
        coexist_ok(&[
            "run",
            "tests/fixtures/three_rounds.toml",
            "--name",
            name,
            "--replicates",
            "3",
            "--out",
            runs.to_str().unwrap(),
            "--quiet",
        ]);
    }
    let summary = runs.join("b/summary.csv");
    let text = std::fs::read_to_string(&summary).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let cells: Vec<&str> = lines[2].split(',').collect();
    let last = cells.len() - 1;
    lines[2] = cells[..last]
        .iter()
        .copied()
        .chain(["inf"])
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(&summary, lines.join("\n") + "\n").unwrap();
    let stderr = refused(&[
        "compare",
        runs.join("a").to_str().unwrap(),
        runs.join("b").to_str().unwrap(),
        "--out",
        dir.path().join("c").to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("summary.csv") && stderr.contains("holds `inf` at line 3"),
        "{stderr}"
    );
}

/// `sweep.csv` of `shard` with `cell` in place of the first metric of its first row, and (when
/// `checksum`) its checksum updated to match, as a shard whose own sweep wrote it would have.
fn edit_first_metric(shard: &Path, cell: &str, checksum: bool) {
    let csv = shard.join("sweep.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let cells: Vec<&str> = lines[1].split(',').collect();
    lines[1] = [cells[0], cell]
        .into_iter()
        .chain(cells[2..].iter().copied())
        .collect::<Vec<_>>()
        .join(",");
    let edited = lines.join("\n") + "\n";
    std::fs::write(&csv, &edited).unwrap();
    if checksum {
        let h = edited.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let sums = shard.join("checksums.json");
        let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sums).unwrap()).unwrap();
        json["sweep.csv"] = format!("{h:016x}").into();
        std::fs::write(&sums, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    }
}

/// `coexist merge` of `shards` into `dir/m`, refused: its stderr, once it is seen that
/// nothing was written.
fn merge_refused(dir: &Path, shards: &[std::path::PathBuf]) -> String {
    let merged = dir.join("m");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap()]);
    let stderr = refused(&args);
    assert!(!merged.exists(), "nothing written");
    stderr
}

#[test]
fn merge_refuses_a_shard_edited_after_its_sweep_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let shards = two_shards(dir.path());
    edit_first_metric(&shards[1], "0.5", false);
    let stderr = merge_refused(dir.path(), &shards);
    assert!(stderr.contains("does not match its checksum"), "{stderr}");
}

#[test]
fn merge_refuses_a_shard_holding_nan_even_with_a_matching_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let shards = two_shards(dir.path());
    edit_first_metric(&shards[1], "NaN", true);
    let stderr = merge_refused(dir.path(), &shards);
    assert!(stderr.contains("holds `NaN` at line 2"), "{stderr}");
}

/// Two shards of a small sweep, in `dir/s1` and `dir/s2`.
fn two_shards(dir: &Path) -> [std::path::PathBuf; 2] {
    [1, 2].map(|i| {
        let out = dir.join(format!("s{i}"));
        coexist_ok(&[
            "sweep",
            "tests/fixtures/three_rounds.toml",
            "--vary",
            "agents.a.perception.noise=0:0.3:0.1",
            "--replicates",
            "2",
            "--shard",
            &format!("{i}/2"),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        out
    })
}

#[test]
fn merge_into_one_of_its_own_shards_is_refused_and_the_shard_kept() {
    let dir = tempfile::tempdir().unwrap();
    let [s1, s2] = two_shards(dir.path());
    let before = common::tree_bytes(&s1);
    let stderr = refused(&[
        "merge",
        s1.to_str().unwrap(),
        s2.to_str().unwrap(),
        "--out",
        s1.to_str().unwrap(),
    ]);
    assert!(stderr.contains("would overwrite that shard"), "{stderr}");
    assert_eq!(common::tree_bytes(&s1), before);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_shards_table_does_not_hang_merge() {
    let dir = tempfile::tempdir().unwrap();
    let [s1, s2] = two_shards(dir.path());
    std::fs::remove_file(s2.join("sweep.csv")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(s2.join("sweep.csv"))
            .status()
            .unwrap()
            .success()
    );
    let stderr = merge_refused(dir.path(), &[s1, s2]);
    assert!(stderr.contains("is not a regular file"), "{stderr}");
}

#[test]
fn merge_refuses_shards_whose_tables_were_swapped() {
    let dir = tempfile::tempdir().unwrap();
    let [s1, s2] = two_shards(dir.path());
    // Tables and their checksums together: each shard's files are consistent, but hold the
    // other shard's points.
    for file in ["sweep.csv", "sweep_long.csv", "checksums.json"] {
        let (a, b) = (s1.join(file), s2.join(file));
        let (ta, tb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        std::fs::write(&a, tb).unwrap();
        std::fs::write(&b, ta).unwrap();
    }
    let stderr = merge_refused(dir.path(), &[s1, s2]);
    assert!(stderr.contains("is not its point 1 of the sweep"), "{stderr}");
}

#[test]
fn a_shard_table_larger_than_its_slice_can_make_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let shards = two_shards(dir.path());
    let table = shards[1].join("sweep.csv");
    let mut bytes = std::fs::read(&table).unwrap();
    bytes.resize(bytes.len() + (16 << 20), b'\n');
    std::fs::write(&table, bytes).unwrap();
    let stderr = merge_refused(dir.path(), &shards);
    assert!(stderr.contains("cannot be merged: it holds more than"), "{stderr}");
}

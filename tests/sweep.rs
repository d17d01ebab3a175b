//! `coexist sweep` and `coexist merge`: designs, columns, determinism, shards, resume.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{coexist, coexist_ok, fixture, on_fixture, read_csv};

fn sweep(out: &Path, extra: &[&str]) {
    on_fixture(
        "sweep",
        "everything.toml",
        out,
        &[&["--replicates", "6"], extra].concat(),
    );
}

const GRID: [&str; 4] = [
    "--vary",
    "agents.usa.perception.noise=0:0.2:0.1",
    "--vary",
    "agents.china.strategy=grim,tit_for_tat",
];

#[test]
fn a_grid_has_one_row_per_combination_and_a_column_per_key_then_metric_statistics() {
    let out = tempfile::tempdir().unwrap();
    sweep(out.path(), &GRID);
    let (header, rows) = read_csv(&out.path().join("sweep.csv"));
    assert_eq!(rows.len(), 3 * 2);
    assert_eq!(&header[..2], ["agents.usa.perception.noise", "agents.china.strategy"]);
    assert_eq!(
        &header[2..5],
        ["engage_usa_mean", "engage_usa_ci_low", "engage_usa_ci_high"]
    );
    assert!(
        header.contains(&"mutual_engagement_mean".to_string())
            && header.contains(&"blame_gap_china_ci_high".to_string())
    );
    let metrics = coexist::record::summary::metric_names(["usa", "china"]).len();
    assert_eq!(header.len(), 2 + 3 * metrics, "three columns for each summary metric");
    let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(
        keys,
        [
            ("0", "grim"),
            ("0", "tit_for_tat"),
            ("0.1", "grim"),
            ("0.1", "tit_for_tat"),
            ("0.2", "grim"),
            ("0.2", "tit_for_tat")
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["design"], "grid");
    assert_eq!(json["seed"], 99);
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_sweep_gives_identical_bytes_with_one_and_two_jobs() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    sweep(one.path(), &[&GRID[..], &["--jobs", "1"]].concat());
    sweep(two.path(), &[&GRID[..], &["--jobs", "2"]].concat());
    assert_eq!(common::tree_bytes(one.path()), common::tree_bytes(two.path()));
}

#[test]
fn points_differ_by_their_values_and_their_own_seeds() {
    let out = tempfile::tempdir().unwrap();
    sweep(out.path(), &["--vary", "agents.usa.audience=0.3,0.3"]);
    let (_, rows) = read_csv(&out.path().join("sweep.csv"));
    assert_ne!(
        rows[0][1..],
        rows[1][1..],
        "two points with the same values still draw from different seeds"
    );
}

#[test]
fn shards_merged_equal_the_whole_sweep_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    sweep(&whole, &GRID);
    let mut shard_dirs = Vec::new();
    for i in 1..=4 {
        let d = dir.path().join(format!("shard-{i}"));
        sweep(&d, &[&GRID[..], &["--shard", &format!("{i}/4")]].concat());
        shard_dirs.push(d);
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shard_dirs.iter().rev().map(|d| d.display().to_string()));
    args.extend(["--out".into(), merged.display().to_string()]);
    coexist_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(common::tree_bytes(&whole), common::tree_bytes(&merged));
}

#[test]
fn merge_refuses_an_incomplete_set_of_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("s1");
    sweep(&d, &[&GRID[..], &["--shard", "1/3"]].concat());
    let out = coexist(&[
        "merge",
        d.to_str().unwrap(),
        "--out",
        dir.path().join("m").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_latin_hypercube_has_one_point_in_each_stratum_of_each_key() {
    let out = tempfile::tempdir().unwrap();
    let n = 20;
    sweep(
        out.path(),
        &[
            "--design",
            "lhs",
            "--samples",
            "20",
            "--vary",
            "agents.usa.perception.noise=0:0.4",
            "--vary",
            "agents.usa.audience=1:2",
        ],
    );
    let (_, rows) = read_csv(&out.path().join("sweep.csv"));
    assert_eq!(rows.len(), n);
    for (k, (lo, hi)) in [(0.0, 0.4), (1.0, 2.0)].into_iter().enumerate() {
        let mut strata: Vec<usize> = rows
            .iter()
            .map(|r| ((r[k].parse::<f64>().unwrap() - lo) / (hi - lo) * n as f64).floor() as usize)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..n).collect::<Vec<_>>(), "key {k}");
    }
}

#[test]
fn a_bad_value_at_any_point_is_rejected_before_anything_runs() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("everything.toml");
    let o = coexist(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--vary",
        "agents.usa.perception.noise=0.5:1.5:0.5",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--vary agents.usa.perception.noise=... at its value `1.5`") && !err.contains("--set"),
        "the message names the flag the user typed: {err}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn one_key_gets_line_charts_and_two_grid_keys_get_heatmaps() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    sweep(one.path(), &["--vary", "agents.usa.perception.noise=0:0.3:0.1"]);
    sweep(
        two.path(),
        &[
            "--vary",
            "agents.usa.perception.noise=0:0.1:0.1",
            "--vary",
            "agents.china.perception.noise=0:0.1:0.1",
        ],
    );
    for d in [one.path(), two.path()] {
        for m in ["mutual_engagement", "spin_cycle", "escalation", "mean_tension"] {
            assert!(
                d.join(format!("{m}.png")).is_file() && d.join(format!("{m}.svg")).is_file(),
                "{m}"
            );
        }
    }
    let svg = std::fs::read_to_string(two.path().join("mutual_engagement.svg")).unwrap();
    assert!(svg.contains("agents.china.perception.noise"));
}

#[test]
fn a_killed_sweep_resumes_and_writes_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = fixture("everything.toml");
    let args = |out: &Path| {
        vec![
            "sweep".to_string(),
            scenario.display().to_string(),
            "--vary".into(),
            "agents.usa.perception.noise=0:0.4:0.002".into(),
            "--replicates".into(),
            "200".into(),
            "--jobs".into(),
            "1".into(),
            "--quiet".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let reference = dir.path().join("reference");
    coexist_ok(&args(&reference).iter().map(String::as_str).collect::<Vec<_>>());

    let killed = dir.path().join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args(args(&killed))
        .spawn()
        .unwrap();
    // The sweep is built in a staging folder beside its target, which appears only when complete.
    let partial = dir.path().join(".killed.partial/sweep.csv");
    let start = Instant::now();
    // Wait until some rows are on disk, then kill without warning.
    while std::fs::read_to_string(&partial).map_or(0, |t| t.lines().count()) < 3
        && start.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    if status.success() {
        eprintln!("the sweep finished before it could be killed; the resume path was not exercised");
    } else {
        assert!(!killed.exists(), "no sweep folder until the sweep is complete");
        assert!(partial.is_file());
    }
    coexist_ok(&args(&killed).iter().map(String::as_str).collect::<Vec<_>>());
    for file in ["sweep.csv", "sweep_long.csv"] {
        assert_eq!(
            std::fs::read(killed.join(file)).unwrap(),
            std::fs::read(reference.join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(!dir.path().join(".killed.partial").exists());
}

#[test]
fn keys_joined_by_a_plus_take_each_value_together() {
    use coexist::sweep::{DesignKind, Sweep, design::parse_vary};
    let vary = parse_vary("agents.usa.audience+agents.china.audience=0.2,0.7").unwrap();
    let path = common::fixture("everything.toml");
    let sw = Sweep::new(&path, &[], vec![vary], DesignKind::Grid, None, None).unwrap();
    let audiences = |i: usize| sw.scenario(i).unwrap().agents.map(|a| a.stakes.audience);
    assert_eq!((audiences(0), audiences(1)), ([0.2, 0.2], [0.7, 0.7]));
    assert_eq!(sw.header()[0], "agents.usa.audience+agents.china.audience");
}

#[test]
fn sweep_long_has_a_row_per_point_and_metric_with_the_wide_tables_numbers_its_n_and_seed() {
    let out = tempfile::tempdir().unwrap();
    sweep(out.path(), &[&GRID[..], &["--per-replicate"]].concat());
    let (wide_header, wide) = read_csv(&out.path().join("sweep.csv"));
    let (header, long) = read_csv(&out.path().join("sweep_long.csv"));
    assert_eq!(header[0], "point");
    assert_eq!(&header[3..], ["metric", "mean", "ci_low", "ci_high", "n", "seed"]);
    let metrics = (wide_header.len() - 2) / 3;
    assert_eq!(long.len(), wide.len() * metrics);
    let at = |h: &[String], n: &str| h.iter().position(|x| x == n).unwrap();
    let (rep_header, reps) = read_csv(&out.path().join("replicates.csv"));
    let me = at(&rep_header, "mutual_engagement");
    for row in long.iter().filter(|r| r[3] == "mutual_engagement") {
        let point: usize = row[0].parse().unwrap();
        assert_eq!(row[4], wide[point][at(&wide_header, "mutual_engagement_mean")]);
        assert_eq!(row[7], "6", "every replicate has the metric");
        // The point's replicates, in replicates.csv, average to the mean and share its seed.
        let mine: Vec<&Vec<String>> = reps.iter().filter(|r| r[0] == row[0]).collect();
        assert_eq!(mine.len(), 6);
        assert!(mine.iter().all(|r| r[3] == row[8]), "the point's seed");
        let average = mine.iter().map(|r| r[me].parse::<f64>().unwrap()).sum::<f64>() / 6.0;
        assert!((average - row[4].parse::<f64>().unwrap()).abs() < 1e-8);
    }
    let points: std::collections::BTreeSet<&str> = long.iter().map(|r| r[8].as_str()).collect();
    assert_eq!(points.len(), wide.len(), "each point has its own seed");
}

#[test]
fn without_per_replicate_no_replicates_table_is_written() {
    let out = tempfile::tempdir().unwrap();
    sweep(out.path(), &GRID);
    assert!(!out.path().join("replicates.csv").exists());
}

/// The header and first `records` CSV records of `bytes`.
fn first_records(bytes: &[u8], records: usize) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    for _ in 0..=records {
        assert!(reader.read_byte_record(&mut record).unwrap());
    }
    bytes[..reader.position().byte() as usize].to_vec()
}

#[test]
fn a_resumed_sweep_counts_csv_records_so_a_value_with_a_line_break_loses_no_point() {
    let dir = tempfile::tempdir().unwrap();
    let args = |out: &Path| {
        vec![
            "sweep".to_string(),
            "tests/fixtures/three_rounds.toml".into(),
            "--vary".into(),
            "description=one line,two\nlines".into(),
            "--vary".into(),
            "agents.a.perception.noise=0:0.3:0.1".into(),
            "--replicates".into(),
            "2".into(),
            "--quiet".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let reference = dir.path().join("reference");
    coexist_ok(&args(&reference).iter().map(String::as_str).collect::<Vec<_>>());
    // A sweep killed after six of its eight points: its partial tables hold their records.
    let killed = dir.path().join("killed");
    let staging = dir.path().join(".killed.partial");
    std::fs::create_dir(&staging).unwrap();
    std::fs::copy(reference.join("sweep.json"), staging.join("sweep.json")).unwrap();
    let (long_header, long_rows) = read_csv(&reference.join("sweep_long.csv"));
    assert!(!long_header.is_empty());
    let per_point = long_rows.len() / 8;
    for (file, records) in [("sweep.csv", 6), ("sweep_long.csv", 6 * per_point)] {
        let bytes = std::fs::read(reference.join(file)).unwrap();
        std::fs::write(staging.join(file), first_records(&bytes, records)).unwrap();
    }
    let resumed: Vec<String> = args(&killed).into_iter().filter(|a| a != "--quiet").collect();
    let out = coexist_ok(&resumed.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("resuming 6 of 8 points"), "{stderr}");
    for file in ["sweep.csv", "sweep_long.csv"] {
        assert_eq!(
            std::fs::read(killed.join(file)).unwrap(),
            std::fs::read(reference.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn merging_into_the_folder_that_holds_the_shards_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    sweep(&whole, &GRID);
    let base = dir.path().join("base");
    let mut args = vec!["merge".to_string()];
    for i in 1..=2 {
        let d = base.join(format!("shard-{i}"));
        sweep(&d, &[&GRID[..], &["--shard", &format!("{i}/2")]].concat());
        args.push(d.display().to_string());
    }
    let shards = common::tree_bytes(&base);
    args.extend(["--out".into(), base.display().to_string()]);
    coexist_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let after = common::tree_bytes(&base);
    let (kept, merged): (Vec<_>, Vec<_>) = after
        .into_iter()
        .partition(|(p, _)| p.starts_with("shard-1") || p.starts_with("shard-2"));
    assert_eq!(kept, shards, "the shards as they were");
    assert_eq!(merged, common::tree_bytes(&whole), "beside them, the whole sweep");
}

#[test]
fn an_interrupted_sweep_of_another_design_is_neither_resumed_nor_thrown_away_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    sweep(&other, &["--vary", "agents.usa.perception.noise=0.3,0.4"]);
    let target = dir.path().join("out");
    let staging = dir.path().join(".out.partial");
    std::fs::create_dir(&staging).unwrap();
    std::fs::copy(other.join("sweep.json"), staging.join("sweep.json")).unwrap();
    let scenario = fixture("everything.toml");
    let mut args = vec![
        "sweep",
        scenario.to_str().unwrap(),
        "--replicates",
        "6",
        "--quiet",
        "--out",
        target.to_str().unwrap(),
    ];
    args.extend(GRID);
    let o = coexist(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("has an interrupted sweep of another design"),
        "{stderr}"
    );
    assert!(staging.join("sweep.json").is_file(), "the interrupted sweep is kept");
    args.push("--force");
    coexist_ok(&args);
    let fresh = dir.path().join("fresh");
    sweep(&fresh, &GRID);
    assert_eq!(common::tree_bytes(&target), common::tree_bytes(&fresh));
}

#[test]
fn a_sweep_in_memory_gives_byte_for_byte_the_tables_a_sweep_writes() {
    use coexist::sweep::{DesignKind, Sweep, design::parse_vary};
    let vary = GRID.chunks(2).map(|kv| parse_vary(kv[1]).unwrap()).collect();
    let path = fixture("everything.toml");
    let sw = Sweep::new(&path, &["replicates=6".to_string()], vary, DesignKind::Grid, None, None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    coexist::output::sweep::write(&sw, &out, true).unwrap();
    let [wide, long] = coexist::output::sweep::in_memory(&sw, |_| {}).unwrap();
    assert_eq!(std::fs::read(out.join("sweep.csv")).unwrap(), wide);
    assert_eq!(std::fs::read(out.join("sweep_long.csv")).unwrap(), long);
}

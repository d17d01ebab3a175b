//! `coexist compare`'s `differences.csv`: each scenario against a reference, paired replicate
//! by replicate on common random numbers when the runs share seed and replicates, else Welch.

mod common;

use std::path::Path;

use common::{coexist, coexist_ok, fixture, read_csv};

/// Runs everything.toml into `out/<name>` with `extra` arguments.
fn run(out: &Path, name: &str, extra: &[&str]) -> String {
    let f = fixture("everything.toml");
    let mut args = vec!["run", f.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"];
    let set = format!("name={name}");
    args.extend(["--set", &set]);
    args.extend_from_slice(extra);
    coexist_ok(&args);
    out.join(name).display().to_string()
}

/// `differences.csv` of `inputs`, as (scenario, metric) -> (difference, low, high, paired).
fn differences(out: &Path, inputs: &[&str], extra: &[&str]) -> Vec<Vec<String>> {
    let cmp = out.join("cmp");
    let mut args = vec!["compare"];
    args.extend_from_slice(inputs);
    args.extend(["--out", cmp.to_str().unwrap(), "--quiet"]);
    args.extend_from_slice(extra);
    coexist_ok(&args);
    let (header, rows) = read_csv(&cmp.join("differences.csv"));
    assert_eq!(
        header,
        [
            "scenario",
            "reference",
            "metric",
            "difference",
            "ci_low",
            "ci_high",
            "ratio",
            "ratio_ci_low",
            "ratio_ci_high",
            "paired"
        ]
    );
    rows
}

fn row<'a>(rows: &'a [Vec<String>], scenario: &str, metric: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == scenario && r[2] == metric)
        .unwrap_or_else(|| panic!("no {scenario} {metric}"))
}

#[test]
fn runs_with_the_same_seed_and_replicates_are_compared_replicate_by_replicate() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.face_cost=2"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let r = row(&rows, "b", "mutual_engagement");
    assert_eq!((r[1].as_str(), r[9].as_str()), ("a", "true"));
}

#[test]
fn a_run_against_an_identical_run_differs_by_exactly_nothing_when_paired() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &[]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let r = row(&rows, "b", "mean_tension");
    assert_eq!(&r[3..], ["0", "0", "0", "1", "1", "1", "true"]);
}

#[test]
fn runs_with_different_seeds_are_compared_by_welchs_interval_around_the_difference_of_means() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--seed", "12345"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let r = row(&rows, "b", "mean_tension");
    assert_eq!(r[9], "false");
    // The difference of the two means, ± 1.96 Welch standard errors from each run's replicates.
    let stats = |dir: &str| {
        let (header, rows) = read_csv(&Path::new(dir).join("summary.csv"));
        let i = header.iter().position(|h| h == "mean_tension").unwrap();
        let x: Vec<f64> = rows.iter().map(|r| r[i].parse().unwrap()).collect();
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var / n)
    };
    let ((ma, va), (mb, vb)) = (stats(&a), stats(&b));
    let d: Vec<f64> = r[3..6].iter().map(|x| x.parse().unwrap()).collect();
    assert!((d[0] - (mb - ma)).abs() < 1e-8);
    let expected_half = 1.96 * (va + vb).sqrt();
    assert!((d[2] - d[0] - expected_half).abs() < 1e-8, "{d:?} vs ±{expected_half}");
}

#[test]
fn against_names_the_reference_and_an_unknown_one_is_bad_input() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.face_cost=2"]);
    let rows = differences(out.path(), &[&a, &b], &["--against", &b]);
    assert!(rows.iter().all(|r| r[0] == "a" && r[1] == "b"));
    let cmp = out.path().join("cmp2");
    let bad = coexist(&[
        "compare",
        &a,
        &b,
        "--out",
        cmp.to_str().unwrap(),
        "--against",
        "elsewhere",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--against elsewhere"));
}

#[test]
fn compare_csv_intervals_of_bounded_metrics_stay_inside_their_range_and_keep_a_width() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    differences(out.path(), &[&a, &a], &[]);
    let (header, rows) = read_csv(&out.path().join("cmp/compare.csv"));
    for name in [
        "mutual_engagement",
        "escalation",
        "reached_mutual_engagement",
        "symmetry",
    ] {
        let at = |k: &str| header.iter().position(|h| *h == format!("{name}_{k}")).unwrap();
        let [low, mean, high] = ["ci_low", "mean", "ci_high"].map(|k| rows[0][at(k)].parse::<f64>().unwrap());
        assert!(
            (0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high),
            "{name}: [{low}, {high}]"
        );
        assert!(
            low <= mean && mean <= high && low < high,
            "{name}: {mean} [{low}, {high}]"
        );
    }
}

#[test]
fn runs_of_the_same_two_agents_are_also_compared_in_each_agents_metrics() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.face_cost=2"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let payoff: f64 = row(&rows, "b", "payoff_usa")[3].parse().unwrap();
    assert!(
        payoff < 0.0,
        "a face cost of 2 lowers the United States' payoff: {payoff}"
    );
}

#[test]
fn the_ratio_of_means_is_reported_with_a_delta_method_interval_around_it() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.perception.noise=0.4"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let r = row(&rows, "b", "mutual_engagement");
    let [ratio, low, high]: [f64; 3] = std::array::from_fn(|i| r[6 + i].parse().unwrap());
    let (header, means) = read_csv(&out.path().join("cmp/compare.csv"));
    let at = header.iter().position(|h| h == "mutual_engagement_mean").unwrap();
    let mean = |i: usize| means[i][at].parse::<f64>().unwrap();
    assert!(
        (ratio - mean(1) / mean(0)).abs() < 1e-6,
        "{ratio} vs {}",
        mean(1) / mean(0)
    );
    assert!(low < ratio && ratio < high);
}

#[test]
fn compare_csv_carries_each_inputs_difference_from_the_reference_and_none_for_the_reference() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.perception.noise=0.4"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let (header, means) = read_csv(&out.path().join("cmp/compare.csv"));
    let at = header.iter().position(|h| h == "spin_cycle_difference").unwrap();
    assert_eq!(means[0][at], "", "the reference differs from nothing");
    assert_eq!(means[1][at..at + 3], row(&rows, "b", "spin_cycle")[3..6]);
}

#[test]
fn the_compare_report_leads_with_each_inputs_paired_difference_from_the_reference() {
    let out = tempfile::tempdir().unwrap();
    let a = run(out.path(), "a", &[]);
    let b = run(out.path(), "b", &["--set", "agents.usa.perception.noise=0.4"]);
    let rows = differences(out.path(), &[&a, &b], &[]);
    let html = std::fs::read_to_string(out.path().join("cmp/report.html")).unwrap();
    assert!(html.contains("against a</h1>") && html.contains("paired replicate by replicate"));
    let diff: f64 = row(&rows, "b", "spin_cycle")[3].parse().unwrap();
    let section = &html[html.find("Differences from the reference").unwrap()..html.find("<h2>Means").unwrap()];
    assert!(
        section.contains("<td>b</td>") && section.contains(&format!("{diff:+.3}")),
        "{section}"
    );
    assert!(html.contains("<figure id=\"tension\">") && !html.contains("src=\"http"));
}

#[test]
fn a_comparison_that_fails_after_its_runs_leaves_the_previous_one_and_its_runs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = dir.path().join("cmp");
    let three = fixture("three_rounds.toml");
    let everything = fixture("everything.toml");
    let (three, everything) = (three.to_str().unwrap(), everything.to_str().unwrap());
    coexist_ok(&["compare", three, everything, "--out", cmp.to_str().unwrap(), "--quiet"]);
    let before = common::tree_bytes(&cmp);
    // A result folder whose table holds an infinity is refused only once the scenario ran.
    let broken = dir.path().join("broken");
    run(dir.path(), "broken", &[]);
    let summary = broken.join("summary.csv");
    let text = std::fs::read_to_string(&summary).unwrap();
    let cut = text.rfind(',').unwrap();
    std::fs::write(&summary, format!("{}inf\n", &text[..=cut])).unwrap();
    // The new comparison's first run differs from the old one's (another seed), so that a run
    // written into the old folder would show.
    let reseeded = dir.path().join("three_rounds.toml");
    let text = std::fs::read_to_string(three)
        .unwrap()
        .replacen("seed = 1", "seed = 2", 1);
    std::fs::write(&reseeded, text).unwrap();
    let reseeded = reseeded.to_str().unwrap();
    let o = coexist(&[
        "compare",
        reseeded,
        broken.to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
        "--force",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        common::tree_bytes(&cmp),
        before,
        "the old comparison, its runs included"
    );
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cmp"))
        .collect();
    assert!(beside.is_empty(), "no staging folder or lock left: {beside:?}");
}

#[test]
fn a_comparison_is_not_written_over_a_folder_holding_one_of_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = run(&dir.path().join("cmp/runs"), "mine", &[]);
    let o = coexist(&[
        "compare",
        &input,
        &input,
        "--out",
        dir.path().join("cmp").to_str().unwrap(),
        "--quiet",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("would remove that input"), "{stderr}");
    assert!(Path::new(&input).join("summary.csv").is_file());
}

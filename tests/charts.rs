//! Charts, reports and `coexist compare`: every file is a real, readable picture.

mod common;

use std::path::Path;

use common::{coexist, coexist_ok, fixture, on_fixture};

/// Decodes a PNG, checks its size, and that it is neither blank nor a flood of one colour.
fn assert_readable_png(path: &Path) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: not a PNG: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert!(
        info.width >= 600 && info.height >= 400,
        "{}: {}x{}",
        path.display(),
        info.width,
        info.height
    );
    let px = info.color_type.samples();
    let mut counts = std::collections::HashMap::new();
    for p in buf[..info.buffer_size()].chunks(px) {
        *counts.entry(p[..3].to_vec()).or_insert(0usize) += 1;
    }
    let total = (info.width * info.height) as usize;
    let top = counts.values().max().copied().unwrap_or(0);
    assert!(counts.len() > 20, "{}: only {} colours", path.display(), counts.len());
    assert!(
        top < total * 97 / 100,
        "{}: one colour covers {}%",
        path.display(),
        top * 100 / total
    );
}

fn assert_svg_with(path: &Path, labels: &[&str]) {
    let svg = std::fs::read_to_string(path).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{}",
        path.display()
    );
    for l in labels {
        assert!(svg.contains(l), "{} lacks the label {l:?}", path.display());
    }
}

#[test]
fn a_run_draws_every_chart_as_a_readable_png_and_a_labelled_svg() {
    let out = tempfile::tempdir().unwrap();
    on_fixture("run", "everything.toml", out.path(), &[]);
    let charts = out.path().join("everything/charts");
    let labels: [(&str, &[&str]); 6] = [
        (
            "tension",
            &[
                "Tension",
                "Tension index",
                "crisis threshold",
                "Surveillance balloon",
                "2023-",
            ],
        ),
        (
            "actions",
            &["Actions", "United States", "China", "engage", "markers", "retaliate"],
        ),
        ("trust", &["Trust", "United States", "China"]),
        ("securitization", &["Securitization", "United States"]),
        ("payoffs", &["Cumulative payoff", "China"]),
        (
            "timeline",
            &[
                "Timeline",
                "United States: did",
                "China: read United States as",
                "Surveillance balloon",
            ],
        ),
    ];
    for (name, l) in labels {
        assert_readable_png(&charts.join(format!("{name}.png")));
        assert_svg_with(&charts.join(format!("{name}.svg")), l);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&charts)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn the_report_is_self_contained_and_shows_every_chart_and_the_summary() {
    let out = tempfile::tempdir().unwrap();
    on_fixture("run", "everything.toml", out.path(), &[]);
    let html = std::fs::read_to_string(out.path().join("everything/report.html")).unwrap();
    let written: Vec<String> = std::fs::read_dir(out.path().join("everything/charts"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".svg").map(String::from))
        .collect();
    assert!(!written.is_empty());
    for chart in written {
        assert!(
            html.contains(&format!("id=\"{chart}\"")),
            "{chart} missing from the report"
        );
    }
    assert!(html.contains("All mechanisms on"), "the description");
    assert!(html.contains("<code>mutual_engagement</code>") && html.contains("95% CI"));
    assert!(
        !html.contains("src=\"http") && !html.contains("<link"),
        "nothing is fetched"
    );
}

#[test]
fn compare_accepts_result_folders_and_scenario_files_together() {
    let out = tempfile::tempdir().unwrap();
    let results = out.path().join("results");
    on_fixture("run", "everything.toml", &results, &[]);
    let cmp = out.path().join("cmp");
    coexist_ok(&[
        "compare",
        results.join("everything").to_str().unwrap(),
        fixture("three_rounds.toml").to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
        "--quiet",
    ]);
    let (header, rows) = common::read_csv(&cmp.join("compare.csv"));
    assert_eq!(
        &header[..4],
        [
            "scenario",
            "mutual_engagement_mean",
            "mutual_engagement_ci_low",
            "mutual_engagement_ci_high"
        ]
    );
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["everything", "three-rounds"]
    );
    assert_eq!(
        rows[1][1], "0.666666667",
        "three-rounds: two of three rounds of mutual engagement"
    );
    for chart in ["tension", "mutual_engagement", "metrics"] {
        assert_readable_png(&cmp.join(format!("{chart}.png")));
    }
    assert_svg_with(&cmp.join("tension.svg"), &["everything", "three-rounds"]);
}

#[test]
fn compare_rejects_a_folder_that_holds_no_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = coexist(&[
        "compare",
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().join("c").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a result folder"));
}

/// A short tournament of `strategies` in the fixture world, in a fresh folder.
fn tournament(strategies: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture("everything.toml");
    coexist_ok(&[
        "tournament",
        scenario.to_str().unwrap(),
        "--strategies",
        strategies,
        "--replicates",
        "4",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    out
}

#[test]
fn tournament_heatmaps_are_readable() {
    let out = tournament("tit_for_tat,grim,pavlov,face_saving");
    assert_readable_png(&out.path().join("payoffs.png"));
    assert_svg_with(&out.path().join("engagement.svg"), &["face_saving", "Opponent"]);
}

#[test]
fn the_report_shows_each_event_with_engagement_and_tension_around_it() {
    let out = tempfile::tempdir().unwrap();
    on_fixture("run", "everything.toml", out.path(), &[]);
    let html = std::fs::read_to_string(out.path().join("everything/report.html")).unwrap();
    let section = &html[html.find("<h2>Around each event</h2>").expect("the section")..];
    let table = &section[..section.find("</table>").unwrap()];
    let scenario = coexist::scenario::load(&common::fixture("everything.toml")).unwrap();
    for e in &scenario.events {
        let row = table
            .lines()
            .find(|l| l.contains(&format!("<td>{}</td>", e.name)))
            .unwrap_or_else(|| panic!("no row for {}", e.name));
        // Three values (before → at → after) in each of the three series.
        assert_eq!(row.matches(" → ").count(), 6, "{row}");
    }
}

#[test]
fn every_chart_of_a_run_numbers_its_events_alike() {
    let out = tempfile::tempdir().unwrap();
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline-2023.toml");
    common::coexist_ok(&[
        "run",
        f.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--replicates",
        "20",
        "--quiet",
    ]);
    let sc = coexist::scenario::load(&f).unwrap();
    let cal = sc.calendar.unwrap();
    let charts = out.path().join("baseline-2023/charts");
    for chart in ["tension", "trust", "timeline"] {
        let svg = std::fs::read_to_string(charts.join(format!("{chart}.svg"))).unwrap();
        for (i, e) in sc.events.iter().enumerate() {
            let entry = format!("{}  {}  {}", i + 1, cal.label(e.round), e.name);
            assert!(svg.contains(&entry), "{chart} lacks `{entry}`");
        }
    }
}

#[test]
fn a_tournament_report_ranks_the_strategies_by_their_mean_payoff_in_payoffs_csv() {
    let out = tournament("always_engage,always_retaliate,tit_for_tat");
    let (header, rows) = common::read_csv(&out.path().join("payoffs.csv"));
    let mean = |row: &Vec<String>| row[1..].iter().map(|v| v.parse::<f64>().unwrap()).sum::<f64>();
    let best = rows.iter().max_by(|a, b| mean(a).total_cmp(&mean(b))).unwrap();
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let ranking = &html[html.find("<h2>Ranking</h2>").expect("a ranking")..];
    let first = ranking.split("<tr>").nth(2).expect("a first row");
    assert!(first.contains(&format!("<td>{}</td>", best[0])), "{first} ({header:?})");
    assert_eq!(html.matches("<figure").count(), 2, "both heatmaps");
}

#[test]
fn a_sweep_report_gives_each_charted_metric_its_lowest_and_highest_point() {
    let out = tempfile::tempdir().unwrap();
    on_fixture(
        "sweep",
        "everything.toml",
        out.path(),
        &["--vary", "agents.usa.errors.rate=0:1:0.5", "--replicates", "6"],
    );
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let (header, rows) = common::read_csv(&out.path().join("sweep.csv"));
    let at = header.iter().position(|h| h == "escalation_mean").unwrap();
    let highest = rows
        .iter()
        .max_by(|a, b| a[at].parse::<f64>().unwrap().total_cmp(&b[at].parse().unwrap()))
        .unwrap();
    let line = html
        .lines()
        .find(|l| l.starts_with("<li><strong>escalation</strong>"))
        .expect("a line for escalation");
    let high = &line[line.find("highest").unwrap()..];
    assert!(
        high.contains(&format!("at agents.usa.errors.rate = {}", highest[0])),
        "{line}"
    );
    assert_eq!(html.matches("<figure").count(), 4, "one chart per charted metric");
}

#[test]
fn past_eight_scenarios_a_compare_chart_splits_into_panels_of_eight() {
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    let scenario = fixture("everything.toml");
    let mut inputs = Vec::new();
    for i in 0..10 {
        coexist_ok(&[
            "run",
            scenario.to_str().unwrap(),
            "--name",
            &format!("s{i}"),
            "--set",
            "replicates=3",
            "--out",
            runs.to_str().unwrap(),
            "--quiet",
        ]);
        inputs.push(runs.join(format!("s{i}")).to_str().unwrap().to_string());
    }
    let out = dir.path().join("cmp");
    let mut args = vec!["compare"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap(), "--quiet"]);
    coexist_ok(&args);
    for chart in ["tension", "mutual_engagement", "metrics"] {
        let svg = std::fs::read_to_string(out.join(format!("{chart}.svg"))).unwrap();
        assert!(svg.contains("(1-8 of 10)") && svg.contains("(9-10 of 10)"), "{chart}");
        let decoded = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(out.join(format!("{chart}.png"))).unwrap(),
        ));
        let info = decoded.read_info().unwrap();
        assert_eq!(info.info().height, 2 * coexist::plot::SIZE.1, "{chart}: two panels");
    }
}

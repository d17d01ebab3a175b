//! The three-action and learning strategies follow their stated rules; parameters are validated;
//! `coexist strategies` lists them all.

mod common;

use coexist::engine::Plan;
use coexist::model::Action::{self, Engage, Markers, Retaliate};
use coexist::record::summary::{SummaryRecorder, metric_names};
use coexist::strategy::registry;
use common::{coexist, coexist_ok, duel, play, play_all, scenario, share};

fn moves(a: &str, b: &str, rounds: usize) -> (Vec<Action>, Vec<Action>) {
    let r = play(&scenario(&duel(&format!("rounds = {rounds}"), a, b, "")), 0);
    (
        r.iter().map(|x| x.actions[0]).collect(),
        r.iter().map(|x| x.actions[1]).collect(),
    )
}

#[test]
fn proportional_answers_a_first_retaliation_with_markers_and_a_repeated_one_in_kind() {
    let (p, _) = moves("\"proportional\"", "\"always_retaliate\"", 4);
    assert_eq!(p, [Engage, Markers, Retaliate, Retaliate]);
    let (p, _) = moves("\"proportional\"", "\"alternator\"", 5);
    assert_eq!(p, [Engage, Engage, Markers, Engage, Markers]);
}

#[test]
fn face_saving_never_engages_first_but_returns_engagement() {
    let (f, _) = moves("\"face_saving\"", "\"always_engage\"", 4);
    assert_eq!(f, [Markers, Engage, Engage, Engage]);
    let (f, _) = moves("\"face_saving\"", "\"always_retaliate\"", 3);
    assert_eq!(f, [Markers, Retaliate, Retaliate]);
}

#[test]
fn grit_persists_for_its_steps_then_pauses_then_tries_again() {
    let (g, _) = moves("{ kind = \"grit\", steps = 3, pause = 2 }", "\"always_markers\"", 9);
    assert_eq!(
        g,
        [
            Engage, Engage, Engage, Markers, Markers, Engage, Engage, Engage, Markers
        ]
    );
}

#[test]
fn grit_answers_each_retaliation_once_in_kind_and_resumes() {
    let (g, _) = moves("\"grit\"", "\"alternator\"", 6);
    // alternator: E R E R E R; grit answers R in kind, then resumes engagement.
    assert_eq!(g, [Engage, Engage, Retaliate, Engage, Retaliate, Engage]);
}

#[test]
fn memory_one_follows_its_table() {
    // Always answers engage with markers and anything else with engage.
    let table = "{ kind = \"memory_one\", table = [[0, 1, 0], [1, 0, 0], [1, 0, 0]] }";
    let (m, _) = moves(table, "\"always_engage\"", 3);
    assert_eq!(m, [Engage, Markers, Markers]);
}

#[test]
fn memory_one_needs_its_table_and_rows_that_sum_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    std::fs::write(&path, duel("rounds = 3", "{ kind = \"memory_one\" }", "\"grim\"", "")).unwrap();
    let err = coexist::scenario::load(&path).unwrap_err().to_string();
    assert!(err.contains("`memory_one` needs `table`"), "{err}");
    std::fs::write(
        &path,
        duel(
            "rounds = 3",
            "{ kind = \"memory_one\", table = [[0.5, 0.4, 0], [1, 0, 0], [1, 0, 0]] }",
            "\"grim\"",
            "",
        ),
    )
    .unwrap();
    let err = coexist::scenario::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("agents.a.strategy.table[0]") && err.contains("sum to 1"),
        "{err}"
    );
    std::fs::write(
        &path,
        duel(
            "rounds = 3",
            "{ kind = \"memory_one\", table = [[1, 0, 0], [1, 0, 0]] }",
            "\"grim\"",
            "",
        ),
    )
    .unwrap();
    let err = coexist::scenario::load(&path).unwrap_err().to_string();
    assert!(err.contains("found 2 row(s)"), "{err}");
}

#[test]
fn strategy_parameters_are_checked_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.toml");
    for (strategy, needle) in [
        (
            "{ kind = \"generous_tit_for_tat\", generosity = 1.5 }",
            "agents.a.strategy.generosity",
        ),
        (
            "{ kind = \"generous_tit_for_tat\", generocity = 0.1 }",
            "did you mean `generosity`?",
        ),
        (
            "{ kind = \"tit_for_tat\", generosity = 0.1 }",
            "`tit_for_tat` takes no parameter `generosity`",
        ),
        ("{ kind = \"adaptive\", lambda = -1 }", "agents.a.strategy.lambda"),
        ("{ kind = \"random\", weights = [0, 0, 0] }", "not all zero"),
        ("{ generosity = 0.1 }", "needs `kind`"),
    ] {
        std::fs::write(&path, duel("rounds = 3", strategy, "\"grim\"", "")).unwrap();
        let err = coexist::scenario::load(&path).unwrap_err().to_string();
        assert!(err.contains(needle), "{strategy}: {err}");
    }
}

#[test]
fn generous_tit_for_tat_defaults_to_molanders_generosity_from_the_payoffs() {
    let sc = scenario(&duel(
        "rounds = 2000\nreplicates = 5",
        "\"generous_tit_for_tat\"",
        "\"always_retaliate\"",
        "",
    ));
    let runs = play_all(&sc);
    let forgiving: Vec<_> = runs.iter().map(|r| r[1..].to_vec()).collect();
    let g = share(&forgiving, |r| r.actions[0] == Engage);
    assert!((g - 1.0 / 3.0).abs() < 0.02, "{g}");
}

#[test]
fn a_hawk_without_securitization_retaliates_at_its_base_rate() {
    let sc = scenario(&duel(
        "rounds = 1000\nreplicates = 5",
        "{ kind = \"hawk\", base = 0.2 }",
        "\"always_engage\"",
        "",
    ));
    let r = share(&play_all(&sc), |x| x.actions[0] == Retaliate);
    assert!((r - 0.2).abs() < 0.02, "{r}");
}

#[test]
fn adaptive_learns_to_retaliate_against_an_unconditional_engager() {
    // Against always_engage, retaliating pays 5 against 3 for engaging; with δ = 1 (belief
    // learning) foregone payoffs count fully, so the attractions follow the payoffs.
    let sc = scenario(&duel(
        "rounds = 200\nreplicates = 20",
        "{ kind = \"adaptive\", lambda = 3.0, delta = 1.0 }",
        "\"always_engage\"",
        "",
    ));
    let runs = play_all(&sc);
    let late: Vec<_> = runs.iter().map(|r| r[150..].to_vec()).collect();
    assert!(share(&late, |r| r.actions[0] == Retaliate) > 0.9);
}

#[test]
fn adaptive_with_lambda_zero_plays_uniformly() {
    let sc = scenario(&duel(
        "rounds = 3000\nreplicates = 2",
        "{ kind = \"adaptive\", lambda = 0.0 }",
        "\"grim\"",
        "",
    ));
    let runs = play_all(&sc);
    for a in [Engage, Markers, Retaliate] {
        let s = share(&runs, |r| r.actions[0] == a);
        assert!((s - 1.0 / 3.0).abs() < 0.03, "{a}: {s}");
    }
}

#[test]
fn the_blame_gap_metric_counts_imagined_retaliations_per_round() {
    let sc = scenario(&duel(
        "rounds = 2000",
        "\"always_markers\"",
        "\"always_markers\"",
        "perception = { noise = 0.2, hostile_bias = 1.0 }",
    ));
    let mut s = SummaryRecorder::new(1.0);
    Plan::new(&sc).run(0, &mut s);
    let names = metric_names(sc.ids());
    let gap = s.values()[names.iter().position(|n| n == "blame_gap_a").unwrap()].unwrap();
    assert!((gap - 0.2).abs() < 0.03, "{gap}");
}

#[test]
fn coexist_strategies_lists_every_strategy_with_its_traits_and_parameters() {
    let out = coexist_ok(&["strategies"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for s in registry::ALL {
        assert!(
            text.contains(&format!("{}\n    {}", s.name, s.rule)),
            "{} missing",
            s.name
        );
        for p in s.params {
            assert!(
                text.contains(&format!("    {} (", p.name)),
                "{}.{} missing",
                s.name,
                p.name
            );
        }
    }
    assert!(text.contains("memory: inf; stochastic: yes"), "adaptive's traits");
}

#[test]
fn every_strategy_file_is_registered_once_under_its_file_name() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/strategy");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rs").map(String::from))
        .filter(|f| !["mod", "params", "player", "registry"].contains(&f.as_str()))
        .collect();
    files.sort();
    let mut registered: Vec<String> = registry::ALL.iter().map(|s| s.name.to_string()).collect();
    registered.sort();
    assert_eq!(registered, files);
}

#[test]
fn a_tournament_writes_labelled_matrices_and_heatmaps_identically_for_any_jobs() {
    let scenario = common::fixture("everything.toml");
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, jobs) in [(&one, "1"), (&two, "2")] {
        coexist_ok(&[
            "tournament",
            scenario.to_str().unwrap(),
            "--strategies",
            "tit_for_tat,grim,face_saving",
            "--replicates",
            "8",
            "--out",
            dir.path().to_str().unwrap(),
            "--jobs",
            jobs,
            "--quiet",
        ]);
    }
    assert_eq!(common::tree_bytes(one.path()), common::tree_bytes(two.path()));
    let (header, rows) = common::read_csv(&one.path().join("payoffs.csv"));
    assert_eq!(header, ["strategy", "tit_for_tat", "grim", "face_saving"]);
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["tit_for_tat", "grim", "face_saving"]
    );
    let (_, engagement) = common::read_csv(&one.path().join("engagement.csv"));
    assert_eq!(engagement[2][3], "0", "two face-saving states never both engage");
    for f in [
        "payoffs.png",
        "payoffs.svg",
        "engagement.png",
        "engagement.svg",
        "tournament.csv",
        "manifest.json",
    ] {
        assert!(one.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn a_tournament_rejects_an_unknown_strategy_with_a_suggestion() {
    let scenario = common::fixture("everything.toml");
    let out = coexist(&[
        "tournament",
        scenario.to_str().unwrap(),
        "--strategies",
        "tit_for_tat,grimm",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `grim`?"));
}

/// Of the rounds where one side's engagement came out as retaliation after mutual
/// engagement (an execution error under flip noise), the share after which both engage again
/// two rounds later.
fn recovered_after_one_error(strategy: &str) -> f64 {
    let runs = play_all(&scenario(&duel(
        "rounds = 200\nreplicates = 100\nseed = 3",
        strategy,
        strategy,
        "errors = { rate = 0.01, towards = \"flip\" }",
    )));
    let both = |r: &common::Rec| r.actions == [Engage, Engage];
    let (mut errors, mut recovered) = (0, 0);
    for run in &runs {
        for k in 1..run.len() - 2 {
            let one = run[k].actions.iter().filter(|&&a| a == Retaliate).count() == 1;
            if both(&run[k - 1]) && one {
                errors += 1;
                recovered += usize::from(both(&run[k + 2]));
            }
        }
    }
    assert!(errors > 100, "{errors} errors");
    recovered as f64 / errors as f64
}

#[test]
fn two_contrite_players_engage_again_within_two_rounds_of_one_execution_error() {
    let share = recovered_after_one_error("\"contrite_tit_for_tat\"");
    assert!(share > 0.9, "{share}");
}

#[test]
fn two_plain_tit_for_tat_players_echo_an_execution_error_instead() {
    let share = recovered_after_one_error("\"tit_for_tat\"");
    assert!(share < 0.1, "{share}");
}

#[test]
fn grit_counts_only_the_steps_it_really_took_not_rounds_an_event_forced() {
    // Forced to markers in rounds 2 and 3, GRIT has taken one step, not three: it announces
    // a new initiative in round 4 and offers its three steps from there.
    let sc = common::scenario(&duel(
        "rounds = 8\n[[events]]\nat = 2\nname = \"postponed\"\nforce = { a = \"markers\", rounds = 2 }",
        "{ kind = \"grit\", steps = 3, pause = 2 }",
        "\"always_markers\"",
        "",
    ));
    let g: Vec<Action> = common::play(&sc, 0).iter().map(|r| r.actions[0]).collect();
    assert_eq!(g, [Engage, Markers, Markers, Engage, Engage, Engage, Markers, Markers]);
}

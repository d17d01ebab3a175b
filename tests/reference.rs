//! A three-round trajectory computed by hand, checking every column of every output file.

mod common;

use common::{coexist_ok, fixture, read_csv};

fn run_three_rounds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let scenario = fixture("three_rounds.toml");
    coexist_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--quiet",
    ]);
    dir
}

#[test]
fn the_hand_computed_trajectory_matches_every_column() {
    // Beliefs start at trust 0.5: engagement is answered (0.5, 0.5, 0) (engage, markers,
    // retaliate), and so is the opening; trust is the chance engagement is returned.
    // Round 1: both engage; engaging first costs face (0.5); payoff 3 - 0.5 - tension 0.5 = 2.
    //   tension 0.5 - 0.1 - 0.1 * 0.4 = 0.36; each learns of the other's opening, not of how
    //   engagement is answered: trust stays 0.5; securitization 0.2 + 0.1 = 0.3.
    // Round 2: the balloon: tension 0.36 + 0.1 * salience 2 = 0.56. Its threat securitizes
    //   both by response 0.2 * 0.2 = 0.04 (a also by its event's 0.1: 0.44; b 0.34). b's trust
    //   0.5 - 0.2 = 0.3 (engagement answered (0.3, 0.7, 0)); b forced to retaliate.
    //   a: 0 - 0.56 = -0.56; b: 5 + audience 0.4 * (1 + 0.34) - 0.3 - 0.56 = 4.676.
    //   Tension 0.56 + 0.05 - 0.046 = 0.564. a reads retaliation after its engagement: trust
    //   0.5 * 0.5 = 0.25, securitization 0.44 + 0.1 + 0.2 = 0.74; b reads engagement after its
    //   own: trust 0.3 + 0.5 * 0.7 = 0.65, securitization 0.34 + 0.1 = 0.44.
    // Round 3: b's tit for tat copies a's engagement. a pays face (b did not engage last round):
    //   3 - 0.5 - 0.564 = 1.936; b: 3 - 0.564 = 2.436. Tension 0.564 - 0.1 - 0.0464 = 0.4176.
    //   a's trust 0.25 + 0.5 * 0.75 = 0.625; b's engagement answered a retaliation of its own,
    //   so its trust stays 0.65.
    let dir = run_three_rounds();
    let text = std::fs::read_to_string(dir.path().join("three-rounds/trajectories.csv")).unwrap();
    let expected = "\
replicate,round,date,action_a,action_b,perceived_by_a,perceived_by_b,payoff_a,payoff_b,tension,trust_a,trust_b,securitization_a,securitization_b,event
1,1,2023-01,engage,engage,engage,engage,2,2,0.36,0.5,0.5,0.3,0.3,
1,2,2023-02,engage,retaliate,retaliate,engage,-0.56,4.676,0.564,0.25,0.65,0.74,0.44,Balloon
1,3,2023-03,engage,engage,engage,engage,1.936,2.436,0.4176,0.625,0.65,0.84,0.54,
";
    assert_eq!(text, expected);
}

#[test]
fn the_hand_computed_summary_matches_every_column() {
    let dir = run_three_rounds();
    let (header, rows) = read_csv(&dir.path().join("three-rounds/summary.csv"));
    assert_eq!(
        (&header[..2], &rows[0][..2]),
        (
            &["scenario", "seed"].map(String::from)[..],
            &["three-rounds", "1"].map(String::from)[..]
        ),
        "each row names its scenario and seed"
    );
    let (header, row) = (&header[2..], &rows[0][2..]);
    let expected = [
        ("replicate", "1"),
        ("engage_a", "1"),
        ("markers_a", "0"),
        ("retaliate_a", "0"),
        ("engage_b", "0.666666667"),
        ("markers_b", "0"),
        ("retaliate_b", "0.333333333"),
        ("mutual_engagement", "0.666666667"),
        ("spin_cycle", "0"),
        ("escalation", "0"),
        ("mean_tension", "0.447200000"),
        ("max_tension", "0.564"),
        ("crisis_rounds", "0"),
        ("reached_mutual_engagement", "1"),
        ("first_mutual_engagement", "1"),
        ("longest_engagement_streak", "1"),
        ("payoff_a", "3.376"),
        ("payoff_b", "9.112"),
        ("final_trust_a", "0.625"),
        ("final_trust_b", "0.65"),
        ("symmetry", "0.666666667"),
        ("blame_gap_a", "0"),
        ("blame_gap_b", "0"),
    ];
    let names: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(header, names);
    for ((name, want), got) in expected.iter().zip(row) {
        let (w, g): (f64, f64) = (want.parse().unwrap(), got.parse().unwrap());
        assert!((w - g).abs() < 1e-9, "{name}: expected {want}, found {got}");
    }
}

#[test]
fn the_hand_computed_ensemble_of_one_replicate_has_no_spread() {
    let dir = run_three_rounds();
    let (header, rows) = read_csv(&dir.path().join("three-rounds/ensemble.csv"));
    assert_eq!(
        &header[..6],
        [
            "round",
            "date",
            "tension_mean",
            "tension_p05",
            "tension_p50",
            "tension_p95"
        ]
    );
    assert_eq!(rows[1][..6], ["2", "2023-02", "0.564", "0.564", "0.564", "0.564"]);
    let tail: Vec<&str> = rows[1][rows[1].len() - 6..].iter().map(String::as_str).collect();
    assert_eq!(tail, ["1", "0", "0", "0", "0", "1"]);
}

//! The classic strategies against the Axelrod library: exact 20-turn matches without noise,
//! and long-run rates under flip noise against the exact Markov-chain solution.

use std::path::PathBuf;

use coexist::engine::{Observer, Plan, Round};
use coexist::model::Action;
use coexist::scenario::{self, Scenario};

/// Every ordered pair of the ten deterministic classic strategies, 20 turns, no noise:
/// (row, column, row's moves, column's moves, row's score, column's score), as printed by
/// `scripts/axelrod_reference.py` with the Axelrod library 4.14 (C = engage, D = retaliate).
const AXELROD: &[(&str, &str, &str, &str, u32, u32)] = &[
    (
        "always_engage",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "always_retaliate",
        "CCCCCCCCCCCCCCCCCCCC",
        "DDDDDDDDDDDDDDDDDDDD",
        0,
        100,
    ),
    (
        "always_engage",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "suspicious_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "DCCCCCCCCCCCCCCCCCCC",
        57,
        62,
    ),
    (
        "always_engage",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "grim",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_engage",
        "alternator",
        "CCCCCCCCCCCCCCCCCCCC",
        "CDCDCDCDCDCDCDCDCDCD",
        30,
        80,
    ),
    (
        "always_engage",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "always_retaliate",
        "always_engage",
        "DDDDDDDDDDDDDDDDDDDD",
        "CCCCCCCCCCCCCCCCCCCC",
        100,
        0,
    ),
    (
        "always_retaliate",
        "always_retaliate",
        "DDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        20,
        20,
    ),
    (
        "always_retaliate",
        "tit_for_tat",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        24,
        19,
    ),
    (
        "always_retaliate",
        "suspicious_tit_for_tat",
        "DDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        20,
        20,
    ),
    (
        "always_retaliate",
        "tit_for_two_tats",
        "DDDDDDDDDDDDDDDDDDDD",
        "CCDDDDDDDDDDDDDDDDDD",
        28,
        18,
    ),
    (
        "always_retaliate",
        "two_tits_for_tat",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        24,
        19,
    ),
    (
        "always_retaliate",
        "grim",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        24,
        19,
    ),
    (
        "always_retaliate",
        "pavlov",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDCDCDCDCDCDCDCDCDCD",
        60,
        10,
    ),
    (
        "always_retaliate",
        "alternator",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDCDCDCDCDCDCDCDCDCD",
        60,
        10,
    ),
    (
        "always_retaliate",
        "contrite_tit_for_tat",
        "DDDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        24,
        19,
    ),
    (
        "tit_for_tat",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "always_retaliate",
        "CDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        19,
        24,
    ),
    (
        "tit_for_tat",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "suspicious_tit_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "DCDCDCDCDCDCDCDCDCDC",
        50,
        50,
    ),
    (
        "tit_for_tat",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "grim",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_tat",
        "alternator",
        "CCDCDCDCDCDCDCDCDCDC",
        "CDCDCDCDCDCDCDCDCDCD",
        48,
        53,
    ),
    (
        "tit_for_tat",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "suspicious_tit_for_tat",
        "always_engage",
        "DCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        62,
        57,
    ),
    (
        "suspicious_tit_for_tat",
        "always_retaliate",
        "DDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        20,
        20,
    ),
    (
        "suspicious_tit_for_tat",
        "tit_for_tat",
        "DCDCDCDCDCDCDCDCDCDC",
        "CDCDCDCDCDCDCDCDCDCD",
        50,
        50,
    ),
    (
        "suspicious_tit_for_tat",
        "suspicious_tit_for_tat",
        "DDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        20,
        20,
    ),
    (
        "suspicious_tit_for_tat",
        "tit_for_two_tats",
        "DCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        62,
        57,
    ),
    (
        "suspicious_tit_for_tat",
        "two_tits_for_tat",
        "DCDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        23,
        23,
    ),
    (
        "suspicious_tit_for_tat",
        "grim",
        "DCDDDDDDDDDDDDDDDDDD",
        "CDDDDDDDDDDDDDDDDDDD",
        23,
        23,
    ),
    (
        "suspicious_tit_for_tat",
        "pavlov",
        "DCDDCDDCDDCDDCDDCDDC",
        "CDDCDDCDDCDDCDDCDDCD",
        41,
        41,
    ),
    (
        "suspicious_tit_for_tat",
        "alternator",
        "DCDCDCDCDCDCDCDCDCDC",
        "CDCDCDCDCDCDCDCDCDCD",
        50,
        50,
    ),
    (
        "suspicious_tit_for_tat",
        "contrite_tit_for_tat",
        "DCDCDCDCDCDCDCDCDCDC",
        "CDCDCDCDCDCDCDCDCDCD",
        50,
        50,
    ),
    (
        "tit_for_two_tats",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "always_retaliate",
        "CCDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        18,
        28,
    ),
    (
        "tit_for_two_tats",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "suspicious_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "DCCCCCCCCCCCCCCCCCCC",
        57,
        62,
    ),
    (
        "tit_for_two_tats",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "grim",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "tit_for_two_tats",
        "alternator",
        "CCCCCCCCCCCCCCCCCCCC",
        "CDCDCDCDCDCDCDCDCDCD",
        30,
        80,
    ),
    (
        "tit_for_two_tats",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "always_retaliate",
        "CDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        19,
        24,
    ),
    (
        "two_tits_for_tat",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "suspicious_tit_for_tat",
        "CDDDDDDDDDDDDDDDDDDD",
        "DCDDDDDDDDDDDDDDDDDD",
        23,
        23,
    ),
    (
        "two_tits_for_tat",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "grim",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "two_tits_for_tat",
        "alternator",
        "CCDDDDDDDDDDDDDDDDDD",
        "CDCDCDCDCDCDCDCDCDCD",
        57,
        17,
    ),
    (
        "two_tits_for_tat",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "grim",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "grim",
        "always_retaliate",
        "CDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        19,
        24,
    ),
    (
        "grim",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "grim",
        "suspicious_tit_for_tat",
        "CDDDDDDDDDDDDDDDDDDD",
        "DCDDDDDDDDDDDDDDDDDD",
        23,
        23,
    ),
    (
        "grim",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "grim",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    ("grim", "grim", "CCCCCCCCCCCCCCCCCCCC", "CCCCCCCCCCCCCCCCCCCC", 60, 60),
    ("grim", "pavlov", "CCCCCCCCCCCCCCCCCCCC", "CCCCCCCCCCCCCCCCCCCC", 60, 60),
    (
        "grim",
        "alternator",
        "CCDDDDDDDDDDDDDDDDDD",
        "CDCDCDCDCDCDCDCDCDCD",
        57,
        17,
    ),
    (
        "grim",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "pavlov",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "pavlov",
        "always_retaliate",
        "CDCDCDCDCDCDCDCDCDCD",
        "DDDDDDDDDDDDDDDDDDDD",
        10,
        60,
    ),
    (
        "pavlov",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "pavlov",
        "suspicious_tit_for_tat",
        "CDDCDDCDDCDDCDDCDDCD",
        "DCDDCDDCDDCDDCDDCDDC",
        41,
        41,
    ),
    (
        "pavlov",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "pavlov",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    ("pavlov", "grim", "CCCCCCCCCCCCCCCCCCCC", "CCCCCCCCCCCCCCCCCCCC", 60, 60),
    (
        "pavlov",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "pavlov",
        "alternator",
        "CCDDCCDDCCDDCCDDCCDD",
        "CDCDCDCDCDCDCDCDCDCD",
        45,
        45,
    ),
    (
        "pavlov",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "alternator",
        "always_engage",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCCCCCCCCCCCCCCCCCCC",
        80,
        30,
    ),
    (
        "alternator",
        "always_retaliate",
        "CDCDCDCDCDCDCDCDCDCD",
        "DDDDDDDDDDDDDDDDDDDD",
        10,
        60,
    ),
    (
        "alternator",
        "tit_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCDCDCDCDCDCDCDCDCDC",
        53,
        48,
    ),
    (
        "alternator",
        "suspicious_tit_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "DCDCDCDCDCDCDCDCDCDC",
        50,
        50,
    ),
    (
        "alternator",
        "tit_for_two_tats",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCCCCCCCCCCCCCCCCCCC",
        80,
        30,
    ),
    (
        "alternator",
        "two_tits_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCDDDDDDDDDDDDDDDDDD",
        17,
        57,
    ),
    (
        "alternator",
        "grim",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCDDDDDDDDDDDDDDDDDD",
        17,
        57,
    ),
    (
        "alternator",
        "pavlov",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCDDCCDDCCDDCCDDCCDD",
        45,
        45,
    ),
    (
        "alternator",
        "alternator",
        "CDCDCDCDCDCDCDCDCDCD",
        "CDCDCDCDCDCDCDCDCDCD",
        40,
        40,
    ),
    (
        "alternator",
        "contrite_tit_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "CCDCDCDCDCDCDCDCDCDC",
        53,
        48,
    ),
    (
        "contrite_tit_for_tat",
        "always_engage",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "always_retaliate",
        "CDDDDDDDDDDDDDDDDDDD",
        "DDDDDDDDDDDDDDDDDDDD",
        19,
        24,
    ),
    (
        "contrite_tit_for_tat",
        "tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "suspicious_tit_for_tat",
        "CDCDCDCDCDCDCDCDCDCD",
        "DCDCDCDCDCDCDCDCDCDC",
        50,
        50,
    ),
    (
        "contrite_tit_for_tat",
        "tit_for_two_tats",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "two_tits_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "grim",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "pavlov",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
    (
        "contrite_tit_for_tat",
        "alternator",
        "CCDCDCDCDCDCDCDCDCDC",
        "CDCDCDCDCDCDCDCDCDCD",
        48,
        53,
    ),
    (
        "contrite_tit_for_tat",
        "contrite_tit_for_tat",
        "CCCCCCCCCCCCCCCCCCCC",
        "CCCCCCCCCCCCCCCCCCCC",
        60,
        60,
    ),
];

fn world(a: &str, b: &str, rounds: usize, replicates: usize, noise: f64) -> Scenario {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("classic.toml");
    let text = format!(
        "name = \"classic\"\nrounds = {rounds}\nreplicates = {replicates}\nseed = 11\n\
         [agents.a]\nstrategy = \"{a}\"\nerrors = {{ rate = {noise}, towards = \"flip\" }}\n\
         [agents.b]\nstrategy = \"{b}\"\nerrors = {{ rate = {noise}, towards = \"flip\" }}\n"
    );
    std::fs::write(&path, text).unwrap();
    scenario::load(&path).unwrap()
}

#[derive(Default)]
struct Moves {
    moves: [String; 2],
    score: [f64; 2],
}

impl Observer for Moves {
    fn round(&mut self, r: &Round<'_>) {
        for k in 0..2 {
            self.moves[k].push(match r.actions[k] {
                Action::Engage => 'C',
                Action::Retaliate => 'D',
                Action::Markers => 'M',
            });
            self.score[k] += r.payoffs[k];
        }
    }
}

#[test]
fn the_ten_classic_strategies_play_every_pair_exactly_as_the_axelrod_library() {
    assert_eq!(AXELROD.len(), 100);
    for &(a, b, moves_a, moves_b, score_a, score_b) in AXELROD {
        let sc = world(a, b, 20, 1, 0.0);
        let mut m = Moves::default();
        Plan::new(&sc).run(0, &mut m);
        assert_eq!(
            (m.moves[0].as_str(), m.moves[1].as_str()),
            (moves_a, moves_b),
            "{a} vs {b}"
        );
        assert_eq!(m.score, [f64::from(score_a), f64::from(score_b)], "{a} vs {b}: scores");
    }
}

/// Memory-one strategies as the probability of intending to cooperate after each outcome
/// (mine, theirs) in the order CC, CD, DC, DD, and the intended opening move.
fn memory_one(name: &str) -> ([f64; 4], f64) {
    let g = 1.0 / 3.0; // Molander's generosity for (5, 3, 1, 0)
    match name {
        "always_engage" => ([1.0; 4], 1.0),
        "always_retaliate" => ([0.0; 4], 0.0),
        "tit_for_tat" => ([1.0, 0.0, 1.0, 0.0], 1.0),
        "pavlov" => ([1.0, 0.0, 0.0, 1.0], 1.0),
        "generous_tit_for_tat" => ([1.0, g, 1.0, g], 1.0),
        other => panic!("not a memory-one strategy here: {other}"),
    }
}

/// With flip noise ε, an intention to cooperate with probability p comes out as C with
/// probability p(1−ε) + (1−p)ε.
fn noisy(p: f64, eps: f64) -> f64 {
    p * (1.0 - eps) + (1.0 - p) * eps
}

/// The transition matrix over outcomes (a's move, b's move) in the order CC, CD, DC, DD.
fn transitions(a: [f64; 4], b: [f64; 4], eps: f64) -> [[f64; 4]; 4] {
    let mut m = [[0.0; 4]; 4];
    for (s, row) in m.iter_mut().enumerate() {
        // b sees the outcome from its side: (its move, a's move).
        let swapped = [0, 2, 1, 3][s];
        let (qa, qb) = (noisy(a[s], eps), noisy(b[swapped], eps));
        *row = [qa * qb, qa * (1.0 - qb), (1.0 - qa) * qb, (1.0 - qa) * (1.0 - qb)];
    }
    m
}

fn step(dist: [f64; 4], m: &[[f64; 4]; 4]) -> [f64; 4] {
    let mut next = [0.0; 4];
    for (s, p) in dist.iter().enumerate() {
        for t in 0..4 {
            next[t] += p * m[s][t];
        }
    }
    next
}

/// The stationary distribution, by power iteration to machine precision.
fn stationary(m: &[[f64; 4]; 4]) -> [f64; 4] {
    let mut d = [0.25; 4];
    for _ in 0..200_000 {
        let next = step(d, m);
        let change: f64 = next.iter().zip(&d).map(|(x, y)| (x - y).abs()).sum();
        d = next;
        if change < 1e-15 {
            break;
        }
    }
    d
}

/// The exact expected time-average over `rounds` rounds from the noisy opening moves.
fn finite_horizon(m: &[[f64; 4]; 4], first: (f64, f64), eps: f64, rounds: usize) -> [f64; 4] {
    let (qa, qb) = (noisy(first.0, eps), noisy(first.1, eps));
    let mut d = [qa * qb, qa * (1.0 - qb), (1.0 - qa) * qb, (1.0 - qa) * (1.0 - qb)];
    let mut sum = [0.0; 4];
    for _ in 0..rounds {
        for s in 0..4 {
            sum[s] += d[s];
        }
        d = step(d, m);
    }
    sum.map(|x| x / rounds as f64)
}

/// Per replicate: share of rounds in which a engaged, and a's mean payoff per round.
#[derive(Default)]
struct Rates {
    engaged: u32,
    payoff: f64,
    rounds: u32,
}

impl Observer for Rates {
    fn round(&mut self, r: &Round<'_>) {
        self.rounds += 1;
        self.engaged += u32::from(r.actions[0] == Action::Engage);
        self.payoff += r.payoffs[0];
    }
}

fn mean_and_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

#[test]
fn noisy_memory_one_pairs_converge_to_the_stationary_distribution_of_their_markov_chain() {
    let names = [
        "tit_for_tat",
        "pavlov",
        "generous_tit_for_tat",
        "always_engage",
        "always_retaliate",
    ];
    let (rounds, replicates) = (4000, 40);
    let payoff = [3.0, 0.0, 5.0, 1.0]; // a's payoff in CC, CD, DC, DD
    for eps in [0.01, 0.05, 0.1] {
        for (i, a) in names.iter().enumerate() {
            for b in &names[i..] {
                let ((pa, fa), (pb, fb)) = (memory_one(a), memory_one(b));
                let m = transitions(pa, pb, eps);
                let pi = stationary(&m);
                let horizon = finite_horizon(&m, (fa, fb), eps, rounds);
                let exact_coop = pi[0] + pi[1];
                let exact_pay: f64 = pi.iter().zip(payoff).map(|(p, v)| p * v).sum();
                // What a finite run can be expected to miss: its start, which the chain forgets only slowly.
                let bias_coop = (horizon[0] + horizon[1] - exact_coop).abs();
                let bias_pay = (horizon.iter().zip(payoff).map(|(p, v)| p * v).sum::<f64>() - exact_pay).abs();

                let sc = world(a, b, rounds, replicates, eps);
                let plan = Plan::new(&sc);
                let (mut coop, mut pay) = (Vec::new(), Vec::new());
                for rep in 0..replicates {
                    let mut r = Rates::default();
                    plan.run(rep, &mut r);
                    coop.push(f64::from(r.engaged) / f64::from(r.rounds));
                    pay.push(r.payoff / f64::from(r.rounds));
                }
                let ((c, c_se), (p, p_se)) = (mean_and_se(&coop), mean_and_se(&pay));
                // Sampling error: five standard errors of the replicate mean, floored for chains that never move.
                let tol_c = bias_coop + 5.0 * c_se.max(1e-4);
                let tol_p = bias_pay + 5.0 * p_se.max(1e-4);
                assert!(
                    (c - exact_coop).abs() <= tol_c,
                    "{a} vs {b}, eps {eps}: cooperation {c} vs exact {exact_coop} (tolerance {tol_c})"
                );
                assert!(
                    (p - exact_pay).abs() <= tol_p,
                    "{a} vs {b}, eps {eps}: payoff {p} vs exact {exact_pay} (tolerance {tol_p})"
                );
            }
        }
    }
}

#[test]
fn tit_for_tat_against_itself_under_noise_averages_2_25() {
    let m = transitions(memory_one("tit_for_tat").0, memory_one("tit_for_tat").0, 0.05);
    let pi = stationary(&m);
    let pay: f64 = pi.iter().zip([3.0, 0.0, 5.0, 1.0]).map(|(p, v)| p * v).sum();
    assert!((pay - 2.25).abs() < 1e-9, "{pay}");
    let sc = world("tit_for_tat", "tit_for_tat", 20_000, 20, 0.05);
    let plan = Plan::new(&sc);
    let mut total = 0.0;
    for rep in 0..20 {
        let mut r = Rates::default();
        plan.run(rep, &mut r);
        total += r.payoff / f64::from(r.rounds);
    }
    assert!((total / 20.0 - 2.25).abs() < 0.03, "{}", total / 20.0);
}

//! Bernoulli trials sampled by their gaps: the same chances as one draw per trial, fewer draws.

use coexist::model::rng::replicate_rng;
use coexist::model::trials::Trials;

/// Successes in `n` trials of probability `p`, and the random words used.
fn run(p: f64, n: usize) -> (usize, u128) {
    let mut rng = replicate_rng(7, 0);
    let mut trials = Trials::new(p, &mut rng);
    let hits = (0..n).filter(|_| trials.succeeds(&mut rng)).count();
    (hits, rng.get_word_pos())
}

#[test]
fn the_success_rate_is_the_probability() {
    for p in [0.01, 0.05, 0.3, 0.7] {
        let n = 400_000;
        let (hits, _) = run(p, n);
        let sd = (p * (1.0 - p) / n as f64).sqrt();
        let rate = hits as f64 / n as f64;
        assert!((rate - p).abs() < 5.0 * sd, "p = {p}: rate {rate}");
    }
}

#[test]
fn a_draw_is_spent_per_success_not_per_trial() {
    let (hits, words) = run(0.02, 100_000);
    // One f64 (two 32-bit words) for the first gap and one after each success.
    assert_eq!(words, 2 * (hits as u128 + 1));
}

#[test]
fn probability_zero_never_succeeds_and_never_draws() {
    assert_eq!(run(0.0, 10_000), (0, 0));
}

#[test]
fn probability_one_always_succeeds_and_never_draws() {
    assert_eq!(run(1.0, 10_000), (10_000, 0));
}

#[test]
fn successes_are_independent_of_the_previous_trial() {
    // Memorylessness: the chance of a success right after one is still p.
    let p = 0.2;
    let mut rng = replicate_rng(11, 3);
    let mut trials = Trials::new(p, &mut rng);
    let outcomes: Vec<bool> = (0..300_000).map(|_| trials.succeeds(&mut rng)).collect();
    let after_success: Vec<bool> = outcomes.windows(2).filter(|w| w[0]).map(|w| w[1]).collect();
    let rate = after_success.iter().filter(|&&s| s).count() as f64 / after_success.len() as f64;
    let sd = (p * (1.0 - p) / after_success.len() as f64).sqrt();
    assert!((rate - p).abs() < 5.0 * sd, "rate after a success {rate}");
}

#[test]
fn changing_the_probability_takes_effect_at_once() {
    let mut rng = replicate_rng(5, 0);
    let mut trials = Trials::new(0.0, &mut rng);
    trials.set_probability(1.0, &mut rng);
    assert!(trials.succeeds(&mut rng));
    trials.set_probability(0.0, &mut rng);
    assert!((0..1000).all(|_| !trials.succeeds(&mut rng)));
}

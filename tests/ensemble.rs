//! Ensemble percentiles: exact while every replicate fits the budget, binned beyond it.

use coexist::engine::Plan;
use coexist::record::ensemble::{BINS, Ensemble, EnsembleRecorder, SAMPLES, SERIES};
use coexist::scenario::Scenario;

/// The all-mechanisms fixture with `overrides`.
fn everything(overrides: &[String]) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/everything.toml");
    coexist::scenario::load_with(&path, overrides).unwrap()
}

/// The fixture's ensemble over `replicates`, kept exactly and binned.
fn exact_and_binned(replicates: usize) -> (Ensemble, Ensemble) {
    let sc = everything(&[format!("replicates={replicates}")]);
    let plan = Plan::new(&sc);
    let mut exact = Ensemble::new(sc.rounds, replicates);
    let mut binned = Ensemble::with_exact_limit(sc.rounds, replicates, 0);
    for rep in 0..replicates {
        let mut rec = EnsembleRecorder::new(sc.rounds);
        plan.run(rep, &mut rec);
        exact.add(&[&rec]);
        binned.add(&[&rec]);
    }
    (exact, binned)
}

#[test]
fn binned_percentiles_stay_within_one_bin_of_the_exact_ones() {
    let (exact, binned) = exact_and_binned(300);
    for (e, b) in exact.bands().iter().zip(binned.bands()) {
        for s in 0..SERIES {
            assert_eq!(e[s].mean, b[s].mean, "means are exact either way");
            for (x, y) in [(e[s].p05, b[s].p05), (e[s].p50, b[s].p50), (e[s].p95, b[s].p95)] {
                assert!((x - y).abs() <= 1.0 / BINS as f64, "series {s}: exact {x}, binned {y}");
            }
        }
    }
}

#[test]
fn binned_ensembles_keep_the_sample_series_and_action_shares() {
    let (exact, binned) = exact_and_binned(40);
    assert_eq!(exact.tension_samples(), binned.tension_samples());
    assert_eq!(binned.tension_samples().len(), SAMPLES);
    assert_eq!(exact.shares(), binned.shares());
}

#[test]
fn small_ensembles_are_exact_and_large_ones_binned() {
    assert_eq!(Ensemble::new(10_000, 300).percentiles(), "exact");
    assert!(Ensemble::new(10_000, 1_000).percentiles().starts_with("binned"));
    assert!(Ensemble::new(10_000, 100_000_000).percentiles().starts_with("binned"));
}

#[test]
fn a_cleared_recorder_records_the_next_replicate_as_a_new_one_would() {
    let sc = everything(&[]);
    let plan = Plan::new(&sc);
    let mut reused = EnsembleRecorder::new(sc.rounds);
    plan.run(0, &mut reused);
    reused.clear();
    plan.run(1, &mut reused);
    let mut fresh = EnsembleRecorder::new(sc.rounds);
    plan.run(1, &mut fresh);
    let bands = |rec: &EnsembleRecorder| {
        let mut ensemble = Ensemble::new(sc.rounds, 1);
        ensemble.add(&[rec]);
        ensemble.bands().to_vec()
    };
    assert_eq!(bands(&reused), bands(&fresh));
}

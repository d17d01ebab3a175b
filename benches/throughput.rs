//! Throughput of the hot paths: rounds of the full model, a classic tournament, and
//! trajectory CSV writing (alone, and with the simulation that feeds it). Targets (see
//! README, "Performance"): 10 million rounds per second on one thread for the full model,
//! 5 million CSV rows per second.

use std::hint::black_box;
use std::path::Path;

use coexist::engine::{Observer, Plan, Round, Workspace};
use coexist::model::Action;
use coexist::record::ensemble::{Ensemble, EnsembleRecorder};
use coexist::record::trajectory::{Encoded, TrajectoryWriter};
use coexist::scenario::{self, Scenario};
use coexist::strategy::StrategySpec;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn load(file: &str, overrides: &[&str]) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(file);
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    scenario::load_with(&path, &overrides).expect("benchmark scenarios are valid")
}

/// Sums payoffs, so the rounds cannot be optimized away.
#[derive(Default)]
struct Sink(f64);

impl Observer for Sink {
    fn round(&mut self, r: &Round<'_>) {
        self.0 += r.payoffs[0] + r.tension;
    }
}

fn full_model(c: &mut Criterion) {
    // Every mechanism on: noise, errors, channels, events, incidents, learning.
    let sc = load("tests/fixtures/everything.toml", &["rounds=1000"]);
    let plan = Plan::new(&sc);
    let mut ws = Workspace::default();
    let mut g = c.benchmark_group("full_model");
    g.throughput(Throughput::Elements(sc.rounds as u64));
    let mut rep = 0;
    g.bench_function("one_replicate_1000_rounds", |b| {
        b.iter(|| {
            let mut sink = Sink::default();
            plan.run_with(rep, &mut sink, &mut ws);
            rep += 1;
            black_box(sink.0)
        })
    });
    let one = load("tests/fixtures/everything.toml", &["rounds=1"]);
    let one_plan = Plan::new(&one);
    g.throughput(Throughput::Elements(1));
    g.bench_function("one_round_replicate", |b| {
        b.iter(|| {
            let mut sink = Sink::default();
            one_plan.run_with(rep, &mut sink, &mut ws);
            rep += 1;
            black_box(sink.0)
        })
    });
    g.finish();
}

fn tournament(c: &mut Criterion) {
    let names = [
        "always_engage",
        "always_retaliate",
        "tit_for_tat",
        "grim",
        "pavlov",
        "tit_for_two_tats",
        "suspicious_tit_for_tat",
        "random",
    ];
    let specs: Vec<StrategySpec> = names.iter().map(|n| StrategySpec::named(n).unwrap()).collect();
    let world = load("benches/classic.toml", &["replicates=10"]);
    let turns = (names.len() * names.len() * world.replicates * world.rounds) as u64;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut g = c.benchmark_group("tournament");
    g.throughput(Throughput::Elements(turns));
    g.sample_size(20);
    g.bench_function("eight_classic_strategies_200_rounds_one_thread", |b| {
        b.iter(|| pool.install(|| black_box(coexist::tournament::play(&world, &specs))))
    });
    g.finish();
}

/// A round's fields but its event names: round, actions, perceived, payoffs, tension, trust,
/// securitization, incident.
type Fields = (usize, [Action; 2], [Action; 2], [f64; 2], f64, [f64; 2], [f64; 2], bool);

/// Every round of a replicate, owned, to be written again and again.
#[derive(Default)]
struct Recorded(Vec<Fields>);

impl Observer for Recorded {
    fn round(&mut self, r: &Round<'_>) {
        self.0.push((
            r.round,
            r.actions,
            r.perceived,
            r.payoffs,
            r.tension,
            r.trust,
            r.securitization,
            r.incident,
        ));
    }
}

fn csv_writing(c: &mut Criterion) {
    let sc = load("tests/fixtures/everything.toml", &["rounds=10000"]);
    let plan = Plan::new(&sc);
    let mut ws = Workspace::default();
    let encoded = Encoded::new(&plan);
    let mut recorded = Recorded::default();
    plan.run_with(0, &mut recorded, &mut ws);
    let mut g = c.benchmark_group("trajectory_csv");
    g.throughput(Throughput::Elements(sc.rounds as u64));
    g.bench_function("rows_written", |b| {
        b.iter(|| {
            let mut w = TrajectoryWriter::new(&encoded, sc.rounds, 1);
            replay(&plan, &recorded.0, &mut w);
            black_box(w.bytes().len())
        })
    });
    g.bench_function("rows_simulated_and_written", |b| {
        b.iter(|| {
            let mut w = TrajectoryWriter::new(&encoded, sc.rounds, 1);
            plan.run_with(0, &mut w, &mut ws);
            black_box(w.bytes().len())
        })
    });
    g.finish();
}

/// Feeds a replicate's owned rounds to `observer` again.
fn replay(plan: &Plan<'_>, rounds: &[Fields], observer: &mut impl Observer) {
    for &(round, actions, perceived, payoffs, tension, trust, securitization, incident) in rounds {
        observer.round(&Round {
            round,
            actions,
            perceived,
            payoffs,
            tension,
            trust,
            securitization,
            scheduled: plan.events(round),
            incident,
        });
    }
}

fn ensemble(c: &mut Criterion) {
    // A whole run's batch of replicates: 1000 rounds x 256, recorded then added.
    let sc = load("tests/fixtures/everything.toml", &["rounds=1000", "replicates=100000"]);
    let plan = Plan::new(&sc);
    let mut ws = Workspace::default();
    let replicates: Vec<Recorded> = (0..256)
        .map(|rep| {
            let mut r = Recorded::default();
            plan.run_with(rep, &mut r, &mut ws);
            r
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut g = c.benchmark_group("ensemble");
    g.throughput(Throughput::Elements((replicates.len() * sc.rounds) as u64));
    g.sample_size(20);
    // Recorders are reused from batch to batch, as in a run.
    let mut recorders: Vec<EnsembleRecorder> = replicates.iter().map(|_| EnsembleRecorder::new(sc.rounds)).collect();
    g.bench_function("rounds_recorded_and_added_one_thread", |b| {
        b.iter(|| {
            pool.install(|| {
                for (rec, r) in recorders.iter_mut().zip(&replicates) {
                    rec.clear();
                    replay(&plan, &r.0, rec);
                }
                let mut ensemble = Ensemble::new(sc.rounds, sc.replicates);
                ensemble.add(&recorders.iter().collect::<Vec<_>>());
                black_box(ensemble.replicates())
            })
        })
    });
    g.finish();
}

criterion_group!(benches, full_model, tournament, csv_writing, ensemble);
criterion_main!(benches);

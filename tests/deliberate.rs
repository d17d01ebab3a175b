//! The deliberate agent weighs what the essay says states weigh: each mechanism moves its
//! behaviour in the direction theory predicts. Every comparison is paired — the same seed and
//! replicate index in both worlds, so common random numbers — at three seeds, and the mean
//! paired difference must lie more than two standard errors from zero on the predicted side.

mod common;

use coexist::model::Action::{Engage, Markers, Retaliate};
use common::Rec;

/// Two deliberate states in the default game with every mechanism on at a moderate level,
/// so that none is saturated. `{usa}` and `{china}` take extra lines for each agent.
const WORLD: &str = r#"
name = "world"
rounds = 40
replicates = 200
[relationship]
tension = { initial = 0.3, floor = 0.1, decay = 0.1, crisis = 0.8 }
effects = { engage = -0.03, markers = 0.01, retaliate = 0.08 }
tension_cost = 0.5
[agents.usa]
strategy = { kind = "deliberate", lambda = 3.0, horizon = 0.8 }
audience = 0.2
face_cost = 0.3
retaliation_cost = 0.2
backing_down_cost = 0.3
trust = { initial = 0.6, learning = 0.2 }
securitization = { initial = 0.1, response = 0.05 }
perception = { noise = 0.1, hostile_bias = 0.6 }
errors = { rate = 0.02 }
[agents.china]
strategy = { kind = "deliberate", lambda = 3.0, horizon = 0.8 }
audience = 0.2
face_cost = 0.3
retaliation_cost = 0.2
backing_down_cost = 0.3
trust = { initial = 0.6, learning = 0.2 }
securitization = { initial = 0.1, response = 0.05 }
perception = { noise = 0.1, hostile_bias = 0.6 }
errors = { rate = 0.02 }
"#;

/// Seeds other than any scenario's published one.
const SEEDS: [u64; 3] = [101, 2024, 77_777];

/// Every replicate of `text` with `overrides` (KEY=VALUE) and `seed`.
fn runs(text: &str, overrides: &[String], seed: u64) -> Vec<Vec<Rec>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.toml");
    std::fs::write(&path, text).unwrap();
    let mut set = overrides.to_vec();
    set.push(format!("seed={seed}"));
    let sc = coexist::scenario::load_with(&path, &set).unwrap_or_else(|e| panic!("{e}"));
    common::play_all(&sc)
}

/// `KEY=VALUE` for both agents.
fn both(key: &str, value: &str) -> Vec<String> {
    ["usa", "china"].map(|id| format!("agents.{id}.{key}={value}")).to_vec()
}

/// Mean and standard error of the paired differences `metric(high) − metric(low)`.
fn paired(text: &str, low: &[String], high: &[String], seed: u64, metric: fn(&[Rec]) -> f64) -> (f64, f64) {
    let (a, b) = (runs(text, low, seed), runs(text, high, seed));
    let d: Vec<f64> = a.iter().zip(&b).map(|(a, b)| metric(b) - metric(a)).collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Asserts that going from `low` to `high` moves `metric` up (`rises`) or down, at each seed.
fn predicts(text: &str, low: &[String], high: &[String], metric: fn(&[Rec]) -> f64, rises: bool) {
    for seed in SEEDS {
        let (mean, se) = paired(text, low, high, seed, metric);
        let signed = if rises { mean } else { -mean };
        assert!(
            signed > 2.0 * se,
            "seed {seed}: paired difference {mean:.4} (s.e. {se:.4}), expected it to {} \
             ({low:?} -> {high:?})",
            if rises { "rise" } else { "fall" }
        );
    }
}

/// As [`predicts`] in [`WORLD`], raising `key` of both agents from `low` to `high`.
fn raising_both(key: &str, low: &str, high: &str, metric: fn(&[Rec]) -> f64, rises: bool) {
    predicts(WORLD, &both(key, low), &both(key, high), metric, rises);
}

fn share(run: &[Rec], f: impl Fn(&Rec) -> bool) -> f64 {
    run.iter().filter(|r| f(r)).count() as f64 / run.len() as f64
}

fn mutual_engagement(run: &[Rec]) -> f64 {
    share(run, |r| r.actions == [Engage, Engage])
}

fn engagements(run: &[Rec]) -> f64 {
    share(run, |r| r.actions[0] == Engage) + share(run, |r| r.actions[1] == Engage)
}

fn retaliations(run: &[Rec]) -> f64 {
    share(run, |r| r.actions[0] == Retaliate) + share(run, |r| r.actions[1] == Retaliate)
}

fn escalation(run: &[Rec]) -> f64 {
    share(run, |r| r.actions == [Retaliate, Retaliate])
}

/// The mean length of each side's runs of consecutive retaliation (0 without any).
fn hostile_run_length(run: &[Rec]) -> f64 {
    let (mut rounds, mut runs) = (0, 0);
    for k in 0..2 {
        let mut previous = false;
        for r in run {
            let hostile = r.actions[k] == Retaliate;
            rounds += usize::from(hostile);
            runs += usize::from(hostile && !previous);
            previous = hostile;
        }
    }
    if runs == 0 { 0.0 } else { rounds as f64 / runs as f64 }
}

#[test]
fn a_higher_face_cost_means_less_mutual_engagement() {
    raising_both("face_cost", "0.1", "0.8", mutual_engagement, false);
}

#[test]
fn a_higher_audience_reward_means_fewer_engagements() {
    raising_both("audience", "0.1", "0.6", engagements, false);
}

#[test]
fn a_higher_backing_down_cost_means_longer_hostile_runs_once_started() {
    raising_both("backing_down_cost", "0", "1.5", hostile_run_length, true);
}

#[test]
fn a_higher_retaliation_cost_means_fewer_retaliations() {
    raising_both("retaliation_cost", "0", "0.6", retaliations, false);
}

#[test]
fn a_higher_tension_cost_means_less_escalation() {
    let at = |c: &str| vec![format!("relationship.tension_cost={c}")];
    predicts(WORLD, &at("0"), &at("2"), escalation, false);
}

#[test]
fn more_initial_trust_means_more_mutual_engagement() {
    raising_both("trust.initial", "0.4", "0.9", mutual_engagement, true);
}

#[test]
fn a_more_hostile_bias_of_misreading_means_more_escalation_under_noise() {
    let noisy = |bias: &str| {
        let mut o = both("perception.noise", "0.3");
        o.extend(both("perception.hostile_bias", bias));
        o
    };
    predicts(WORLD, &noisy("0.2"), &noisy("1"), escalation, true);
}

#[test]
fn an_open_channel_means_more_mutual_engagement() {
    let world = format!("{WORLD}\n[[channels]]\nname = \"military\"\nopen = false\nnoise_reduction = 0.9\n");
    let noisy = |open: &str| {
        let mut o = both("perception.noise", "0.3");
        o.push(format!("channels.0.open={open}"));
        o
    };
    predicts(&world, &noisy("false"), &noisy("true"), mutual_engagement, true);
}

/// Engagements in the rounds after each of the issue's shocks (rounds 10, 20 and 30).
fn engagement_after_shocks(run: &[Rec]) -> f64 {
    let after = |r: &Rec| [11..=15, 21..=25, 31..=35].iter().any(|w| w.contains(&r.round));
    let window: Vec<Rec> = run.iter().filter(|r| after(r)).cloned().collect();
    engagements(&window)
}

/// Two deliberate states that mostly engage (an assurance game, some audience, little face
/// cost), with three shocks of an issue at rounds 10, 20 and 30.
const SHOCKED: &str = r#"
name = "shocked"
rounds = 40
replicates = 200
[game]
payoffs = [[4.0, 0.5, 0.0], [2.5, 2.0, 1.0], [3.0, 1.5, 0.5]]
[relationship]
tension = { initial = 0.3, floor = 0.1, decay = 0.1, crisis = 0.8 }
effects = { engage = -0.03, markers = 0.01, retaliate = 0.08 }
tension_cost = 0.5
[agents.usa]
strategy = { kind = "deliberate", lambda = 3.0, horizon = 0.8 }
audience = 0.4
face_cost = 0.2
trust = { initial = 0.8, learning = 0.2 }
securitization = { initial = 0.0, response = 0.3 }
perception = { noise = 0.1, hostile_bias = 0.6 }
errors = { rate = 0.02 }
[agents.china]
strategy = { kind = "deliberate", lambda = 3.0, horizon = 0.8 }
audience = 0.4
face_cost = 0.2
trust = { initial = 0.8, learning = 0.2 }
securitization = { initial = 0.0, response = 0.3 }
perception = { noise = 0.1, hostile_bias = 0.6 }
errors = { rate = 0.02 }
[[issues]]
name = "taiwan"
salience = 1.0
[[events]]
at = 10
name = "first"
tension = 0.1
issue = "taiwan"
[[events]]
at = 20
name = "second"
tension = 0.1
issue = "taiwan"
[[events]]
at = 30
name = "third"
tension = 0.1
issue = "taiwan"
"#;

#[test]
fn a_more_salient_issue_means_less_engagement_after_its_shocks() {
    // A shock's threat, weighted by its issue's salience, securitizes both sides, and
    // securitization raises what their audiences pay for toughness.
    let salience = |s: &str| vec![format!("issues.0.salience={s}")];
    predicts(SHOCKED, &salience("1"), &salience("4"), engagement_after_shocks, false);
}

fn late_engagements(run: &[Rec]) -> f64 {
    engagements(&run[run.len() / 2..])
}

fn late_securitization(run: &[Rec]) -> f64 {
    let late = &run[run.len() / 2..];
    late.iter()
        .map(|r| r.securitization[0] + r.securitization[1])
        .sum::<f64>()
        / late.len() as f64
}

#[test]
fn securitization_that_feeds_on_perceived_threat_spirals_without_any_drift() {
    let response = |r: &str| {
        let mut o = both("securitization.drift", "0");
        o.extend(both("securitization.response", r));
        o.extend(both("audience", "0.4"));
        o
    };
    // Perceived retaliations securitize, securitization raises the audience's reward for
    // toughness and the hostile share of misreadings, and the states engage less for it.
    predicts(WORLD, &response("0"), &response("0.1"), late_securitization, true);
    predicts(WORLD, &response("0"), &response("0.1"), late_engagements, false);
}

/// The classic prisoner's dilemma (R = 3, S = 0, T = 5, P = 1); markers pay as retaliation
/// does against every move but less to the one who plays them, so they are never chosen.
fn classic(horizon: f64, trust: f64, seed: u64) -> Vec<Vec<Rec>> {
    let agent = format!(
        "strategy = {{ kind = \"deliberate\", lambda = 20.0, horizon = {horizon} }}\n\
         trust = {{ initial = {trust}, learning = 0.1 }}"
    );
    let text = format!(
        "name = \"pd\"\nrounds = 100\nreplicates = 100\n\
         [game]\npayoffs = [[3.0, 0.0, 0.0], [4.0, 0.0, 0.0], [5.0, 1.0, 1.0]]\n\
         [agents.a]\n{agent}\n[agents.b]\n{agent}\n"
    );
    runs(&text, &[], seed)
}

fn overall(runs: &[Vec<Rec>], f: fn(&[Rec]) -> f64) -> f64 {
    runs.iter().map(|r| f(r)).sum::<f64>() / runs.len() as f64
}

#[test]
fn without_a_shadow_of_the_future_deliberate_states_retaliate_in_the_classic_dilemma() {
    for seed in SEEDS {
        let r = overall(&classic(0.0, 0.9, seed), retaliations) / 2.0;
        assert!(r >= 0.95, "seed {seed}: retaliation in {r} of rounds");
    }
}

#[test]
fn a_more_precise_logit_choice_plays_the_one_shot_best_reply_more_often() {
    // Without a shadow of the future, retaliation is the best reply to every move; a higher
    // lambda approaches it, a lower one spreads choices towards uniform.
    let myopic = |lambda: &str| {
        let mut o = both("strategy.horizon", "0");
        o.extend(both("strategy.lambda", lambda));
        o
    };
    predicts(WORLD, &myopic("0.3"), &myopic("3"), retaliations, true);
}

#[test]
fn a_long_enough_shadow_of_the_future_sustains_mutual_engagement_and_a_short_one_does_not() {
    for seed in SEEDS {
        let long = overall(&classic(0.7, 0.9, seed), mutual_engagement);
        let short = overall(&classic(0.4, 0.9, seed), mutual_engagement);
        assert!(long >= 0.8, "seed {seed}: horizon 0.7 engages in {long}");
        assert!(short < 0.2, "seed {seed}: horizon 0.4 engages in {short}");
    }
}

/// A game in which mutual engagement is the best outcome for both (an assurance game with
/// markers as the safe middle), with face and audience costs `cost`.
fn assurance(cost: f64, seed: u64) -> Vec<Vec<Rec>> {
    let agent = format!(
        "strategy = {{ kind = \"deliberate\", lambda = 4.0, horizon = 0.8 }}\n\
         trust = {{ initial = 0.6, learning = 0.2 }}\nface_cost = {cost}\naudience = {cost}"
    );
    let text = format!(
        "name = \"stall\"\nrounds = 40\nreplicates = 100\n\
         [game]\npayoffs = [[4.0, 0.5, 0.0], [2.5, 2.0, 1.0], [3.0, 1.5, 0.5]]\n\
         [agents.usa]\n{agent}\n[agents.china]\n{agent}\n"
    );
    runs(&text, &[], seed)
}

fn spin_cycle(run: &[Rec]) -> f64 {
    share(run, |r| r.actions == [Markers, Markers])
}

#[test]
fn states_that_both_want_engagement_reach_it_when_face_and_audiences_cost_little() {
    for seed in SEEDS {
        let m = overall(&assurance(0.0, seed), mutual_engagement);
        assert!(m > 0.9, "seed {seed}: mutual engagement {m}");
    }
}

#[test]
fn the_same_states_lock_into_the_spin_cycle_when_face_and_audiences_cost_much() {
    for seed in SEEDS {
        let s = overall(&assurance(1.0, seed), spin_cycle);
        assert!(s > 0.9, "seed {seed}: spin cycle {s}");
    }
}

/// `us` against a deliberate China that starts with little trust, with the given shadow of
/// the future and audience reward.
fn against_china(us: &str, horizon: f64, audience: f64, seed: u64) -> Vec<Vec<Rec>> {
    let text = format!(
        "name = \"gesture\"\nrounds = 30\nreplicates = 200\n\
         [game]\npayoffs = [[4.0, 0.5, 0.0], [2.5, 2.0, 1.0], [3.0, 1.5, 0.5]]\n\
         [agents.usa]\nstrategy = {us}\nface_cost = 0.5\naudience = 0.3\n\
         trust = {{ initial = 0.3, learning = 0.3 }}\nperception = {{ noise = 0.1 }}\n\
         [agents.china]\nstrategy = {{ kind = \"deliberate\", lambda = 4.0, horizon = {horizon} }}\n\
         face_cost = 0.5\naudience = {audience}\ntrust = {{ initial = 0.3, learning = 0.3 }}\n\
         perception = {{ noise = 0.1 }}\n"
    );
    runs(&text, &[], seed)
}

#[test]
fn grits_announced_steps_raise_a_deliberate_chinas_trust_and_it_starts_engaging() {
    for seed in SEEDS {
        let grit = against_china("\"grit\"", 0.8, 0.3, seed);
        let trust_after_steps = grit.iter().map(|r| r[2].trust[1]).sum::<f64>() / grit.len() as f64;
        assert!(
            trust_after_steps > 0.5,
            "seed {seed}: China's trust {trust_after_steps}"
        );
        let engaged = |runs: &[Vec<Rec>]| {
            runs.iter().map(|r| share(r, |x| x.actions[1] == Engage)).sum::<f64>() / runs.len() as f64
        };
        let (with_grit, with_markers) = (
            engaged(&grit),
            engaged(&against_china("\"always_markers\"", 0.8, 0.3, seed)),
        );
        assert!(
            with_grit > 0.5 && with_markers < 0.05,
            "seed {seed}: China engages {with_grit} against GRIT, {with_markers} against markers"
        );
    }
}

#[test]
fn against_an_exploiting_china_grit_loses_less_than_unconditional_engagement() {
    // Without a shadow of the future and with a strong audience, China exploits engagement.
    for seed in SEEDS {
        let payoff = |us: &str| {
            let runs = against_china(us, 0.0, 2.0, seed);
            runs.iter()
                .map(|r| r.iter().map(|x| x.payoffs[0]).sum::<f64>())
                .sum::<f64>()
                / runs.len() as f64
        };
        let (grit, engage) = (payoff("\"grit\""), payoff("\"always_engage\""));
        assert!(grit > engage, "seed {seed}: GRIT earns {grit}, always_engage {engage}");
    }
}

#[test]
fn the_adaptive_learner_learns_from_what_its_audience_pays_it() {
    // Audiences reward toughness; an EWA learner that learns from the whole payoff it
    // receives learns to engage less when they pay more.
    let adaptive = |audience: &str| {
        format!(
            "name = \"learner\"\nrounds = 60\nreplicates = 200\n\
             [agents.a]\nstrategy = {{ kind = \"adaptive\", lambda = 2.0 }}\naudience = {audience}\n\
             [agents.b]\nstrategy = \"tit_for_tat\"\n"
        )
    };
    let engaged = |run: &[Rec]| share(run, |r| r.actions[0] == Engage);
    for seed in SEEDS {
        let (quiet, loud) = (runs(&adaptive("0"), &[], seed), runs(&adaptive("1.5"), &[], seed));
        let mean = |rs: &[Vec<Rec>]| rs.iter().map(|r| engaged(r)).sum::<f64>() / rs.len() as f64;
        assert!(
            mean(&loud) < mean(&quiet) - 0.05,
            "seed {seed}: engages {} with a loud audience, {} without",
            mean(&loud),
            mean(&quiet)
        );
    }
}

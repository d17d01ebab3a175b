//! Each of the essay's mechanisms does what docs/MODEL.md says it does.

mod common;

use coexist::model::Action::{Engage, Markers, Retaliate};
use common::{duel, play, play_all, scenario, share};

#[test]
fn face_saving_never_engages_first_so_two_of_them_never_leave_markers() {
    let sc = scenario(&duel("rounds = 50", "\"face_saving\"", "\"face_saving\"", ""));
    let runs = play_all(&sc);
    assert_eq!(share(&runs, |r| r.actions == [Engage, Engage]), 0.0);
    assert_eq!(share(&runs, |r| r.actions == [Markers, Markers]), 1.0);
}

#[test]
fn grit_engages_first_and_a_face_saving_state_returns_it() {
    let sc = scenario(&duel("rounds = 50", "\"grit\"", "\"face_saving\"", ""));
    let runs = play_all(&sc);
    assert!(share(&runs, |r| r.actions == [Engage, Engage]) > 0.9);
}

#[test]
fn an_open_channel_raises_mutual_engagement_between_noisy_reciprocators() {
    let text = |open: bool, seed: u64| {
        let mut t = duel(
            &format!("rounds = 60\nreplicates = 200\nseed = {seed}"),
            "\"tit_for_tat\"",
            "\"tit_for_tat\"",
            "perception = { noise = 0.1, hostile_bias = 0.8 }",
        );
        t.push_str(&format!(
            "[[channels]]\nname = \"military\"\nopen = {open}\nnoise_reduction = 0.8\n"
        ));
        t
    };
    for seed in [5, 6, 7] {
        let mutual = |open| {
            share(&play_all(&scenario(&text(open, seed))), |r| {
                r.actions == [Engage, Engage]
            })
        };
        let (closed, open) = (mutual(false), mutual(true));
        assert!(open > closed + 0.1, "seed {seed}: open {open} vs closed {closed}");
    }
}

#[test]
fn an_event_can_open_a_closed_channel() {
    let text = |with_event: bool| {
        let mut t = duel(
            "rounds = 40\nreplicates = 200\nseed = 3",
            "\"always_engage\"",
            "\"always_engage\"",
            "perception = { noise = 0.5, hostile_bias = 1.0 }",
        );
        t.push_str("[[channels]]\nname = \"military\"\nopen = false\nnoise_reduction = 1.0\n");
        if with_event {
            t.push_str("[[events]]\nat = 21\nname = \"Channel restored\"\nchannels = { military = true }\n");
        }
        t
    };
    let runs = play_all(&scenario(&text(true)));
    let misread = |r: &common::Rec| r.perceived != r.actions;
    let before: Vec<_> = runs.iter().map(|run| run[..20].to_vec()).collect();
    let after: Vec<_> = runs.iter().map(|run| run[20..].to_vec()).collect();
    assert!(share(&before, misread) > 0.4);
    assert_eq!(
        share(&after, misread),
        0.0,
        "a channel with noise_reduction 1 removes all misreading"
    );
}

#[test]
fn hostile_biased_misreading_gives_a_positive_blame_gap() {
    let sc = scenario(&duel(
        "rounds = 100\nreplicates = 50",
        "\"always_markers\"",
        "\"always_markers\"",
        "perception = { noise = 0.3, hostile_bias = 1.0 }",
    ));
    let runs = play_all(&sc);
    // Markers are read as retaliation with probability noise × bias; nobody retaliates.
    let gap = share(&runs, |r| r.perceived[0] == Retaliate);
    assert!((gap - 0.3).abs() < 0.03, "{gap}");
    let soft = share(&runs, |r| r.perceived[0] == Engage);
    assert_eq!(soft, 0.0, "a fully hostile bias never reads softer");
}

#[test]
fn securitization_raises_the_hostile_share_of_misreadings() {
    let text = |s: f64| {
        duel(
            "rounds = 100\nreplicates = 50",
            "\"always_markers\"",
            "\"always_markers\"",
            &format!("perception = {{ noise = 0.4, hostile_bias = 0.0 }}\nsecuritization = {{ initial = {s} }}"),
        )
    };
    let harsh = |s| share(&play_all(&scenario(&text(s))), |r| r.perceived[0] == Retaliate);
    assert_eq!(harsh(0.0), 0.0);
    let h = harsh(0.5);
    assert!((h - 0.4 * 0.5).abs() < 0.03, "{h}");
}

#[test]
fn a_forced_action_holds_for_exactly_its_rounds_on_the_right_dates_and_the_event_is_named() {
    let text = "name = \"forced\"\nrounds = 12\n[calendar]\nstart = \"2022-11\"\nstep = \"month\"\n\
        [agents.usa]\nstrategy = \"always_engage\"\n[agents.china]\nstrategy = \"always_engage\"\n\
        [[events]]\nat = \"2023-02\"\nname = \"Surveillance balloon\"\nforce = { usa = \"markers\", rounds = 4 }\n";
    let sc = scenario(text);
    let rounds = play(&sc, 0);
    let forced: Vec<usize> = rounds
        .iter()
        .filter(|r| r.actions[0] == Markers)
        .map(|r| r.round)
        .collect();
    assert_eq!(forced, [4, 5, 6, 7], "Feb, Mar, Apr, May 2023");
    assert!(rounds.iter().all(|r| r.actions[1] == Engage));
    let named: Vec<usize> = rounds
        .iter()
        .filter(|r| !r.scheduled.is_empty())
        .map(|r| r.round)
        .collect();
    assert_eq!(named, [4]);
    assert_eq!(rounds[3].scheduled, "Surveillance balloon");
    assert_eq!(sc.calendar.unwrap().label(4).to_string(), "2023-02");
}

#[test]
fn securitization_drift_raises_a_hawks_retaliation_over_time() {
    let sc = scenario(&duel(
        "rounds = 60\nreplicates = 200",
        "{ kind = \"hawk\", base = 0.0, sensitivity = 1.0 }",
        "\"always_engage\"",
        "securitization = { initial = 0.0, drift = 0.015 }",
    ));
    let runs = play_all(&sc);
    let early: Vec<_> = runs.iter().map(|r| r[..10].to_vec()).collect();
    let late: Vec<_> = runs.iter().map(|r| r[50..].to_vec()).collect();
    let (e, l) = (
        share(&early, |r| r.actions[0] == Retaliate),
        share(&late, |r| r.actions[0] == Retaliate),
    );
    assert!(l > e + 0.5, "early {e}, late {l}");
}

#[test]
fn securitization_stays_within_zero_and_one() {
    let sc = scenario(&duel(
        "rounds = 80",
        "\"always_retaliate\"",
        "\"always_retaliate\"",
        "securitization = { initial = 0.5, drift = 0.05, response = 0.3 }",
    ));
    let rounds = play(&sc, 0);
    assert!(rounds.iter().all(|r| (0.0..=1.0).contains(&r.securitization[0])));
    assert_eq!(rounds.last().unwrap().securitization[0], 1.0);
}

const TENSE: &str = "rounds = 40\n[relationship]\ntension = { initial = 0.3, floor = 0.1, decay = 0.05, crisis = 0.8 }\neffects = { engage = -0.05, markers = 0.01, retaliate = 0.08 }";

#[test]
fn mutual_retaliation_reaches_crisis() {
    let sc = scenario(&duel(TENSE, "\"always_retaliate\"", "\"always_retaliate\"", ""));
    let rounds = play(&sc, 0);
    assert!(rounds.iter().any(|r| r.tension >= 0.8));
    assert!(
        rounds.windows(2).all(|w| w[1].tension >= w[0].tension),
        "tension only rises under mutual retaliation here"
    );
}

#[test]
fn mutual_engagement_never_raises_tension() {
    let sc = scenario(&duel(TENSE, "\"always_engage\"", "\"always_engage\"", ""));
    let rounds = play(&sc, 0);
    let mut previous = 0.3;
    for r in &rounds {
        assert!(
            r.tension <= previous,
            "round {}: {} after {previous}",
            r.round,
            r.tension
        );
        assert!(r.tension >= 0.1, "never below the floor");
        previous = r.tension;
    }
    assert_eq!(rounds.last().unwrap().tension, 0.1);
}

#[test]
fn an_issue_multiplies_an_events_tension_shock_by_its_salience() {
    let text = |issue: &str| {
        format!(
            "name = \"x\"\nrounds = 3\n[agents.a]\nstrategy = \"always_markers\"\n[agents.b]\nstrategy = \"always_markers\"\n\
             [[issues]]\nname = \"taiwan\"\nsalience = 2.5\n[[events]]\nat = 2\nname = \"Transit\"\ntension = 0.1\n{issue}\n"
        )
    };
    let plain = play(&scenario(&text("")), 0)[1].tension;
    let salient = play(&scenario(&text("issue = \"taiwan\"")), 0)[1].tension;
    assert!(
        (plain - 0.1).abs() < 1e-12 && (salient - 0.25).abs() < 1e-12,
        "{plain} {salient}"
    );
}

#[test]
fn a_face_cost_lowers_the_payoff_of_unreturned_engagement_by_exactly_that_cost_per_round() {
    let text = |cost: f64| {
        duel(
            "rounds = 10",
            "\"always_engage\"",
            "\"always_retaliate\"",
            &format!("face_cost = {cost}"),
        )
    };
    let (without, with) = (play(&scenario(&text(0.0)), 0), play(&scenario(&text(0.7)), 0));
    for (a, b) in without.iter().zip(&with) {
        assert!((a.payoffs[0] - b.payoffs[0] - 0.7).abs() < 1e-12, "round {}", a.round);
        assert_eq!(a.payoffs[1], b.payoffs[1], "the retaliator pays no face");
    }
}

#[test]
fn returned_engagement_costs_no_face_after_the_first_round() {
    let sc = scenario(&duel(
        "rounds = 5",
        "\"always_engage\"",
        "\"always_engage\"",
        "face_cost = 0.7",
    ));
    let rounds = play(&sc, 0);
    assert_eq!(rounds[0].payoffs[0], 3.0 - 0.7, "engaging first costs face");
    assert!(rounds[1..].iter().all(|r| r.payoffs[0] == 3.0));
}

#[test]
fn the_audience_rewards_toughness_more_under_securitization() {
    let text = |s: f64| {
        duel(
            "rounds = 1",
            "\"always_markers\"",
            "\"always_markers\"",
            &format!("audience = 0.4\nsecuritization = {{ initial = {s} }}"),
        )
    };
    assert_eq!(play(&scenario(&text(0.0)), 0)[0].payoffs[0], 2.0 + 0.4);
    assert!((play(&scenario(&text(0.5)), 0)[0].payoffs[0] - (2.0 + 0.4 * 1.5)).abs() < 1e-12);
}

#[test]
fn retaliation_cost_and_tension_cost_enter_the_payoff() {
    let text = "name = \"x\"\nrounds = 1\n[relationship]\ntension = { initial = 0.5 }\ntension_cost = 2.0\n\
        [agents.a]\nstrategy = \"always_retaliate\"\nretaliation_cost = 0.3\n[agents.b]\nstrategy = \"always_retaliate\"\n";
    let r = &play(&scenario(text), 0)[0];
    assert!((r.payoffs[0] - (1.0 - 0.3 - 1.0)).abs() < 1e-12);
    assert!((r.payoffs[1] - (1.0 - 1.0)).abs() < 1e-12);
}

#[test]
fn random_incidents_occur_at_their_rate() {
    let sc = scenario(&duel(
        "rounds = 100\nreplicates = 100\n[random_events]\nrate = 0.2\ntension = { min = 0.0, max = 0.1 }",
        "\"always_engage\"",
        "\"always_engage\"",
        "",
    ));
    let runs = play_all(&sc);
    let rate = share(&runs, |r| r.incident);
    // 10,000 Bernoulli(0.2) draws: the standard error is 0.004.
    assert!((rate - 0.2).abs() < 0.016, "{rate}");
}

#[test]
fn escalation_errors_only_ever_make_moves_harsher() {
    let sc = scenario(&duel(
        "rounds = 200\nreplicates = 20",
        "\"always_markers\"",
        "\"always_markers\"",
        "errors = { rate = 0.3, towards = \"escalation\" }",
    ));
    let runs = play_all(&sc);
    assert_eq!(share(&runs, |r| r.actions[0] == Engage), 0.0);
    let harsher = share(&runs, |r| r.actions[0] == Retaliate);
    assert!((harsher - 0.3).abs() < 0.03, "{harsher}");
}

#[test]
fn flip_errors_swap_engage_and_retaliate_and_leave_markers() {
    let flip = |s: &str| {
        play_all(&scenario(&duel(
            "rounds = 200\nreplicates = 20",
            s,
            s,
            "errors = { rate = 0.25, towards = \"flip\" }",
        )))
    };
    assert_eq!(share(&flip("\"always_markers\""), |r| r.actions[0] != Markers), 0.0);
    let engage = flip("\"always_engage\"");
    assert_eq!(share(&engage, |r| r.actions[0] == Markers), 0.0);
    assert!((share(&engage, |r| r.actions[0] == Retaliate) - 0.25).abs() < 0.03);
}

#[test]
fn any_errors_reach_both_other_actions_equally() {
    let runs = play_all(&scenario(&duel(
        "rounds = 500\nreplicates = 20",
        "\"always_engage\"",
        "\"always_engage\"",
        "errors = { rate = 0.4, towards = \"any\" }",
    )));
    let (m, r) = (
        share(&runs, |x| x.actions[0] == Markers),
        share(&runs, |x| x.actions[0] == Retaliate),
    );
    assert!((m - 0.2).abs() < 0.02 && (r - 0.2).abs() < 0.02, "{m} {r}");
}

/// The last round of always_engage (a) against `other` (b), both with learning 0.3.
fn last_round_against(other: &str) -> common::Rec {
    let sc = scenario(&duel(
        "rounds = 30",
        "\"always_engage\"",
        other,
        "trust = { initial = 0.5, learning = 0.3 }",
    ));
    play(&sc, 0).pop().unwrap()
}

#[test]
fn trust_falls_towards_zero_when_engagement_is_answered_with_retaliation() {
    let last = last_round_against("\"always_retaliate\"");
    assert!(last.trust[0] < 0.01, "{}", last.trust[0]);
}

#[test]
fn trust_rises_towards_one_when_engagement_is_returned() {
    let last = last_round_against("\"tit_for_tat\"");
    assert!(last.trust[0] > 0.99 && last.trust[1] > 0.99, "{:?}", last.trust);
}

#[test]
fn a_side_that_never_engages_learns_nothing_of_how_engagement_is_answered() {
    let last = last_round_against("\"always_retaliate\"");
    assert_eq!(last.trust[1], 0.5);
}

/// Rounds as text, so that two runs compare bit for bit (NaN-free and -0.0-aware).
fn fingerprint(runs: &[Vec<common::Rec>]) -> Vec<String> {
    runs.iter().flatten().map(|r| format!("{r:?}")).collect()
}

#[test]
fn a_world_whose_state_cannot_move_plays_exactly_as_the_general_round() {
    // Noise, errors, a stochastic and a state-reading strategy, non-default initial state:
    // everything but what moves the state. A learning rate of 1e-300 sends the second run
    // down the general round without changing any value (it is far below trust's last bit).
    let header = "rounds = 60\nreplicates = 25\nseed = 9\n[relationship]\ntension = { initial = 0.4, decay = 0.0 }";
    let extra = "errors = { rate = 0.1, towards = \"any\" }\nperception = { noise = 0.2, hostile_bias = 0.7 }\nsecuritization = { initial = 0.3 }\n";
    let fixed = duel(
        header,
        "\"hawk\"",
        "\"random\"",
        &format!("{extra}trust = {{ initial = 0.6 }}"),
    );
    let general = duel(
        header,
        "\"hawk\"",
        "\"random\"",
        &format!("{extra}trust = {{ initial = 0.6, learning = 1e-300 }}"),
    );
    let (fixed, general) = (play_all(&scenario(&fixed)), play_all(&scenario(&general)));
    assert_eq!(fingerprint(&fixed), fingerprint(&general));
    assert!(
        fixed
            .iter()
            .flatten()
            .any(|r| r.perceived != [r.actions[1], r.actions[0]]),
        "misreadings happened"
    );
}

#[test]
fn a_force_that_overrides_another_wins_from_its_round_and_ends_the_earlier_one() {
    let sc = scenario(&duel(
        "rounds = 6\n\
         [[events]]\nat = 2\nname = \"Summit\"\nforce = { a = \"engage\", rounds = 3 }\n\
         [[events]]\nat = 3\nname = \"Sanctions\"\nforce = { a = \"retaliate\", overrides = true }",
        "\"always_markers\"",
        "\"always_markers\"",
        "",
    ));
    let a: Vec<_> = play(&sc, 0).iter().map(|r| r.actions[0]).collect();
    assert_eq!(a, [Markers, Engage, Retaliate, Markers, Markers, Markers]);
}

#[test]
fn backing_down_from_a_returned_retaliation_costs_exactly_the_backing_down_cost() {
    // a alternates E R E R against a constant retaliator: in round 3 it steps down from its
    // retaliation while b still retaliates, and pays S = 0 less the cost; in rounds 1 and 4 it
    // does not back down (nothing to step down from, or it retaliates again).
    let sc = scenario(&duel(
        "rounds = 4",
        "\"alternator\"",
        "\"always_retaliate\"",
        "backing_down_cost = 0.7",
    ));
    let payoffs: Vec<f64> = play(&sc, 0).iter().map(|r| r.payoffs[0]).collect();
    assert_eq!(payoffs, [0.0, 1.0, -0.7, 1.0]);
}

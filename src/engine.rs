//! One replicate, round by round, in the order of `docs/MODEL.md`, "One round", feeding an observer.
//!
//! Every random draw comes from the replicate's own ChaCha8 stream, seeded by the scenario
//! seed with the replicate index as the stream number, and drawn in a fixed order
//! (incidents, the two strategies, the two execution errors, the two readings), so a result
//! depends on nothing but the scenario, the seed and the replicate index. Incidents, errors
//! and misreadings are [`Trials`]: they draw once per success, not once per round.

use rand::RngExt;

use crate::model::params::{Effects, Relationship, SecuritizationParams, TensionParams, TrustParams};
use crate::model::payoff::{Context, Incentives, payoff};
use crate::model::perception::{effective_noise, execute, hostile_share, perceive};
use crate::model::relationship::{clamp_tension, next_securitization, next_tension, securitized_by_shock};
use crate::model::rng::replicate_rng;
use crate::model::trials::Trials;
use crate::model::{Action, Belief, Rng, Stakes};
use crate::scenario::{AgentSpec, RandomEvents, Scenario};
use crate::strategy::{Player, Strategy, View};

/// What happened in one round, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct Round<'a> {
    /// 1-based.
    pub round: usize,
    /// Realised actions of `<a>` and `<b>`.
    pub actions: [Action; 2],
    /// `perceived[0]` is what `<a>` read of `<b>`'s action, `perceived[1]` what `<b>` read of `<a>`'s.
    pub perceived: [Action; 2],
    pub payoffs: [f64; 2],
    /// At the end of the round.
    pub tension: f64,
    pub trust: [f64; 2],
    pub securitization: [f64; 2],
    /// Names of the scheduled events of this round, `; `-separated (empty if none).
    pub scheduled: &'a str,
    /// Whether a random incident happened this round.
    pub incident: bool,
}

/// Receives the rounds of one replicate.
pub trait Observer {
    fn round(&mut self, round: &Round<'_>);
}

/// What a scenario needs at run time, computed once for all its replicates.
pub struct Plan<'s> {
    pub scenario: &'s Scenario,
    /// For each round (index 0 = round 1), the indices of its scheduled events.
    events_by_round: Vec<Vec<usize>>,
    /// For each round, its events' names joined by `; `.
    labels: Vec<String>,
    /// For each round, its calendar date (empty without a calendar).
    dates: Vec<String>,
    /// Whether tension, trust and securitization can never move (see [`state_is_fixed`]).
    fixed_state: bool,
    /// What each agent is paid by, as its strategy sees it.
    incentives: [Incentives; 2],
}

impl<'s> Plan<'s> {
    pub fn new(scenario: &'s Scenario) -> Self {
        let mut events_by_round = vec![Vec::new(); scenario.rounds];
        for (i, e) in scenario.events.iter().enumerate() {
            if let Some(slot) = events_by_round.get_mut(e.round - 1) {
                slot.push(i);
            }
        }
        let labels = events_by_round
            .iter()
            .map(|ids| {
                ids.iter()
                    .map(|&i| scenario.events[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(crate::scenario::NAME_SEPARATOR)
            })
            .collect();
        let dates = (1..=scenario.rounds)
            .map(|t| scenario.calendar.map(|c| c.label(t).to_string()).unwrap_or_default())
            .collect();
        Self {
            scenario,
            events_by_round,
            labels,
            dates,
            fixed_state: state_is_fixed(scenario),
            incentives: scenario.agents.each_ref().map(|a| Incentives {
                game: scenario.game.clone(),
                stakes: a.stakes.clone(),
                relationship: scenario.relationship.clone(),
            }),
        }
    }

    /// The calendar date of a round (1-based), or "" without a calendar.
    pub fn date(&self, round: usize) -> &str {
        &self.dates[round - 1]
    }

    /// The names of a round's scheduled events, `; `-separated.
    pub fn events(&self, round: usize) -> &str {
        &self.labels[round - 1]
    }

    /// Plays replicate `replicate` and hands every round to `observer`.
    pub fn run<O: Observer>(&self, replicate: usize, observer: &mut O) {
        self.run_with(replicate, observer, &mut Workspace::default());
    }

    /// As [`Plan::run`], reusing the buffers of `ws` between replicates.
    pub fn run_with<O: Observer>(&self, replicate: usize, observer: &mut O, ws: &mut Workspace) {
        let in_play = self.start(replicate, ws);
        let in_play = self.advance(in_play, self.scenario.rounds, observer);
        self.finish(in_play, ws);
    }

    /// Replicate `replicate` before its first round, in the buffers of `ws` (handed back by
    /// [`Plan::finish`]).
    pub fn start(&self, replicate: usize, ws: &mut Workspace) -> InPlay {
        let sc = self.scenario;
        let [a, b] = &sc.agents;
        let mut rng = replicate_rng(sc.seed, replicate);
        let strategies: [Player; 2] = [a.strategy.build(&sc.game), b.strategy.build(&sc.game)];
        let open: Vec<bool> = sc.channels.iter().map(|c| c.open).collect();
        let pass = channel_pass(sc, &open);
        let incidents = Trials::new(sc.random_events.rate, &mut rng);
        let errors = [
            Trials::new(a.errors.rate, &mut rng),
            Trials::new(b.errors.rate, &mut rng),
        ];
        let misreadings = [
            Trials::new(effective_noise(a.perception.noise, pass), &mut rng),
            Trials::new(effective_noise(b.perception.noise, pass), &mut rng),
        ];
        let histories = std::mem::take(&mut ws.histories).map(|mut h| {
            h.clear();
            h.resize(sc.rounds, Action::Engage);
            h
        });
        InPlay {
            played: 0,
            may_announce: strategies.each_ref().map(Player::may_announce),
            strategies,
            tension: sc.relationship.tension.initial,
            beliefs: [Belief::new(a.trust.initial), Belief::new(b.trust.initial)],
            sec: [a.securitization.initial, b.securitization.initial],
            open,
            pass,
            incidents,
            errors,
            misreadings,
            forced: [Action::Engage; 2],
            forced_until: [0; 2],
            histories,
            rng,
        }
    }

    /// Plays the rounds of `in_play` up to round `until` (1-based, at most the scenario's
    /// rounds), handing each to `observer`. Played in one call or in several, a replicate
    /// plays the same rounds. Out of line: inlined into its callers' parallel loops, the round
    /// loop took 1.4% more instructions on the classic tournament.
    #[inline(never)]
    pub fn advance<O: Observer>(&self, in_play: InPlay, until: usize, observer: &mut O) -> InPlay {
        if self.fixed_state {
            self.play::<O, true>(in_play, until, observer)
        } else {
            self.play::<O, false>(in_play, until, observer)
        }
    }

    /// Hands the buffers of a replicate's histories back to `ws`, for the next replicate.
    pub fn finish(&self, in_play: InPlay, ws: &mut Workspace) {
        ws.histories = in_play.histories;
    }

    /// The round loop. With `FIXED` (a [`state_is_fixed`] scenario) it leaves out what such a
    /// scenario cannot have — events, forced actions, incidents — and the arithmetic of the
    /// state and of payoffs beyond the base game, which would give back the same values bit
    /// for bit. Everything random is drawn as without it: the incidents' trials, of
    /// probability 0, never draw.
    fn play<O: Observer, const FIXED: bool>(&self, in_play: InPlay, until: usize, observer: &mut O) -> InPlay {
        let sc = self.scenario;
        // The state in locals for the loop, as the compiler keeps them in registers best.
        let InPlay {
            played: from,
            mut rng,
            mut strategies,
            may_announce,
            mut tension,
            mut beliefs,
            mut sec,
            mut open,
            mut pass,
            mut incidents,
            mut errors,
            mut misreadings,
            mut forced,
            mut forced_until,
            mut histories,
        } = in_play;
        let until = until.min(sc.rounds);
        {
            // Slices of exactly `rounds` elements, so that indexing by round needs no bounds check.
            let [mine_a, mine_b, read_a, read_b] = histories.each_mut().map(|h| &mut h[..sc.rounds]);
            let events_by_round = &self.events_by_round[..sc.rounds];
            let labels = &self.labels[..sc.rounds];
            let rel = &sc.relationship;

            for t in from + 1..=until {
                // 1. Scheduled events, then a random incident.
                let events: &[usize] = if FIXED { &[] } else { &events_by_round[t - 1] };
                for &i in events {
                    let e = &sc.events[i];
                    let shock = e.tension * e.salience;
                    tension = clamp_tension(rel, tension + shock);
                    for k in 0..2 {
                        if e.trust[k] != 0.0 {
                            beliefs[k].shock(e.trust[k]);
                        }
                        let s = securitized_by_shock(&sc.agents[k].securitization, sec[k], shock);
                        sec[k] = (s + e.securitization[k]).clamp(0.0, 1.0);
                        if let Some(action) = e.force[k] {
                            forced[k] = action;
                            forced_until[k] = t + e.force_rounds - 1;
                        }
                    }
                    if !e.channels.is_empty() {
                        for &(c, is_open) in &e.channels {
                            open[c] = is_open;
                        }
                        pass = channel_pass(sc, &open);
                        for (m, agent) in misreadings.iter_mut().zip(&sc.agents) {
                            m.set_probability(effective_noise(agent.perception.noise, pass), &mut rng);
                        }
                    }
                }
                let incident = !FIXED && incidents.succeeds(&mut rng);
                if incident {
                    let re = &sc.random_events;
                    let shock = if re.tension_max > re.tension_min {
                        rng.random_range(re.tension_min..re.tension_max)
                    } else {
                        re.tension_min
                    };
                    let shock = shock * re.salience;
                    tension = clamp_tension(rel, tension + shock);
                    for (s, agent) in sec.iter_mut().zip(&sc.agents) {
                        *s = securitized_by_shock(&agent.securitization, *s, shock);
                    }
                }

                // 2. Choice from what each side perceived; a forced action overrides it.
                // 3. Execution errors, except on forced actions.
                let played = t - 1;
                let mine = [&mine_a[..played], &mine_b[..played]];
                let theirs = [&read_a[..played], &read_b[..played]];
                let mut actions = [Action::Engage; 2];
                // Written out for each side rather than looped: the loop, with every strategy's
                // choice inlined in it, grew past what the compiler unrolls, and rolled it kept
                // the round's state in memory (the classic tournament a third slower).
                macro_rules! choose {
                    ($k:literal) => {
                        let view = View {
                            round: t,
                            mine: mine[$k],
                            theirs: theirs[$k],
                            belief: &beliefs[$k],
                            tension,
                            securitization: sec[$k],
                            incentives: &self.incentives[$k],
                        };
                        let intended = strategies[$k].choose(&view, &mut rng);
                        let forced_now = !FIXED && t <= forced_until[$k];
                        actions[$k] = if forced_now { forced[$k] } else { intended };
                    };
                }
                choose!(0);
                choose!(1);
                // Whether each side's announcement of conciliatory intent reached the other; asked
                // apart from the choices, and only in replicates with a strategy that may announce,
                // so that the choice loop of every other replicate stays as small as it was.
                let mut heard = [false; 2];
                if may_announce != [false; 2] {
                    for k in 0..2 {
                        let forced_now = !FIXED && t <= forced_until[k];
                        if may_announce[k] && !forced_now && strategies[k].announces() {
                            heard[k] = is_heard(effective_noise(sc.agents[1 - k].perception.noise, pass), &mut rng);
                        }
                    }
                }
                for k in 0..2 {
                    if FIXED || t > forced_until[k] {
                        actions[k] = execute(actions[k], &mut errors[k], sc.agents[k].errors.towards, &mut rng);
                    }
                }

                // 4. Payoffs at the tension in force this round.
                let previous = mine.map(|m| m.last().copied());
                let payoffs = [0, 1].map(|k| {
                    if FIXED {
                        return sc.game.payoff(actions[k], actions[1 - k]);
                    }
                    let ctx = Context {
                        my_previous: previous[k],
                        their_previous: previous[1 - k],
                        securitization: sec[k],
                        tension,
                    };
                    payoff(
                        &sc.game,
                        &sc.agents[k].stakes,
                        rel.tension_cost,
                        actions[k],
                        actions[1 - k],
                        &ctx,
                    )
                });

                // 5. Perception, through open channels and securitization.
                let mut perceived = [Action::Engage; 2];
                for k in 0..2 {
                    let hostile = || hostile_share(sc.agents[k].perception.hostile_bias, sec[k]);
                    perceived[k] = perceive(actions[1 - k], &mut misreadings[k], hostile, &mut rng);
                }

                // 6. State update.
                if !FIXED {
                    tension = next_tension(rel, tension, actions[0], actions[1]);
                    for k in 0..2 {
                        let learning = sc.agents[k].trust.learning;
                        beliefs[k].learn(previous[k], perceived[k], learning);
                        if heard[1 - k] {
                            beliefs[k].learn_intent(learning);
                        }
                        sec[k] = next_securitization(&sc.agents[k].securitization, sec[k], perceived[k]);
                    }
                }
                mine_a[played] = actions[0];
                mine_b[played] = actions[1];
                read_a[played] = perceived[0];
                read_b[played] = perceived[1];

                // 7. Record.
                observer.round(&Round {
                    round: t,
                    actions,
                    perceived,
                    payoffs,
                    tension,
                    trust: [beliefs[0].trust(), beliefs[1].trust()],
                    securitization: sec,
                    scheduled: &labels[played],
                    incident,
                });
            }
        }
        InPlay {
            played: until.max(from),
            rng,
            strategies,
            may_announce,
            tension,
            beliefs,
            sec,
            open,
            pass,
            incidents,
            errors,
            misreadings,
            forced,
            forced_until,
            histories,
        }
    }
}

/// One replicate part-way through its rounds: everything a round hands to the next, so that
/// a replicate can be played a block of rounds at a time ([`Plan::advance`]).
pub struct InPlay {
    /// Rounds played so far.
    played: usize,
    rng: Rng,
    strategies: [Player; 2],
    may_announce: [bool; 2],
    tension: f64,
    beliefs: [Belief; 2],
    sec: [f64; 2],
    open: Vec<bool>,
    /// The share of misreadings open channels let through; it changes only with events.
    pass: f64,
    incidents: Trials,
    errors: [Trials; 2],
    misreadings: [Trials; 2],
    /// Forced actions hold through round `forced_until[k]` (0: none yet).
    forced: [Action; 2],
    forced_until: [usize; 2],
    /// Realised actions of `<a>` and `<b>`, then what `<a>` and `<b>` perceived.
    histories: [Vec<Action>; 4],
}

/// Whether nothing in `sc` can move tension, trust or securitization, or add to the base
/// game's payoffs: no events or incidents, no effects of actions on tension (nor decay away
/// from the initial tension), no learning, no drift or response of securitization, and no
/// audience, face, retaliation or tension costs. Each round is then the base game played
/// through execution errors and misreadings: the classic noisy tournament.
///
/// Every field is named, none skipped with `..`: a new one does not compile here until
/// someone decides whether it can move the state, so the fast path cannot silently skip it.
fn state_is_fixed(sc: &Scenario) -> bool {
    let Scenario {
        name: _,
        description: _,
        question: _,
        look_at: _,
        rounds: _,
        replicates: _,
        seed: _,
        calendar: _,
        // Messages for the user, never read by a round.
        warnings: _,
        // The base game is what a fixed round pays.
        game: _,
        relationship,
        agents,
        // Channels change only the chance of misreading, which both paths apply; only events
        // open or close them.
        channels: _,
        // Issues weigh only events' shocks.
        issues: _,
        events,
        random_events,
    } = sc;
    let Relationship {
        tension:
            TensionParams {
                initial,
                floor,
                decay,
                crisis: _,
            },
        effects: Effects {
            engage,
            markers,
            retaliate,
        },
        tension_cost,
    } = relationship;
    let RandomEvents {
        rate,
        tension_min: _,
        tension_max: _,
        issue: _,
        salience: _,
    } = random_events;
    let agent_is_fixed = |a: &AgentSpec| {
        let AgentSpec {
            id: _,
            label: _,
            // Strategies choose; they do not move the state.
            strategy: _,
            stakes:
                Stakes {
                    audience,
                    face_cost,
                    retaliation_cost,
                    backing_down_cost,
                },
            trust: TrustParams { initial: _, learning },
            securitization:
                SecuritizationParams {
                    initial: _,
                    drift,
                    response,
                },
            // Misreadings and execution errors are drawn in both paths.
            perception: _,
            errors: _,
        } = a;
        [
            *learning,
            *drift,
            *response,
            *audience,
            *face_cost,
            *retaliation_cost,
            *backing_down_cost,
        ] == [0.0; 7]
    };
    events.is_empty()
        && *rate == 0.0
        && [*engage, *markers, *retaliate] == [0.0; 3]
        && (*decay == 0.0 || initial == floor)
        && (*floor..=1.0).contains(initial)
        && *tension_cost == 0.0
        && agents.iter().all(agent_is_fixed)
}

/// Whether an announcement reaches a listener who misses it with probability `noise` (its
/// chance of a misreading). Out of line: few strategies announce, and the draw inlined made
/// the round loop of every other strategy spill its state (the classic tournament 40% slower).
#[cold]
#[inline(never)]
fn is_heard(noise: f64, rng: &mut Rng) -> bool {
    rng.random::<f64>() >= noise
}

/// `Π (1 − noise_reduction)` over the open channels.
fn channel_pass(sc: &Scenario, open: &[bool]) -> f64 {
    sc.channels
        .iter()
        .zip(open)
        .filter(|(_, o)| **o)
        .map(|(c, _)| 1.0 - c.noise_reduction)
        .product()
}

/// The buffers of a replicate's histories, reusable across replicates so a run allocates
/// once per thread.
#[derive(Default)]
pub struct Workspace {
    histories: [Vec<Action>; 4],
}

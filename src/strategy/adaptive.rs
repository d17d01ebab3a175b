//! Adaptive: experience-weighted attraction learning with logit choice.
//! Source: Camerer & Ho (1999), *Econometrica* 67:827–874, with the logit rule of
//! McKelvey & Palfrey (1995). Attractions start at 0 with experience N(0) = 1; each round
//! `N(t) = ρ·N(t−1) + 1` and
//! `A_j(t) = [φ·N(t−1)·A_j(t−1) + (δ + (1−δ)·1[j played])·π(j, perceived other)] / N(t)`,
//! with π the whole payoff the agent would have received for j against the other's perceived
//! move (base game, audience, face, retaliation, backing-down and tension costs, at its
//! present securitization and tension); then `P_j ∝ exp(λ·A_j)`.

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View, sample};
use crate::model::Action;
use crate::model::payoff::{Context, payoff};

pub static INFO: StrategyInfo = StrategyInfo {
    name: "adaptive",
    rule: "Learns attractions of its three actions by experience-weighted attraction and chooses by a logit rule.",
    source: "Camerer & Ho 1999 (EWA); McKelvey & Palfrey 1995 (logit choice)",
    memory: Memory::Unbounded,
    stochastic: true,
    reads: &[Input::OwnMoves, Input::PerceivedMoves, Input::Payoffs],
    params: &[
        ParamInfo {
            name: "phi",
            kind: ParamKind::Probability,
            default: ParamDefault::Number(0.9),
            doc: "decay of past attractions",
        },
        ParamInfo {
            name: "delta",
            kind: ParamKind::Probability,
            default: ParamDefault::Number(0.5),
            doc: "weight of foregone payoffs (0: reinforcement, 1: belief learning)",
        },
        ParamInfo {
            name: "rho",
            kind: ParamKind::Probability,
            default: ParamDefault::Number(0.9),
            doc: "decay of experience N",
        },
        ParamInfo {
            name: "lambda",
            kind: ParamKind::NonNegative,
            default: ParamDefault::Number(1.0),
            doc: "logit sensitivity to attractions (0: uniform)",
        },
    ],
    build: |params, _| {
        Adaptive {
            phi: params.number("phi"),
            delta: params.number("delta"),
            rho: params.number("rho"),
            lambda: params.number("lambda"),
            attraction: [0.0; 3],
            experience: 1.0,
        }
        .into()
    },
};

pub struct Adaptive {
    phi: f64,
    delta: f64,
    rho: f64,
    lambda: f64,
    attraction: [f64; 3],
    experience: f64,
}

impl Adaptive {
    /// Learns from the last round: `mine` played, `theirs` perceived.
    fn learn(&mut self, mine: Action, theirs: Action, view: &View<'_>) {
        let previous = self.experience;
        self.experience = self.rho * previous + 1.0;
        // What each action would have paid last round, given the moves before it.
        let before = view.mine.len().checked_sub(2);
        let ctx = Context {
            my_previous: before.map(|t| view.mine[t]),
            their_previous: before.map(|t| view.theirs[t]),
            securitization: view.securitization,
            tension: view.tension,
        };
        for j in Action::ALL {
            let weight = if j == mine { 1.0 } else { self.delta };
            let paid = payoff(
                view.game(),
                view.stakes(),
                view.relationship().tension_cost,
                j,
                theirs,
                &ctx,
            );
            let a = &mut self.attraction[j.index()];
            *a = (self.phi * previous * *a + weight * paid) / self.experience;
        }
    }
}

impl Strategy for Adaptive {
    fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
        if let (Some(mine), Some(theirs)) = (view.my_last(), view.their_last()) {
            self.learn(mine, theirs, view);
        }
        // Subtracting the largest attraction keeps exp() finite for any λ; the largest itself
        // weighs exp(0) = 1, which needs no call.
        let [a0, a1, a2] = self.attraction;
        let top = a0.max(a1).max(a2);
        let weights = self
            .attraction
            .map(|a| if a == top { 1.0 } else { (self.lambda * (a - top)).exp() });
        sample(weights, rng)
    }
}

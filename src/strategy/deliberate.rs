//! Deliberate: chooses by logit over each action's expected utility — the whole payoff it
//! would get against what it believes the other will play, plus `horizon` times the best it
//! could then get against the other's believed answer, less the tension its action causes.
//! Source: belief learning (Fudenberg & Levine 1998) with Kydd's (2005) trust as the belief
//! that engagement is returned; logit quantal response (McKelvey & Palfrey 1995); the
//! payoff terms of Putnam (1988, audiences) and Fearon (1994, backing down). The decision
//! rule is written out in `docs/MODEL.md`, "The deliberate agent".

use super::{Input, Memory, ParamDefault, ParamInfo, ParamKind, Rng, Strategy, StrategyInfo, View, sample};
use crate::model::Action;
use crate::model::payoff::Context;

pub static INFO: StrategyInfo = StrategyInfo {
    name: "deliberate",
    rule: "Chooses by logit (precision `lambda`) over expected utility: the full payoff against its belief about the other's move, plus `horizon` times its best reply to the other's believed answer, less the tension cost its action causes.",
    source: "Fudenberg & Levine 1998 (belief learning); Kydd 2005 (trust); McKelvey & Palfrey 1995 (logit choice); Putnam 1988; Fearon 1994",
    memory: Memory::Unbounded,
    stochastic: true,
    reads: &[
        Input::OwnMoves,
        Input::PerceivedMoves,
        Input::Beliefs,
        Input::Payoffs,
        Input::Tension,
        Input::Securitization,
    ],
    params: &[
        ParamInfo {
            name: "lambda",
            kind: ParamKind::NonNegative,
            default: ParamDefault::Number(4.0),
            doc: "logit precision: 0 chooses uniformly, large values best-respond",
        },
        ParamInfo {
            name: "horizon",
            kind: ParamKind::Discount,
            default: ParamDefault::Number(0.8),
            doc: "weight of the next round: what its action does to the other's answer, and the tension it leaves",
        },
    ],
    build: |params, _| {
        Deliberate {
            lambda: params.number("lambda"),
            horizon: params.number("horizon"),
        }
        .into()
    },
};

pub struct Deliberate {
    lambda: f64,
    horizon: f64,
}

impl Deliberate {
    /// The expected utility of each action (engage, markers, retaliate).
    fn utilities(&self, v: &View<'_>) -> [f64; 3] {
        let now = v.belief.next(v.my_last());
        let ctx = v.context();
        let rel = v.relationship();
        let t = &rel.tension;
        let their_effect = expected(now, |y| rel.effects.of(y));
        Action::ALL.map(|a| {
            let immediate = expected(now, |y| v.game().payoff(a, y)) + v.stakes().terms(a, &ctx);
            let tension = (v.tension + rel.effects.of(a) + their_effect - t.decay * (v.tension - t.floor)).clamp(t.floor, 1.0);
            let answer = v.belief.answer(a);
            let next = Action::ALL
                .map(|b| expected(answer, |y| v.game().payoff(b, y)) + self.next_terms(v, now, a, b))
                .into_iter()
                .fold(f64::NEG_INFINITY, f64::max);
            immediate + self.horizon * (next - rel.tension_cost * tension)
        })
    }

    /// The payoff terms of playing `b` next round after `a` now, expected over the other's
    /// move this round (`now`), which decides whether `b` costs face or backs down.
    fn next_terms(&self, v: &View<'_>, now: &[f64; 3], a: Action, b: Action) -> f64 {
        let s = v.stakes();
        let sure = Context {
            my_previous: Some(a),
            their_previous: Some(Action::Engage),
            securitization: v.securitization,
            tension: v.tension,
        };
        // Terms with the other engaging now (no face, no backing down), then the chance it
        // does not: face for engaging after it, and backing down from a retaliation it returned.
        let base = s.terms(b, &sure);
        let face = if b == Action::Engage {
            s.face_cost * (1.0 - now[Action::Engage.index()])
        } else {
            0.0
        };
        let backs_down = a == Action::Retaliate && b != Action::Retaliate;
        let backing_down = if backs_down {
            s.backing_down_cost * now[Action::Retaliate.index()]
        } else {
            0.0
        };
        base - face - backing_down
    }
}

/// `Σ_y row[y]·f(y)`: the expectation of `f` over the other's move.
#[inline(always)]
fn expected(row: &[f64; 3], f: impl Fn(Action) -> f64) -> f64 {
    row[0] * f(Action::Engage) + row[1] * f(Action::Markers) + row[2] * f(Action::Retaliate)
}

impl Strategy for Deliberate {
    fn choose(&mut self, v: &View<'_>, rng: &mut Rng) -> Action {
        let u = self.utilities(v);
        // Subtracting the largest keeps exp() finite for any lambda.
        let top = u[0].max(u[1]).max(u[2]);
        sample(u.map(|x| (self.lambda * (x - top)).exp()), rng)
    }
}

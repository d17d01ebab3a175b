//! The state the two sides share and carry from round to round: tension, trust,
//! securitization, and the payoff of one round.

use super::action::Action;
use super::params::{Relationship, SecuritizationParams, TrustParams};
use super::payoff::{Game, Stakes};

/// Tension after both actions: `T + e(a) + e(b) − decay·(T − floor)`, kept in [floor, 1].
/// A discrete cousin of Richardson's arms-race equations: hostile moves push tension up,
/// restraint (decay) pulls it back towards its floor.
pub fn next_tension(rel: &Relationship, tension: f64, a: Action, b: Action) -> f64 {
    let t = &rel.tension;
    let moved = tension + rel.effects.of(a) + rel.effects.of(b) - t.decay * (tension - t.floor);
    clamp_tension(rel, moved)
}

/// Keeps tension within [floor, 1].
pub fn clamp_tension(rel: &Relationship, tension: f64) -> f64 {
    tension.clamp(rel.tension.floor, 1.0)
}

/// Trust moves a share `learning` of the way towards the perceived action's score
/// (engage 1, markers 0.5, retaliate 0): the belief that the other will reciprocate (Kydd 2000).
pub fn next_trust(params: &TrustParams, trust: f64, perceived: Action) -> f64 {
    trust + params.learning * (perceived.score() - trust)
}

/// Securitization drifts every round and rises after a perceived retaliation, within [0, 1].
pub fn next_securitization(s: &SecuritizationParams, securitization: f64, perceived: Action) -> f64 {
    let response = if perceived == Action::Retaliate {
        s.response
    } else {
        0.0
    };
    (securitization + s.drift + response).clamp(0.0, 1.0)
}

/// One agent's payoff for one round:
/// `payoffs[mine][theirs] + audience·(1 + securitization)·[mine is tough]
///  − face_cost·[mine = engage and the other did not engage last round]
///  − retaliation_cost·[mine = retaliate] − tension_cost·tension`.
/// In round 1 nobody has engaged yet, so engaging first costs face.
#[allow(clippy::too_many_arguments)]
pub fn payoff(
    game: &Game,
    rel: &Relationship,
    stakes: &Stakes,
    mine: Action,
    theirs: Action,
    their_previous: Option<Action>,
    securitization: f64,
    tension: f64,
) -> f64 {
    // Each term is chosen between two values rather than added under `if`: the actions are
    // random, and a branch on them would be mispredicted as often as not.
    let base = game.payoff(mine, theirs);
    let tough = [base, base + stakes.audience * (1.0 + securitization)];
    let p = tough[usize::from(mine.is_tough())];
    let face = [p, p - stakes.face_cost];
    let p = face[usize::from((mine == Action::Engage) & (their_previous != Some(Action::Engage)))];
    let retaliation = [p, p - stakes.retaliation_cost];
    let p = retaliation[usize::from(mine == Action::Retaliate)];
    p - rel.tension_cost * tension
}

//! The state the two sides carry from round to round: tension and securitization (beliefs
//! are in `belief`).

use super::action::Action;
use super::params::{Relationship, SecuritizationParams};

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

/// Securitization drifts every round and rises after a perceived retaliation, within [0, 1].
pub fn next_securitization(s: &SecuritizationParams, securitization: f64, perceived: Action) -> f64 {
    let response = if perceived == Action::Retaliate {
        s.response
    } else {
        0.0
    };
    (securitization + s.drift + response).clamp(0.0, 1.0)
}

/// Securitization after a tension shock: the threat it poses raises it by
/// `response × shock` (shocks already weighted by their issue's salience; easing shocks do
/// not lower it), within [0, 1].
pub fn securitized_by_shock(s: &SecuritizationParams, securitization: f64, shock: f64) -> f64 {
    (securitization + s.response * shock.max(0.0)).clamp(0.0, 1.0)
}

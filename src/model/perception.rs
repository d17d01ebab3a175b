//! How each side reads the other's move (misperception) and how its own move can
//! come out other than intended (miscalculation).

use rand::RngExt;

use super::action::Action;
use super::params::ErrorMode;
use super::rng::Rng;
use super::trials::Trials;

/// The chance of misreading once open channels have done their work:
/// `noise × Π over open channels (1 − noise_reduction)`.
pub fn effective_noise(noise: f64, open_channels_pass: f64) -> f64 {
    noise * open_channels_pass
}

/// The share of misreadings that read harsher: `bias + (1 − bias) × securitization`,
/// so a fully securitized state reads every ambiguity as hostile.
pub fn hostile_share(bias: f64, securitization: f64) -> f64 {
    bias + (1.0 - bias) * securitization
}

/// Reads `actual` through noise: when the next of the `misreadings` trials (of probability
/// the effective noise) succeeds, the reading is shifted one step, harsher with probability
/// `hostile()` (worked out only then), else softer. A shift off the scale (a softer reading
/// of engagement, a harsher one of retaliation) leaves the reading correct.
pub fn perceive(actual: Action, misreadings: &mut Trials, hostile: impl FnOnce() -> f64, rng: &mut Rng) -> Action {
    if !misreadings.succeeds(rng) {
        return actual;
    }
    let shifted = if rng.random::<f64>() < hostile() {
        actual.harsher()
    } else {
        actual.softer()
    };
    shifted.unwrap_or(actual)
}

/// Replaces the intended action, in the direction of `mode`, when the next of the `errors`
/// trials (of probability the error rate) succeeds.
pub fn execute(intended: Action, errors: &mut Trials, mode: ErrorMode, rng: &mut Rng) -> Action {
    if !errors.succeeds(rng) {
        return intended;
    }
    match mode {
        ErrorMode::Escalation => intended.harsher().unwrap_or(intended),
        ErrorMode::Flip => match intended {
            Action::Engage => Action::Retaliate,
            Action::Retaliate => Action::Engage,
            Action::Markers => Action::Markers,
        },
        ErrorMode::Any => {
            let others: [Action; 2] = match intended {
                Action::Engage => [Action::Markers, Action::Retaliate],
                Action::Markers => [Action::Engage, Action::Retaliate],
                Action::Retaliate => [Action::Engage, Action::Markers],
            };
            others[usize::from(rng.random::<bool>())]
        }
    }
}

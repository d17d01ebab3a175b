//! What an agent believes the other will do: for each of its own actions, a distribution
//! over the other's answer in the next round (a memory-one, conditional belief), plus one for
//! the other's opening move. Beliefs learn from the agent's *perceptions* only, never from
//! the other's true actions.
//!
//! The model is belief learning with recency weighting — fictitious play that discounts old
//! observations (Fudenberg & Levine 1998, ch. 2) — conditioned on one's own last move, so a
//! gesture can teach and a retaliation can be expected to be returned; its summary, the
//! believed chance that engagement is returned, is trust in Kydd's (2005) sense: the belief
//! that the other will reciprocate. Definitions are in `docs/MODEL.md`, "Beliefs".

use super::action::Action;

/// `rows[x][y]`: the believed chance that the other plays `y` in the round after I played
/// `x`; a fourth row is the belief about its first move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Belief {
    rows: [[f64; 3]; 4],
}

/// The row of the other's opening move (no move of mine to answer yet).
const OPENING: usize = 3;

impl Belief {
    /// The prior of an agent whose trust is `trust`: the other answers each of my moves in
    /// kind with probability `trust` (reciprocates), and otherwise one step harsher; it opens
    /// as if answering engagement. So the believed chance that engagement is returned is
    /// `trust`, and a retaliation is expected to be returned.
    pub fn new(trust: f64) -> Self {
        let answer = |mine: Action| {
            let mut row = [0.0; 3];
            row[mine.index()] += trust;
            row[mine.harsher().unwrap_or(mine).index()] += 1.0 - trust;
            row
        };
        Self {
            rows: [
                answer(Action::Engage),
                answer(Action::Markers),
                answer(Action::Retaliate),
                answer(Action::Engage),
            ],
        }
    }

    /// What the other is believed to play this round, given my last realised move.
    #[inline]
    pub fn next(&self, my_last: Option<Action>) -> &[f64; 3] {
        &self.rows[my_last.map_or(OPENING, Action::index)]
    }

    /// What the other is believed to answer to my playing `mine` this round.
    #[inline]
    pub fn answer(&self, mine: Action) -> &[f64; 3] {
        &self.rows[mine.index()]
    }

    /// The believed chance that engagement is returned: the `trust` of the outputs.
    #[inline]
    pub fn trust(&self) -> f64 {
        self.rows[Action::Engage.index()][Action::Engage.index()]
    }

    /// Learns from one perceived move of the other, the answer to my move `my_last` (the
    /// opening when `None`): that row moves a share `learning` of the way towards it.
    #[inline]
    pub fn learn(&mut self, my_last: Option<Action>, perceived: Action, learning: f64) {
        let row = &mut self.rows[my_last.map_or(OPENING, Action::index)];
        for (y, p) in row.iter_mut().enumerate() {
            let seen = if y == perceived.index() { 1.0 } else { 0.0 };
            *p += learning * (seen - *p);
        }
    }

    /// Learns from a perceived signal that the other will engage whatever I do (an announced
    /// conciliatory step): every row moves a share `learning` of the way towards engagement.
    pub fn learn_intent(&mut self, learning: f64) {
        for row in &mut self.rows {
            for (y, p) in row.iter_mut().enumerate() {
                let seen = if y == Action::Engage.index() { 1.0 } else { 0.0 };
                *p += learning * (seen - *p);
            }
        }
    }

    /// A shock to trust (an event's `trust`): the believed chance of engagement in every row
    /// moves by `delta` (kept in [0, 1]); the rest of the row keeps its proportions (all on
    /// markers where it had none).
    pub fn shock(&mut self, delta: f64) {
        for row in &mut self.rows {
            let engage = (row[0] + delta).clamp(0.0, 1.0);
            let rest = row[1] + row[2];
            let (markers, retaliate) = if rest > 0.0 {
                ((1.0 - engage) * row[1] / rest, (1.0 - engage) * row[2] / rest)
            } else {
                (1.0 - engage, 0.0)
            };
            *row = [engage, markers, retaliate];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Belief;
    use crate::model::Action::{Engage, Markers, Retaliate};

    #[test]
    fn the_prior_returns_engagement_with_the_initial_trust_and_retaliation_for_certain() {
        let b = Belief::new(0.7);
        assert_eq!(b.trust(), 0.7);
        assert_eq!(b.answer(Engage), &[0.7, 0.30000000000000004, 0.0]);
        assert_eq!(b.answer(Retaliate), &[0.0, 0.0, 1.0]);
        assert_eq!(b.next(None), b.answer(Engage));
    }

    #[test]
    fn learning_moves_only_the_row_of_the_move_answered() {
        let mut b = Belief::new(0.5);
        b.learn(Some(Markers), Engage, 0.5);
        assert_eq!(b.answer(Markers), &[0.5, 0.25, 0.25]);
        assert_eq!(b.answer(Engage), Belief::new(0.5).answer(Engage));
    }

    #[test]
    fn a_trust_shock_moves_the_chance_of_engagement_and_keeps_each_row_a_distribution() {
        let mut b = Belief::new(0.5);
        b.shock(-0.3);
        assert!((b.trust() - 0.2).abs() < 1e-12);
        for row in [b.answer(Engage), b.answer(Markers), b.answer(Retaliate)] {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}

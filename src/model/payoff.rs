//! The base game: what each pair of actions pays before audiences, face and tension.

use serde::Serialize;

use super::action::Action;
use super::params::Relationship;

/// `payoffs[mine][theirs]`, rows and columns in the order engage, markers, retaliate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Game {
    pub payoffs: [[f64; 3]; 3],
}

impl Default for Game {
    /// The prisoner's dilemma of Axelrod's tournaments on engage/retaliate
    /// (R = 3, S = 0, T = 5, P = 1), with markers in between.
    fn default() -> Self {
        Self {
            payoffs: [[3.0, 1.0, 0.0], [4.0, 2.0, 0.5], [5.0, 2.5, 1.0]],
        }
    }
}

/// One agent's own payoff terms beyond the base game (see [`payoff`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stakes {
    /// Domestic reward for markers or retaliation, scaled by (1 + securitization).
    pub audience: f64,
    /// Cost of engaging when the other did not engage in the previous round.
    pub face_cost: f64,
    /// Retaliation's own cost.
    pub retaliation_cost: f64,
    /// Cost of stepping down from retaliation while the other still retaliates.
    pub backing_down_cost: f64,
}

/// What one agent's payoff depends on besides the two actions of the round: the last moves
/// (realised for the payoff itself; as the agent knows them when it weighs its options),
/// its securitization and the tension in force.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub my_previous: Option<Action>,
    pub their_previous: Option<Action>,
    pub securitization: f64,
    pub tension: f64,
}

/// Everything one agent is paid by, gathered once per scenario so that a strategy's view
/// carries one reference to it: the game, the agent's own stakes, and the tension's
/// dynamics and cost.
#[derive(Debug, Clone)]
pub struct Incentives {
    pub game: Game,
    pub stakes: Stakes,
    pub relationship: Relationship,
}

impl Stakes {
    /// The terms of `mine`'s payoff that do not depend on the other's action this round:
    /// `audience·(1 + securitization)·[mine is tough]
    ///  − face_cost·[mine = engage and the other did not engage last round]
    ///  − retaliation_cost·[mine = retaliate]
    ///  − backing_down_cost·[I retaliated last round, the other too, and mine is softer]`.
    /// In round 1 nobody has engaged yet, so engaging first costs face.
    #[inline]
    pub fn terms(&self, mine: Action, ctx: &Context) -> f64 {
        // Each term is chosen between two values rather than added under `if`: the actions
        // are random, and a branch on them would be mispredicted as often as not.
        let tough = [0.0, self.audience * (1.0 + ctx.securitization)][usize::from(mine.is_tough())];
        let supplicant = (mine == Action::Engage) & (ctx.their_previous != Some(Action::Engage));
        let face = [0.0, self.face_cost][usize::from(supplicant)];
        let retaliation = [0.0, self.retaliation_cost][usize::from(mine == Action::Retaliate)];
        let backs_down = (ctx.my_previous == Some(Action::Retaliate))
            & (ctx.their_previous == Some(Action::Retaliate))
            & (mine != Action::Retaliate);
        let backing_down = [0.0, self.backing_down_cost][usize::from(backs_down)];
        tough - face - retaliation - backing_down
    }
}

/// One agent's payoff for one round: the base game, its [`Stakes::terms`], and
/// `− tension_cost · tension`.
#[inline]
pub fn payoff(game: &Game, stakes: &Stakes, tension_cost: f64, mine: Action, theirs: Action, ctx: &Context) -> f64 {
    game.payoff(mine, theirs) + stakes.terms(mine, ctx) - tension_cost * ctx.tension
}

impl Game {
    pub fn payoff(&self, mine: Action, theirs: Action) -> f64 {
        self.payoffs[mine.index()][theirs.index()]
    }

    /// Reward for mutual engagement (R).
    pub fn reward(&self) -> f64 {
        self.payoff(Action::Engage, Action::Engage)
    }

    /// Sucker's payoff: I engage, they retaliate (S).
    pub fn sucker(&self) -> f64 {
        self.payoff(Action::Engage, Action::Retaliate)
    }

    /// Temptation: I retaliate, they engage (T).
    pub fn temptation(&self) -> f64 {
        self.payoff(Action::Retaliate, Action::Engage)
    }

    /// Punishment for mutual retaliation (P).
    pub fn punishment(&self) -> f64 {
        self.payoff(Action::Retaliate, Action::Retaliate)
    }

    /// Molander's (1985) optimal generosity for generous tit-for-tat,
    /// `min(1 − (T−R)/(R−S), (R−P)/(T−P))`, clamped to [0, 1]; 1/3 for (5, 3, 1, 0).
    pub fn molander_generosity(&self) -> f64 {
        let (t, r, p, s) = (self.temptation(), self.reward(), self.punishment(), self.sucker());
        let g = (1.0 - (t - r) / (r - s)).min((r - p) / (t - p));
        if g.is_finite() { g.clamp(0.0, 1.0) } else { 0.0 }
    }
}

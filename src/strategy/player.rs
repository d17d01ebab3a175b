//! One agent's strategy instance, whichever strategy it is, and the list of every strategy.
//!
//! `strategies!` takes each strategy once — its module, its type, and whether it is called
//! out of line — and makes the module declaration, the `Player` variant, the conversion
//! and the registry entry from it.
//!
//! An enum dispatched by `match` rather than a `Box<dyn Strategy>`: the round loop can then
//! inline the two choices, keep its state in registers across them, and build a replicate
//! without allocating. Each arm takes its own copy of the view, so a strategy inlined into
//! the loop reads it from registers and only one called out of line makes the loop write it
//! to memory. Strategies with longer rules (or a random draw) are called out of line: inlined,
//! they made every arm's stack frame the loop's and slowed even the strategies that were not
//! playing (measured on the classic tournament when this was introduced).

use super::{Rng, Strategy, View};
use crate::model::Action;

/// Calls a strategy out of line: its body is compiled here once, not into the round loop.
#[inline(never)]
pub fn out_of_line<S: Strategy>(s: &mut S, view: &View<'_>, rng: &mut Rng) -> Action {
    s.choose(view, rng)
}

/// Registers strategies, each as `module::Type` (`inline`) or `module::Type (out_of_line)`.
macro_rules! strategies {
    ($($module:ident::$strategy:ident $(($call:ident))?),* $(,)?) => {
        $(mod $module;)*

        /// A built strategy of any kind.
        pub enum Player {
            $($strategy($module::$strategy)),*
        }

        impl Strategy for Player {
            #[inline(always)]
            fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
                match self {
                    $(Player::$strategy(s) => strategies!(@call s, view, rng $(, $call)?)),*
                }
            }

            #[inline(always)]
            fn announces(&self) -> bool {
                match self {
                    $(Player::$strategy(s) => s.announces()),*
                }
            }
        }

        impl Player {
            /// Whether this strategy may ever announce (its [`Strategy::MAY_ANNOUNCE`]).
            pub fn may_announce(&self) -> bool {
                match self {
                    $(Player::$strategy(_) => <$module::$strategy as Strategy>::MAY_ANNOUNCE),*
                }
            }
        }

        $(impl From<$module::$strategy> for Player {
            fn from(s: $module::$strategy) -> Self {
                Player::$strategy(s)
            }
        })*

        /// Every strategy, in the order `coexist strategies` lists them.
        pub static ALL: &[&StrategyInfo] = &[$(&$module::INFO),*];
    };
    (@call $s:ident, $view:ident, $rng:ident) => { $s.choose(&{ *$view }, $rng) };
    (@call $s:ident, $view:ident, $rng:ident, out_of_line) => {
        player::out_of_line($s, &{ *$view }, $rng)
    };
}

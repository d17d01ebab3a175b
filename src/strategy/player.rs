//! One agent's strategy instance, whichever strategy it is.
//!
//! An enum dispatched by `match` rather than a `Box<dyn Strategy>`: the round loop can then
//! inline the two choices, keep its state in registers across them, and build a replicate
//! without allocating.

use super::{
    Rng, Strategy, View, adaptive, alternator, always_engage, always_markers, always_retaliate, face_saving,
    generous_tit_for_tat, grim, grit, hawk, memory_one, pavlov, proportional, random, suspicious_tit_for_tat,
    tit_for_tat, tit_for_two_tats, two_tits_for_tat,
};
use crate::model::Action;

macro_rules! players {
    ($($variant:ident($strategy:ty)),* $(,)?) => {
        /// A built strategy of any kind.
        pub enum Player {
            $($variant($strategy)),*
        }

        impl Strategy for Player {
            #[inline(always)]
            fn choose(&mut self, view: &View<'_>, rng: &mut Rng) -> Action {
                // Each arm takes its own copy: a strategy inlined here reads the view from
                // registers, and only one called out of line makes it write the view to memory.
                match self {
                    $(Player::$variant(s) => s.choose(&{ *view }, rng)),*
                }
            }
        }

        $(impl From<$strategy> for Player {
            fn from(s: $strategy) -> Self {
                Player::$variant(s)
            }
        })*
    };
}

players! {
    AlwaysEngage(always_engage::AlwaysEngage),
    AlwaysRetaliate(always_retaliate::AlwaysRetaliate),
    TitForTat(tit_for_tat::TitForTat),
    SuspiciousTitForTat(suspicious_tit_for_tat::SuspiciousTitForTat),
    TitForTwoTats(tit_for_two_tats::TitForTwoTats),
    TwoTitsForTat(two_tits_for_tat::TwoTitsForTat),
    Grim(grim::Grim),
    Pavlov(pavlov::Pavlov),
    Alternator(alternator::Alternator),
    Random(random::Random),
    Generous(generous_tit_for_tat::Generous),
    AlwaysMarkers(always_markers::AlwaysMarkers),
    Proportional(proportional::Proportional),
    FaceSaving(face_saving::FaceSaving),
    Grit(grit::Grit),
    Hawk(hawk::Hawk),
    MemoryOne(memory_one::MemoryOne),
    Adaptive(adaptive::Adaptive),
}

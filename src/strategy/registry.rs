//! Every strategy by name, in the order `coexist strategies` lists them.

use super::StrategyInfo;
use super::{
    adaptive, alternator, always_engage, always_markers, always_retaliate, face_saving, generous_tit_for_tat, grim,
    grit, hawk, memory_one, pavlov, proportional, random, suspicious_tit_for_tat, tit_for_tat, tit_for_two_tats,
    two_tits_for_tat,
};

pub static ALL: &[&StrategyInfo] = &[
    &always_engage::INFO,
    &always_retaliate::INFO,
    &tit_for_tat::INFO,
    &suspicious_tit_for_tat::INFO,
    &tit_for_two_tats::INFO,
    &two_tits_for_tat::INFO,
    &grim::INFO,
    &pavlov::INFO,
    &alternator::INFO,
    &random::INFO,
    &generous_tit_for_tat::INFO,
    &always_markers::INFO,
    &proportional::INFO,
    &face_saving::INFO,
    &grit::INFO,
    &hawk::INFO,
    &memory_one::INFO,
    &adaptive::INFO,
];

pub fn find(name: &str) -> Option<&'static StrategyInfo> {
    ALL.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|s| s.name)
}

//! Finding strategies by name in [`ALL`], the registered list.

pub use super::ALL;
use super::StrategyInfo;

pub fn find(name: &str) -> Option<&'static StrategyInfo> {
    ALL.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|s| s.name)
}

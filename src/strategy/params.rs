//! Strategy parameters: their declared kinds and defaults, and validated values.

use serde::Serialize;

/// What values a parameter takes; the loader checks a value against its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A number in [0, 1].
    Probability,
    /// A number in [0, 1e6].
    NonNegative,
    /// A discount factor in [0, 1).
    Discount,
    /// A whole number ≥ 0.
    Count,
    /// Three non-negative weights for engage, markers, retaliate, not all zero.
    Weights,
    /// A 3×3 table whose rows are probability distributions over my three actions.
    StochasticTable,
}

impl ParamKind {
    pub fn describe(self) -> &'static str {
        match self {
            ParamKind::Probability => "a probability in [0, 1]",
            ParamKind::NonNegative => "a number in [0, 1e6]",
            ParamKind::Discount => "a discount in [0, 1)",
            ParamKind::Count => "a whole number >= 0",
            ParamKind::Weights => "three weights in [0, 1e6] for [engage, markers, retaliate], not all zero",
            ParamKind::StochasticTable => "a 3x3 table of probabilities, each row summing to 1",
        }
    }
}

/// A parameter's default when the scenario does not give one.
#[derive(Debug, Clone, Copy)]
pub enum ParamDefault {
    Number(f64),
    Vector([f64; 3]),
    /// Computed by the strategy from the game (documented in `doc`).
    Derived,
    /// The scenario must give it.
    Required,
}

#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    pub name: &'static str,
    pub kind: ParamKind,
    pub default: ParamDefault,
    pub doc: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Vector([f64; 3]),
    Table([[f64; 3]; 3]),
}

/// The validated parameters of one strategy; a derived parameter left unset is absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: Vec<(&'static str, ParamValue)>,
}

impl Params {
    /// Every parameter at its default; `None` if one is required.
    pub fn defaults(infos: &'static [ParamInfo]) -> Option<Params> {
        let mut params = Params::default();
        for info in infos {
            match info.default {
                ParamDefault::Number(x) => params.insert(info.name, ParamValue::Number(x)),
                ParamDefault::Vector(v) => params.insert(info.name, ParamValue::Vector(v)),
                ParamDefault::Derived => {}
                ParamDefault::Required => return None,
            }
        }
        Some(params)
    }

    pub fn insert(&mut self, name: &'static str, value: ParamValue) {
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    // Validation sets every parameter with a default or a requirement, so a strategy's
    // build reads them without a fallback: each default is written once, in its `ParamInfo`.
    // A missing one is a strategy's own bug (its build asks for a parameter it does not
    // declare), and every strategy is built by the tests.

    /// A number parameter (probability, non-negative number or count).
    pub fn number(&self, name: &str) -> f64 {
        self.optional_number(name)
            .unwrap_or_else(|| panic!("`{name}` is not a declared number parameter"))
    }

    /// A number parameter whose default is derived, absent when the scenario leaves it out.
    pub fn optional_number(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            ParamValue::Number(x) => Some(*x),
            _ => None,
        }
    }

    pub fn vector(&self, name: &str) -> [f64; 3] {
        match self.get(name) {
            Some(ParamValue::Vector(v)) => *v,
            _ => panic!("`{name}` is not a declared vector parameter"),
        }
    }

    pub fn table(&self, name: &str) -> [[f64; 3]; 3] {
        match self.get(name) {
            Some(ParamValue::Table(t)) => *t,
            _ => panic!("`{name}` is not a declared table parameter"),
        }
    }

    fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ParamValue)> {
        self.values.iter().map(|(n, v)| (*n, v))
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

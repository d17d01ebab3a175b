//! `coexist strategies`: every strategy with its rule, traits, parameters and source.

use std::fmt::Write;

use crate::strategy::{ParamDefault, registry};

/// The listing, as printed.
pub fn listing() -> String {
    let mut out = String::new();
    for s in registry::ALL {
        let reads: Vec<&str> = s.reads.iter().map(|i| i.name()).collect();
        let _ = writeln!(out, "{}", s.name);
        let _ = writeln!(out, "    {}", s.rule);
        let _ = writeln!(
            out,
            "    memory: {}; stochastic: {}; reads: {}",
            s.memory,
            if s.stochastic { "yes" } else { "no" },
            if reads.is_empty() {
                "nothing".to_string()
            } else {
                reads.join(", ")
            }
        );
        for p in s.params {
            let default = match p.default {
                ParamDefault::Number(x) => format!("default {x}"),
                ParamDefault::Vector(v) => format!("default {v:?}"),
                ParamDefault::Derived => "default derived".to_string(),
                ParamDefault::Required => "required".to_string(),
            };
            let _ = writeln!(out, "    {} ({}; {default}): {}", p.name, p.kind.describe(), p.doc);
        }
        let _ = writeln!(out, "    source: {}", s.source);
        out.push('\n');
    }
    out
}

pub fn run() {
    print!("{}", listing());
}

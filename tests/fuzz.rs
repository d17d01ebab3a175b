//! No input makes the loader or the engine panic: arbitrary text, mutated scenario files and
//! arbitrary overrides give a valid scenario or an error, never a crash.

use std::path::Path;

use coexist::engine::Plan;
use coexist::record::summary::SummaryRecorder;
use coexist::scenario::{self, Scenario};
use proptest::prelude::*;

fn library_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = coexist::scenario::library(&dir.join("scenarios"))
        .unwrap()
        .iter()
        .chain([dir.join("tests/fixtures/everything.toml")].iter())
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

/// Plays a short piece of whatever loaded, to reach the engine with strange values too.
fn exercise(sc: &mut Scenario) {
    sc.rounds = sc.rounds.min(40);
    let mut s = SummaryRecorder::new(sc.relationship.tension.crisis);
    Plan::new(sc).run(0, &mut s);
    let _ = s.values();
}

fn load_text(text: &str, overrides: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    // The library beside it, so that `extends` of a mutated variant resolves.
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for p in coexist::scenario::library(&library).unwrap() {
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join("fuzz.toml");
    std::fs::write(&path, text).unwrap();
    if let Ok(mut sc) = scenario::load_with(&path, overrides) {
        exercise(&mut sc);
    }
}

/// A mutation of a text: cut a span, insert a fragment, or replace a number.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Insert(usize, String),
    Number(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        Just("=".to_string()),
        Just("[".to_string()),
        Just("]]".to_string()),
        Just("\"".to_string()),
        Just("\n[[events]]\nat = 3\n".to_string()),
        Just("\nforce = { usa = \"engage\", rounds = 99999999 }\n".to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("{ kind = \"memory_one\" }".to_string()),
        "[a-z_.]{1,12}".prop_map(|s| s),
        any::<String>(),
    ];
    let number = prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e300".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-0.0".to_string()),
        Just("0.5".to_string()),
        Just("1000000".to_string()),
        (-5.0f64..5.0).prop_map(|x| format!("{x}")),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (any::<usize>(), fragment).prop_map(|(a, f)| Mutation::Insert(a, f)),
        (any::<usize>(), number).prop_map(|(a, n)| Mutation::Number(a, n)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut i = at % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mutation::Cut(a, n) => {
            let start = boundary(*a);
            let end = boundary(start + n);
            if end < start {
                text.to_string()
            } else {
                format!("{}{}", &text[..start], &text[end..])
            }
        }
        Mutation::Insert(a, f) => {
            let at = boundary(*a);
            format!("{}{f}{}", &text[..at], &text[at..])
        }
        Mutation::Number(a, n) => {
            // Replace the first number at or after the position.
            let at = boundary(*a);
            match text[at..].find(|c: char| c.is_ascii_digit()) {
                Some(off) => {
                    let s = at + off;
                    let e = text[s..]
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map_or(text.len(), |x| s + x);
                    format!("{}{n}{}", &text[..s], &text[e..])
                }
                None => text.to_string(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        load_text(&text, &[]);
    }

    #[test]
    fn mutated_library_files_never_panic(pick in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let texts = library_texts();
        let mut text = texts[pick % texts.len()].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        load_text(&text, &[]);
    }

    #[test]
    fn arbitrary_overrides_never_panic(
        key in prop_oneof![
            Just("rounds".to_string()),
            Just("agents.usa.strategy".to_string()),
            Just("agents.usa.perception.noise".to_string()),
            Just("events.0.at".to_string()),
            Just("events.9.at".to_string()),
            Just("calendar.step".to_string()),
            Just("game.payoffs".to_string()),
            Just("relationship.tension".to_string()),
            "[a-z_.0-9]{0,30}",
        ],
        value in prop_oneof![any::<String>(), Just("{ kind = \"hawk\", sensitivity = 1e308 }".to_string()), Just("[[1,2,3]]".to_string())],
    ) {
        let base = library_texts().into_iter().find(|t| t.contains("name = \"everything\"")).unwrap();
        load_text(&base, &[format!("{key}={value}")]);
        load_text(&base, std::slice::from_ref(&key));
    }
}

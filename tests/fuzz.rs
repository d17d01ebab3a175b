//! No input makes the loader, the engine or the readers of results panic: arbitrary text,
//! mutated scenario files, arbitrary overrides, `--vary` and `--shard` specifications,
//! result tables and shard folders give a valid value or an error, never a crash; a merge of
//! mutated shards is refused or exactly the honest merge; any label a scenario may hold
//! gives well-formed charts.

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

/// A small result folder to mutate, written once per test process.
fn result_folder() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let sc = coexist::scenario::load_with(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three_rounds.toml"),
            &["replicates=3".to_string()],
        )
        .unwrap();
        let opts = coexist::output::RunOptions {
            out: dir.path().to_path_buf(),
            trajectories: coexist::output::Trajectories::All,
            quiet: true,
            command: Vec::new(),
        };
        coexist::output::write_run(&sc, &opts, None).unwrap();
        dir
    })
    .path()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_vary_specifications_never_panic(spec in prop_oneof![
        any::<String>(),
        "[a-z.]{1,12}=[-0-9e.:,]{0,30}",
        "x=-?[0-9]{1,3}(e[0-9]{1,3})?:-?[0-9]{1,3}(e[0-9]{1,3})?:-?[0-9]{1,3}(e-?[0-9]{1,3})?",
    ]) {
        if let Ok(v) = coexist::sweep::design::parse_vary(&spec) {
            if let Ok(points) = coexist::sweep::design::grid(std::slice::from_ref(&v)) {
                prop_assert!(points.len() <= coexist::sweep::design::MAX_POINTS);
            }
        }
    }

    #[test]
    fn any_shard_specification_is_refused_or_slices_within_the_points(text in "[0-9]{1,22}/[0-9]{1,22}", points in 0usize..10_000) {
        if let Ok(shard) = text.parse::<coexist::sweep::Shard>() {
            let slice = shard.slice(points);
            prop_assert!(slice.start <= slice.end && slice.end <= points);
        }
    }

    #[test]
    fn a_result_table_with_arbitrary_bytes_is_read_or_refused(
        file in prop_oneof![Just("summary.csv"), Just("ensemble.csv"), Just("trajectories.csv")],
        at in any::<usize>(),
        bytes in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let copy = tempfile::tempdir().unwrap();
        let dir = copy.path().join("three-rounds");
        std::fs::create_dir(&dir).unwrap();
        for entry in std::fs::read_dir(result_folder().join("three-rounds")).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
            }
        }
        let path = dir.join(file);
        let mut text = std::fs::read(&path).unwrap();
        let at = at % (text.len() + 1);
        text.splice(at..at, bytes);
        std::fs::write(&path, text).unwrap();
        let _ = coexist::compare::read_results(&dir);
    }
}

/// The two shards of a small sweep, and their honest merge, written once per test process.
fn shards() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three_rounds.toml");
        for i in 1..=2 {
            let vary = coexist::sweep::design::parse_vary("agents.a.perception.noise=0:0.3:0.1").unwrap();
            let shard = format!("{i}/2").parse().unwrap();
            let sweep = coexist::sweep::Sweep::new(
                &fixture,
                &["replicates=2".to_string()],
                vec![vary],
                coexist::sweep::DesignKind::Grid,
                None,
                Some(shard),
            )
            .unwrap();
            coexist::output::sweep::write(&sweep, &dir.path().join(format!("s{i}")), true).unwrap();
        }
        let shards = [dir.path().join("s1"), dir.path().join("s2")];
        coexist::output::sweep::merge(&shards, &dir.path().join("merged")).unwrap();
        dir
    })
    .path()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_merge_of_shards_with_arbitrary_bytes_inserted_is_refused_or_exactly_the_honest_merge(
        shard in prop_oneof![Just("s1"), Just("s2")],
        file in prop_oneof![Just("sweep.json"), Just("sweep.csv"), Just("sweep_long.csv"), Just("checksums.json")],
        at in any::<usize>(),
        bytes in prop::collection::vec(any::<u8>(), 1..24),
    ) {
        let copy = tempfile::tempdir().unwrap();
        for s in ["s1", "s2"] {
            std::fs::create_dir(copy.path().join(s)).unwrap();
            for entry in std::fs::read_dir(shards().join(s)).unwrap() {
                let entry = entry.unwrap();
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), copy.path().join(s).join(entry.file_name())).unwrap();
                }
            }
        }
        let path = copy.path().join(shard).join(file);
        let mut text = std::fs::read(&path).unwrap();
        let at = at % (text.len() + 1);
        text.splice(at..at, bytes);
        std::fs::write(&path, text).unwrap();
        let out = copy.path().join("merged");
        let inputs = [copy.path().join("s1"), copy.path().join("s2")];
        if coexist::output::sweep::merge(&inputs, &out).is_ok() {
            for table in ["sweep.csv", "sweep_long.csv"] {
                prop_assert_eq!(
                    std::fs::read(out.join(table)).unwrap(),
                    std::fs::read(shards().join("merged").join(table)).unwrap()
                );
            }
        } else {
            prop_assert!(!out.exists(), "a refused merge writes nothing");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_label_a_scenario_accepts_gives_well_formed_charts(label in prop_oneof!["[^\\p{Cc}]{1,100}", "[<>&\"' a-z]{1,40}"]) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three_rounds.toml");
        let set = format!("agents.a.label={}", toml_edit::value(label.as_str()));
        let Ok(sc) = coexist::scenario::load_with(&fixture, &[set]) else {
            return Ok(());
        };
        let dir = tempfile::tempdir().unwrap();
        let opts = coexist::output::RunOptions {
            out: dir.path().to_path_buf(),
            trajectories: coexist::output::Trajectories::All,
            quiet: true,
            command: Vec::new(),
        };
        let folder = coexist::output::write_run(&sc, &opts, None).unwrap();
        for entry in std::fs::read_dir(folder.join("charts")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                let svg = std::fs::read_to_string(&path).unwrap();
                if let Err(e) = roxmltree::Document::parse(&svg) {
                    return Err(TestCaseError::fail(format!("{}: {e}", path.display())));
                }
            }
        }
    }
}

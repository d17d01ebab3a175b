//! Helpers shared by the integration tests: running the binary, reading its CSV output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn coexist(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the coexist binary runs")
}

/// Runs coexist and fails the test with its stderr if it did not succeed.
pub fn coexist_ok(args: &[&str]) -> Output {
    let out = coexist(args);
    assert!(
        out.status.success(),
        "coexist {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `coexist <command>` on the fixture `name` into `out` quietly, with `extra` arguments.
pub fn on_fixture(command: &str, name: &str, out: &Path, extra: &[&str]) -> Output {
    let scenario = fixture(name);
    let mut args = vec![
        command,
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    coexist_ok(&args)
}

/// A CSV file as a header and rows of strings.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The values of one column.
pub fn column(header: &[String], rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[i].clone()).collect()
}

pub fn numbers(values: &[String]) -> Vec<f64> {
    values
        .iter()
        .map(|v| v.parse().unwrap_or_else(|_| panic!("not a number: {v}")))
        .collect()
}

/// Every file below `dir`, as (relative path, bytes), sorted.
pub fn tree_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A scenario from TOML text, loaded and validated like a file.
pub fn scenario(text: &str) -> coexist::scenario::Scenario {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.toml");
    std::fs::write(&path, text).unwrap();
    coexist::scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// One round, owned.
#[derive(Debug, Clone, PartialEq)]
pub struct Rec {
    pub round: usize,
    pub actions: [coexist::model::Action; 2],
    pub perceived: [coexist::model::Action; 2],
    pub payoffs: [f64; 2],
    pub tension: f64,
    pub trust: [f64; 2],
    pub securitization: [f64; 2],
    pub scheduled: String,
    pub incident: bool,
}

struct Collect(Vec<Rec>);

impl coexist::engine::Observer for Collect {
    fn round(&mut self, r: &coexist::engine::Round<'_>) {
        self.0.push(Rec {
            round: r.round,
            actions: r.actions,
            perceived: r.perceived,
            payoffs: r.payoffs,
            tension: r.tension,
            trust: r.trust,
            securitization: r.securitization,
            scheduled: r.scheduled.to_string(),
            incident: r.incident,
        });
    }
}

/// Every round of one replicate.
pub fn play(sc: &coexist::scenario::Scenario, replicate: usize) -> Vec<Rec> {
    let mut c = Collect(Vec::new());
    coexist::engine::Plan::new(sc).run(replicate, &mut c);
    c.0
}

/// Every round of one replicate, played `block` rounds at a time.
pub fn play_in_blocks(sc: &coexist::scenario::Scenario, replicate: usize, block: usize) -> Vec<Rec> {
    let plan = coexist::engine::Plan::new(sc);
    let mut ws = coexist::engine::Workspace::default();
    let mut c = Collect(Vec::new());
    let mut in_play = plan.start(replicate, &mut ws);
    for until in (block..sc.rounds + block).step_by(block) {
        in_play = plan.advance(in_play, until, &mut c);
    }
    plan.finish(in_play, &mut ws);
    c.0
}

/// Every round of every replicate.
pub fn play_all(sc: &coexist::scenario::Scenario) -> Vec<Vec<Rec>> {
    (0..sc.replicates).map(|r| play(sc, r)).collect()
}

/// Share of all rounds of all replicates where `f` holds.
pub fn share(runs: &[Vec<Rec>], f: impl Fn(&Rec) -> bool) -> f64 {
    let total: usize = runs.iter().map(Vec::len).sum();
    runs.iter().flatten().filter(|r| f(r)).count() as f64 / total as f64
}

/// Two agents `a` and `b` with the given strategies and extra per-agent TOML lines.
pub fn duel(header: &str, a: &str, b: &str, agent_extra: &str) -> String {
    format!(
        "name = \"duel\"\n{header}\n[agents.a]\nstrategy = {a}\n{agent_extra}\n[agents.b]\nstrategy = {b}\n{agent_extra}\n"
    )
}

//! scripts/slurm/sweep.sbatch on a real Slurm: an array of shards and a dependent merge give
//! byte for byte the sweep.csv of a single-machine `coexist sweep`.
//!
//! Runs where a cluster answers (`.ci/run` starts one with scripts/slurm/local-cluster.sh and
//! exports SLURM_CONF); elsewhere it says why it skipped.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn cluster_answers() -> Result<(), String> {
    if std::env::var_os("SLURM_CONF").is_none() {
        return Err("SLURM_CONF is not set (start one with scripts/slurm/local-cluster.sh start)".into());
    }
    match Command::new("sinfo").args(["-h", "-o", "%T"]).output() {
        Ok(o) if o.status.success() && !o.stdout.is_empty() => Ok(()),
        Ok(o) => Err(format!(
            "sinfo did not answer: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("sinfo cannot run: {e}")),
    }
}

fn sbatch(args: &[String]) -> String {
    let out = Command::new("sbatch").args(args).output().expect("sbatch runs");
    assert!(
        out.status.success(),
        "sbatch {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn the_sbatch_array_and_its_merge_job_equal_a_single_machine_sweep() {
    if let Err(why) = cluster_answers() {
        eprintln!("skipped: no Slurm cluster here: {why}");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_coexist");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cluster");
    let scenario = root.join("scenarios/baseline.toml");
    let vary = "agents.usa.perception.noise=0:0.2:0.05 agents.usa.audience=0:0.5:0.5";
    let design = "--replicates 40";
    let export = |extra: &str| {
        format!(
            "--export=ALL,COEXIST={bin},SCENARIO={},VARY={vary},DESIGN_ARGS={design},OUT={}{extra}",
            scenario.display(),
            out.display()
        )
    };
    let script = root.join("scripts/slurm/sweep.sbatch").display().to_string();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let array = sbatch(&[
        "--parsable".into(),
        "--array=1-4".into(),
        format!("--output={}/%A_%a.out", logs.display()),
        export(""),
        script.clone(),
    ]);
    let array_id = array.split(';').next().unwrap().to_string();
    sbatch(&[
        "--parsable".into(),
        format!("--dependency=afterok:{array_id}"),
        format!("--output={}/merge.out", logs.display()),
        export(""),
        script,
    ]);

    let merged = out.join("sweep.csv");
    let start = Instant::now();
    while !merged.exists() && start.elapsed() < Duration::from_secs(240) {
        std::thread::sleep(Duration::from_millis(500));
    }
    if !merged.exists() {
        let mut report = String::new();
        for e in std::fs::read_dir(&logs).unwrap() {
            let p = e.unwrap().path();
            report.push_str(&format!(
                "{}:\n{}\n",
                p.display(),
                std::fs::read_to_string(&p).unwrap_or_default()
            ));
        }
        let _ = Command::new("scancel").arg(&array_id).status();
        panic!("the merged sweep.csv did not appear within 240 s; job logs:\n{report}");
    }

    let single = dir.path().join("single");
    let mut args = vec!["sweep".to_string(), scenario.display().to_string()];
    for v in vary.split(' ') {
        args.extend(["--vary".into(), v.into()]);
    }
    args.extend(design.split(' ').map(String::from));
    args.extend(["--out".into(), single.display().to_string(), "--quiet".into()]);
    common::coexist_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(single.join("sweep.csv")).unwrap()
    );
    for i in 1..=4 {
        assert!(out.join(format!("shard-{i}/sweep.csv")).is_file(), "shard {i} ran");
    }
}

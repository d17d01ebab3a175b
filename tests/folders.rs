//! A result folder is complete, or the old one is untouched: it is built beside its target and
//! renamed into place, a lock keeps a second run out, and what a killed run left is cleaned up.

mod common;

use std::path::Path;

use common::{coexist, coexist_ok, tree_bytes};

fn run(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        "tests/fixtures/three_rounds.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    coexist(&args)
}

#[test]
fn ctrl_c_during_a_rerun_leaves_the_previous_result_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&out, &[]).status.success());
    let before = tree_bytes(&out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args([
            "run",
            "tests/fixtures/three_rounds.toml",
            "--out",
            out.to_str().unwrap(),
        ])
        .args([
            "--set",
            "rounds=200",
            "--replicates",
            "3000000",
            "--trajectories",
            "50000",
            "--force",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("staging"))
        && start.elapsed().as_secs() < 60
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert_eq!(tree_bytes(&out), before, "the old result, and nothing beside it");
}

#[test]
fn a_folder_locked_by_a_running_process_is_refused_with_its_pid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let me = std::process::id().to_string();
    std::fs::write(out.join(".three-rounds.lock"), &me).unwrap();
    let o = run(&out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("being written by another coexist (pid {me})")),
        "{stderr}"
    );
    assert!(!out.join("three-rounds").exists());
}

#[test]
fn a_stale_lock_and_a_killed_runs_staging_folder_are_cleared_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".three-rounds.staging-killed/charts")).unwrap();
    std::fs::write(
        out.join(".three-rounds.staging-killed/trajectories.csv"),
        vec![b'x'; 1 << 20],
    )
    .unwrap();
    // No process has a pid this large (Linux caps them at 2^22).
    std::fs::write(out.join(".three-rounds.lock"), "99999999").unwrap();
    coexist_ok(&[
        "run",
        "tests/fixtures/three_rounds.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["three-rounds"], "only the result");
}

#[test]
fn a_folder_of_other_files_is_never_replaced_even_under_force_and_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("three-rounds")).unwrap();
    std::fs::write(out.join("three-rounds/notes.txt"), "mine").unwrap();
    let o = run(&out, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("it is not a result folder"));
    assert_eq!(
        std::fs::read_to_string(out.join("three-rounds/notes.txt")).unwrap(),
        "mine"
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["three-rounds"], "no staging folder or lock left");
}

//! A result folder is complete, or the old one is untouched: it is built beside its target and
//! renamed into place, a lock keeps a second run out, and what a killed run left is cleaned up.

mod common;

use std::path::{Path, PathBuf};

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

/// The phases of a run, each told by the first file of it that appears in the staging
/// folder: the replicates play (the folder is made), the streamed tables are finished and
/// the rest written (`summary.csv`), the charts are drawn (`manifest.json` precedes them).
const PHASES: [(&str, &str); 3] = [
    ("simulation", ""),
    ("writing", "summary.csv"),
    ("charts", "manifest.json"),
];

/// A result in `out`, then a rerun of a different, longer result over it (`--force`) that
/// gets `signal` as soon as `marker` appears in its staging folder; returns the old result's
/// bytes and how the rerun ended.
fn signalled_rerun(out: &Path, marker: &str, signal: &str) -> (Vec<(PathBuf, Vec<u8>)>, Option<i32>) {
    assert!(run(out, &[]).status.success());
    let before = tree_bytes(out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coexist"))
        .args([
            "run",
            "tests/fixtures/three_rounds.toml",
            "--out",
            out.to_str().unwrap(),
        ])
        .args([
            "--set",
            "rounds=50000",
            "--replicates",
            "12",
            "--trajectories",
            "2",
            "--force",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let reached = || {
        std::fs::read_dir(out).unwrap().flatten().any(|e| {
            e.file_name().to_string_lossy().starts_with(".three-rounds.staging-") && e.path().join(marker).exists()
        })
    };
    while !reached() {
        assert!(start.elapsed().as_secs() < 120, "the rerun never reached `{marker}`");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the rerun ended before `{marker}` appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    (before, child.wait().unwrap().code())
}

#[test]
fn ctrl_c_at_every_phase_of_a_rerun_exits_130_and_leaves_the_previous_result_byte_for_byte() {
    for (phase, marker) in PHASES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (before, code) = signalled_rerun(&out, marker, "-INT");
        assert_eq!(code, Some(130), "Ctrl-C during {phase}");
        assert_eq!(
            tree_bytes(&out),
            before,
            "during {phase}: the old result, and nothing beside it"
        );
    }
}

#[test]
fn a_kill_at_every_phase_of_a_rerun_leaves_the_previous_result_and_the_next_run_clears_up() {
    for (phase, marker) in PHASES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (before, code) = signalled_rerun(&out, marker, "-KILL");
        assert_eq!(code, None, "killed during {phase}");
        let kept: Vec<_> = tree_bytes(&out)
            .into_iter()
            .filter(|(p, _)| p.starts_with("three-rounds"))
            .collect();
        assert_eq!(kept, before, "killed during {phase}: the old result is whole");
        assert!(run(&out, &["--force"]).status.success());
        assert_eq!(
            names(&out),
            ["three-rounds"],
            "after a kill during {phase}: only the result"
        );
    }
}

/// The entries of a folder, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs coexist under a shell with a limit on the size of any file it writes, the way a full
/// disk stops a write (the signal the limit raises is ignored, so the write fails instead).
#[cfg(unix)]
fn with_file_limit(kib: u32, args: &[&str]) -> std::process::Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {kib}; exec '{}' {}",
            env!("CARGO_BIN_EXE_coexist"),
            quoted.join(" ")
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_in_the_chart_phase_is_one_line_naming_the_file_and_the_old_result_stays() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&out, &[]).status.success());
    let before = tree_bytes(&out);
    // The tables and the vector charts fit in 40 KiB; the larger PNGs do not.
    let o = with_file_limit(
        40,
        &[
            "run",
            "tests/fixtures/three_rounds.toml",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--seed",
            "5",
            "--force",
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    let target = out.join("three-rounds/charts/").display().to_string();
    assert!(
        stderr.starts_with(&format!("error: cannot write `{target}")),
        "{stderr}"
    );
    assert!(stderr.contains(".png`: file too large"), "{stderr}");
    assert_eq!(
        tree_bytes(&out),
        before,
        "the old result, and no temporary file beside it"
    );
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_while_the_tables_stream_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = with_file_limit(
        64,
        &[
            "run",
            "tests/fixtures/three_rounds.toml",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--set",
            "rounds=5000",
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("trajectories.csv`: file too large"), "{stderr}");
    assert!(names(&out).is_empty(), "nothing is left: {:?}", names(&out));
}

/// A small tmpfs, where the disk really fills; only where this test may mount one (as root
/// on Linux, as CI runs), and said when it cannot.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_readable_line_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here (not root?): the full-disk test did not run");
        return;
    }
    let o = coexist(&[
        "run",
        "tests/fixtures/three_rounds.toml",
        "--out",
        disk.to_str().unwrap(),
        "--quiet",
    ]);
    let left = names(&disk);
    let _ = std::process::Command::new("umount").arg(&disk).status();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("no storage space"), "{stderr}");
    assert!(
        !stderr.contains("staging"),
        "the file is named where it would have been: {stderr}"
    );
    assert!(left.is_empty(), "nothing is left on the full disk: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_link_planted_in_the_old_result_is_replaced_and_its_target_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(run(&out, &[]).status.success());
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let summary = out.join("three-rounds/summary.csv");
    std::fs::remove_file(&summary).unwrap();
    std::os::unix::fs::symlink(&victim, &summary).unwrap();
    assert!(run(&out, &["--force", "--seed", "9"]).status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&summary).unwrap().file_type().is_file());
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

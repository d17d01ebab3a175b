//! A result folder is complete or the old one is untouched: it is built in a staging folder
//! beside its target and renamed into place at the end, while a lock keeps a second run out
//! of the same target. What a killed run leaves behind (its staging folder, a stale lock) is
//! removed by the next run into that target.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::interrupt;

/// The lock of one target folder: `.NAME.lock` beside it, holding the holder's pid. Released
/// when dropped.
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock of `target`, taking over one whose holder is no longer running.
    pub fn take(target: &Path) -> Result<Lock, Error> {
        let path = beside(target, "lock");
        for _ in 0..2 {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    write!(f, "{}", std::process::id()).map_err(Error::write(&path))?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    if let Some(pid) = holder.filter(|&pid| alive(pid)) {
                        return Err(Error::Usage(format!(
                            "`{}` is being written by another coexist (pid {pid}); wait for it, or write elsewhere",
                            target.display()
                        )));
                    }
                    // A stale lock: its holder died without releasing it.
                    let _ = fs::remove_file(&path);
                }
                Err(e) => return Err(Error::Write { path, source: e }),
            }
        }
        Err(Error::Usage(format!(
            "`{}` is locked by `{}`, which cannot be taken over",
            target.display(),
            path.display()
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether process `pid` is running (where `/proc` tells; elsewhere a lock is never stale).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// `dir/.NAME.<what>` for the target `dir/NAME`.
fn beside(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{what}"))
}

/// A folder being built for `target`; [`Staging::commit`] puts it in the target's place.
/// Dropped uncommitted (an error, Ctrl-C), it is removed and the target stays as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    _lock: Lock,
}

impl Staging {
    /// Locks `target` and makes its staging folder beside it, first removing what killed runs
    /// into the same target left.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        super::files::create_dir(parent)?;
        // Only a result is replaced whole: a folder of other files (an `--out` pointing at the
        // wrong place, even under --force) is left alone, and that is said before anything runs.
        let is_result =
            |d: &Path| fs::read_dir(d).is_ok_and(|mut e| e.next().is_none()) || d.join("manifest.json").is_file();
        if target.exists() && !is_result(target) {
            return Err(Error::BadResults {
                path: target.to_path_buf(),
                message: "holds files but no manifest.json: it is not a result folder, so it is not replaced".into(),
            });
        }
        let lock = Lock::take(target)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let leftover = [format!(".{name}.staging-"), format!(".{name}.old-")];
        for entry in fs::read_dir(parent).map_err(Error::write(parent))?.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if leftover.iter().any(|p| file.starts_with(p.as_str())) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(&leftover[0])
            .tempdir_in(parent)
            .map_err(Error::write(target))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            _lock: lock,
        })
    }

    /// Where the folder is built.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the finished folder in its target's place, replacing what was there; refused if a
    /// stop was asked for, so that Ctrl-C at any phase leaves the old result.
    pub fn commit(self) -> Result<PathBuf, Error> {
        if interrupt::requested() {
            return Err(Error::Interrupted);
        }
        let old = self.target.exists().then(|| {
            let name = self
                .target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.target
                .with_file_name(format!(".{name}.old-{}", std::process::id()))
        });
        if let Some(old) = &old {
            fs::rename(&self.target, old).map_err(Error::write(&self.target))?;
        }
        let built = self.dir.keep();
        if let Err(e) = fs::rename(&built, &self.target) {
            // Put the old result back rather than leave the target empty.
            if let Some(old) = &old {
                let _ = fs::rename(old, &self.target);
            }
            let _ = fs::remove_dir_all(&built);
            return Err(Error::Write {
                path: self.target.clone(),
                source: e,
            });
        }
        if let Some(old) = old {
            let _ = fs::remove_dir_all(old);
        }
        Ok(self.target.clone())
    }
}

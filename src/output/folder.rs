//! A result folder is complete or the old one is untouched: it is built in a staging folder
//! beside its target and renamed into place at the end, while a lock keeps a second run out
//! of the same target. What a killed run leaves behind (its staging folder, a stale lock) is
//! removed by the next run into that target; a sweep's staging folder is kept instead, so
//! that the next run resumes it.

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
    target.with_file_name(format!(".{}.{what}", file_name(target)))
}

/// Where a staging folder lives: a temporary one goes when dropped uncommitted; a kept one
/// (a sweep's) stays for the next run to resume.
enum Dir {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

/// How a staging folder's work reaches its target.
enum Placement {
    /// The folder replaces the target whole.
    Whole,
    /// Each entry replaces its namesake in the target, which keeps what else it holds.
    Entries,
}

/// A folder being built for `target`; [`Staging::finish`] puts it in the target's place.
/// Dropped uncommitted (an error, Ctrl-C), a temporary staging folder is removed and the
/// target stays as it was.
pub struct Staging {
    dir: Dir,
    target: PathBuf,
    placement: Placement,
    _lock: Lock,
}

impl Staging {
    /// Locks `target` and makes its staging folder beside it, first removing what killed runs
    /// into the same target left. `recorded` is the file a result of this kind records its
    /// identity in (`manifest.json`, `compare.json`, `sweep.json`).
    pub fn new(target: &Path, recorded: &str) -> Result<Staging, Error> {
        let lock = Self::lock(target, Some(recorded))?;
        Self::temporary(target, lock, Placement::Whole)
    }

    /// Like [`Staging::new`] for files that join a folder holding others (a merge into the
    /// folder of its shards): each replaces its namesake at the end, the rest stays.
    pub fn entries(target: &Path) -> Result<Staging, Error> {
        let lock = Self::lock(target, None)?;
        Self::temporary(target, lock, Placement::Entries)
    }

    fn temporary(target: &Path, lock: Lock, placement: Placement) -> Result<Staging, Error> {
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.staging-", file_name(target)))
            .tempdir_in(parent_of(target))
            .map_err(Error::write(target))?;
        Ok(Staging {
            dir: Dir::Temp(dir),
            target: target.to_path_buf(),
            placement,
            _lock: lock,
        })
    }

    /// Like [`Staging::new`], but the folder, `.NAME.partial` beside the target, outlives an
    /// interruption: the next run into the same target finds what this one finished.
    pub fn resumable(target: &Path, recorded: &str) -> Result<Staging, Error> {
        let lock = Self::lock(target, Some(recorded))?;
        let dir = Self::resumable_path(target);
        super::files::create_dir(&dir)?;
        Ok(Staging {
            dir: Dir::Kept(dir),
            target: target.to_path_buf(),
            placement: Placement::Whole,
            _lock: lock,
        })
    }

    /// Where [`Staging::resumable`] builds the folder for `target`.
    pub fn resumable_path(target: &Path) -> PathBuf {
        beside(target, "partial")
    }

    /// Refuses a target to be replaced whole that is not a result (one without its `recorded`
    /// file), takes its lock and clears killed runs' leftovers.
    fn lock(target: &Path, recorded: Option<&str>) -> Result<Lock, Error> {
        let parent = parent_of(target);
        super::files::create_dir(parent)?;
        // Only a result is replaced whole: a folder of other files (an `--out` pointing at the
        // wrong place, even under --force) is left alone, and that is said before anything runs.
        let is_result = |d: &Path, recorded: &str| {
            fs::read_dir(d).is_ok_and(|mut e| e.next().is_none()) || d.join(recorded).is_file()
        };
        if let Some(recorded) = recorded
            && target.exists()
            && !is_result(target, recorded)
        {
            return Err(Error::BadResults {
                path: target.to_path_buf(),
                message: format!("holds files but no {recorded}: it is not a result folder, so it is not replaced"),
            });
        }
        let lock = Lock::take(target)?;
        let name = file_name(target);
        let leftover = [format!(".{name}.staging-"), format!(".{name}.old-")];
        for entry in fs::read_dir(parent).map_err(Error::write(parent))?.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if leftover.iter().any(|p| file.starts_with(p.as_str())) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        Ok(lock)
    }

    /// Where the folder is built.
    pub fn path(&self) -> &Path {
        match &self.dir {
            Dir::Temp(t) => t.path(),
            Dir::Kept(p) => p,
        }
    }

    /// Puts the folder in its target's place if it was `built`; otherwise returns the error
    /// with any path inside the staging folder named as the path it would have had in the
    /// target, which is the one a user knows, and leaves the target as it was.
    pub fn finish(self, built: Result<(), Error>) -> Result<PathBuf, Error> {
        self.relocate(built)?;
        self.commit()
    }

    fn relocate(&self, built: Result<(), Error>) -> Result<(), Error> {
        let moved = |path: PathBuf| match path.strip_prefix(self.path()) {
            Ok(rest) => self.target.join(rest),
            Err(_) => path,
        };
        built.map_err(|e| match e {
            Error::Write { path, source } => Error::Write {
                path: moved(path),
                source,
            },
            Error::Read { path, source } => Error::Read {
                path: moved(path),
                source,
            },
            Error::Plot { path, message } => Error::Plot {
                path: moved(path),
                message,
            },
            other => other,
        })
    }

    /// Puts the finished folder in its target's place, replacing what was there; refused if a
    /// stop was asked for, so that Ctrl-C at any phase leaves the old result.
    fn commit(self) -> Result<PathBuf, Error> {
        if interrupt::requested() {
            return Err(Error::Interrupted);
        }
        if let Placement::Entries = self.placement {
            return self.commit_entries();
        }
        let old = self.target.exists().then(|| {
            self.target
                .with_file_name(format!(".{}.old-{}", file_name(&self.target), std::process::id()))
        });
        if let Some(old) = &old {
            fs::rename(&self.target, old).map_err(Error::write(&self.target))?;
        }
        let built = match self.dir {
            Dir::Temp(t) => t.keep(),
            Dir::Kept(p) => p,
        };
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

impl Staging {
    /// Moves each staged entry over its namesake in the target: a file by one rename, a
    /// folder (`charts/`) by moving the old one aside first.
    fn commit_entries(self) -> Result<PathBuf, Error> {
        super::files::create_dir(&self.target)?;
        let entries = fs::read_dir(self.path()).map_err(Error::write(self.path()))?;
        for entry in entries {
            let entry = entry.map_err(Error::write(self.path()))?;
            let to = self.target.join(entry.file_name());
            if to.is_dir() {
                let aside = beside(&to, &format!("old-{}", std::process::id()));
                fs::rename(&to, &aside).map_err(Error::write(&to))?;
                fs::rename(entry.path(), &to).map_err(Error::write(&to))?;
                let _ = fs::remove_dir_all(aside);
            } else {
                fs::rename(entry.path(), &to).map_err(Error::write(&to))?;
            }
        }
        Ok(self.target.clone())
    }
}

fn file_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

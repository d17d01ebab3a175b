//! Output files are complete or absent: each is written under a temporary name in its
//! own folder and renamed into place only once fully written and synced.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::Error;

/// A file being written; it appears under its real name only on [`AtomicFile::commit`].
/// Its temporary file is created exclusively under a random name beside it (never through a
/// link planted in advance), and removed whenever it is not committed, on error paths too.
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempfile_in(dir)
            .map_err(failed(&path))?;
        Ok(Self {
            path,
            writer: BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.writer.write_all(bytes).map_err(failed(&self.path))
    }

    /// Flushes, syncs and renames the file into place; on failure the temporary file goes.
    pub fn commit(self) -> Result<(), Error> {
        let path = self.path;
        let tmp = self.writer.into_inner().map_err(|e| failed(&path)(e.into_error()))?;
        tmp.as_file().sync_data().map_err(failed(&path))?;
        tmp.persist(&path).map_err(|e| failed(&path)(e.error))?;
        Ok(())
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.writer.write(bytes).map_err(without_temporary_name)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush().map_err(without_temporary_name)
    }
}

/// A failed write of the file at `path`, told without the temporary file's name that the
/// `tempfile` crate appends to its errors: the user is told of the file they asked for.
fn failed(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |e| Error::Write {
        path,
        source: without_temporary_name(e),
    }
}

fn without_temporary_name(e: std::io::Error) -> std::io::Error {
    use std::io::ErrorKind::*;
    match e.kind() {
        kind @ (StorageFull | QuotaExceeded | FileTooLarge | PermissionDenied | ReadOnlyFilesystem | NotFound) => {
            kind.into()
        }
        _ => e,
    }
}

/// Writes a whole file atomically.
pub fn write(path: impl Into<PathBuf>, bytes: &[u8]) -> Result<(), Error> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Creates a folder and its parents, as an output error if it cannot.
pub fn create_dir(path: &Path) -> Result<(), Error> {
    fs::create_dir_all(path).map_err(Error::write(path))
}
